"""A real browser (Debian's chromium, driven by Playwright) walks the Persian dashboard."""

from __future__ import annotations

import re

import pytest

from ravabet.conftest import PASSWORD, screenshot

PERSIAN_DIGIT = re.compile("[۰-۹]")
LATIN_DIGIT = re.compile("[0-9]")

pytestmark = pytest.mark.browser


def test_rudsar_pr_head_sees_a_persian_rtl_dashboard_and_switches_language(
    page, transactional_db, rudsar_head, rudsar_services, lahijan_head
):
    page.goto(page.base + "/login/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("input[name=username]", "rudsar-head")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/office/m/rudsar/$"))

    html = page.locator("html")
    assert html.get_attribute("lang") == "fa"
    assert html.get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    today = page.get_by_test_id("today").inner_text()
    assert PERSIAN_DIGIT.search(today), today
    assert not LATIN_DIGIT.search(today), today
    assert page.get_by_role("heading", name="روابط عمومی شهرداری رودسر").is_visible()
    assert page.locator("[data-panel]").count() == 9
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")
    screenshot(page, "dashboard-fa")

    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state()
    assert html.get_attribute("lang") == "en"
    assert html.get_attribute("dir") == "ltr"
    today = page.get_by_test_id("today").inner_text()
    assert today.startswith("Today")
    assert LATIN_DIGIT.search(today), today
    assert page.get_by_role("heading", name="Rudsar PR office").is_visible()
    screenshot(page, "dashboard-en")

    page.get_by_test_id("lang-fa").click()
    page.wait_for_load_state()
    assert html.get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", name="روابط عمومی شهرداری رودسر").is_visible()

    assert page.console_errors == []


def test_a_phone_sized_search_with_a_typed_jalali_date(page, transactional_db, east_gilan):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base + "/search/?q=رودسر&date_from=۱۴۰۵/۱۳/۴۰")
    assert "ماه باید بین ۱ و ۱۲ باشد" in page.locator("main").inner_text()
    # The layout fits the phone: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # As a person clears it: into the field, select all of it, delete.
    page.focus("input[name=date_from]")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    assert page.input_value("input[name=date_from]") == ""
    page.keyboard.press("Escape")  # closes the date picker the field opened
    page.fill("input[name=q]", "رودسر")
    page.press("input[name=q]", "Enter")
    page.locator(".result").first.wait_for()
    assert "رودسر" in page.locator("#results").inner_text()
    screenshot(page, "search-phone-fa")
    assert page.console_errors == []


@pytest.mark.public_cache
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_anonymous_visitor_switches_language_on_a_page_from_the_cache(
    browser, live_server, transactional_db, east_gilan, rudsar_head, javascript
):
    url = live_server.url + f"/n/{east_gilan.slug}/"
    context = browser.new_context(java_script_enabled=javascript)
    try:
        someone_else = browser.new_context()
        someone_else.new_page().goto(url)  # drew the page: it is kept
        someone_else.close()
        page = context.new_page()
        response = page.goto(url)
        assert response is not None and response.headers.get("x-ravabet-cache") == "hit"
        html = page.locator("html")
        assert html.get_attribute("lang") == "fa"

        page.get_by_test_id("lang-en").click()
        page.wait_for_url(url)
        assert html.get_attribute("lang") == "en" and html.get_attribute("dir") == "ltr"
        page.get_by_test_id("lang-fa").click()
        page.wait_for_url(url)
        assert html.get_attribute("lang") == "fa" and html.get_attribute("dir") == "rtl"

        # Signed in, on the same address: the page drawn for them, the switch still works.
        page.goto(live_server.url + "/login/")
        page.fill("input[name=username]", "rudsar-head")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/office/"))
        response = page.goto(url)
        assert response is not None and "x-ravabet-cache" not in response.headers
        page.get_by_test_id("lang-en").click()
        page.wait_for_url(url)
        assert html.get_attribute("lang") == "en"
        assert page.get_by_role("button", name="Log out").is_visible()  # still signed in
    finally:
        context.close()
