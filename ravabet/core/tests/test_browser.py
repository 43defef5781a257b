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
