"""A real browser (Debian's chromium, driven by Playwright) walks the Persian dashboard.

Without /usr/bin/chromium these tests are skipped with a reason; under CI
(RAVABET_REQUIRE_BROWSER=1) a missing browser is a failure instead.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ravabet.conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
PERSIAN_DIGIT = re.compile("[۰-۹]")
LATIN_DIGIT = re.compile("[0-9]")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("RAVABET_REQUIRE_BROWSER") == "1":
            pytest.fail("CI requires the browser tests, but /usr/bin/chromium is not installed.")
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the live server's ORM
    # calls happen in its own thread, and fixtures finish before the loop starts.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            page.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.base = live_server.url
    yield page
    context.close()


def _screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("RAVABET_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


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
    assert page.locator("[data-panel]").count() == 7
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")
    _screenshot(page, "dashboard-fa")

    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state()
    assert html.get_attribute("lang") == "en"
    assert html.get_attribute("dir") == "ltr"
    today = page.get_by_test_id("today").inner_text()
    assert today.startswith("Today")
    assert LATIN_DIGIT.search(today), today
    assert page.get_by_role("heading", name="Rudsar PR office").is_visible()
    _screenshot(page, "dashboard-en")

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
    page.fill("input[name=date_from]", "")
    page.keyboard.press("Escape")  # closes the date picker the field opened
    page.fill("input[name=q]", "رودسر")
    page.press("input[name=q]", "Enter")
    page.locator(".result").first.wait_for()
    assert "رودسر" in page.locator("#results").inner_text()
    _screenshot(page, "search-phone-fa")
    assert page.console_errors == []
