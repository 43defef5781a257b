"""Issue 11, defects 3.8 and 3.9: the Jalali date picker follows the page's language:
Persian digits filled into Persian pages (and read back by the server), Latin digits and
Jalali months in English on English pages."""

from __future__ import annotations

import re

import pytest

from ravabet.conftest import screenshot

pytestmark = pytest.mark.browser

PERSIAN_DATE = re.compile(r"^[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}$")
LATIN_DATE = re.compile(r"^[0-9]{4}/[0-9]{2}/[0-9]{2}$")


def pick_a_day(page) -> str:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/search/?q=رودسر")
    page.locator("details.filters summary").click()
    page.locator("input[name=date_from]").click()
    page.locator(".jdp-day:not(.not-in-month):not(.disabled-day)").nth(2).click()
    page.locator("main h1").click()  # leaves the field
    return page.locator("input[name=date_from]").input_value()


def test_the_picker_fills_persian_digits_on_persian_pages(page, transactional_db, east_gilan):
    value = pick_a_day(page)
    assert PERSIAN_DATE.match(value), value
    # Opened again, the picker still knows the chosen day.
    page.locator("input[name=date_from]").click()
    assert page.locator(".jdp-day.selected").count() == 1
    page.keyboard.press("Escape")
    page.locator("main h1").click()
    page.fill("input[name=q]", "رودسر")
    page.press("input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"date_from="))
    main = page.locator("main").inner_text()
    assert "تاریخ معتبر" not in main  # the server read the Persian digits
    assert page.locator("input[name=date_from]").input_value() == value
    screenshot(page, "date-picker-fa")
    assert page.console_errors == []


def test_the_picker_speaks_english_on_english_pages(page, transactional_db, east_gilan):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.base}])
    page.goto(page.base + "/search/?q=Rudsar")
    page.locator("details.filters summary").click()
    page.locator("input[name=date_from]").click()
    months = page.locator(".jdp-months select option").all_inner_texts()
    assert "Farvardin" in months and "Esfand" in months
    days = page.locator(".jdp-day-name").all_inner_texts()
    assert days[0] == "Sa"
    footer = page.locator(".jdp-footer").inner_text()
    assert "Today" in footer and "امروز" not in footer
    assert not re.search(r"[۰-۹]", page.locator("jdp-container").inner_text())
    page.locator(".jdp-day:not(.not-in-month):not(.disabled-day)").nth(2).click()
    page.locator("main h1").click()
    assert LATIN_DATE.match(page.locator("input[name=date_from]").input_value())
    screenshot(page, "date-picker-en")
    assert page.console_errors == []


def test_a_field_reached_with_tab_opens_on_its_own_month(page, transactional_db, east_gilan):
    """Issue 11: on a Persian page a date field reached with the keyboard (no pointer)
    opened the picker on today's month, because the picker could not read Persian digits."""
    page.goto(page.base + "/search/?q=رودسر&date_from=۱۴۰۳/۰۲/۱۵")
    assert page.locator("details.filters").get_attribute("open") is not None
    field = page.locator("input[name=date_from]")
    assert field.input_value() == "۱۴۰۳/۰۲/۱۵"
    page.locator("select[name=kind]").focus()
    page.keyboard.press("Tab")
    assert field.evaluate("el => el === document.activeElement")
    page.locator("jdp-container .jdp-days").wait_for()
    assert page.locator(".jdp-months select").input_value() == "2"
    assert page.locator(".jdp-year input, .jdp-year select").first.input_value() == "1403"
    assert page.locator(".jdp-day.selected").inner_text() == "۱۵"
    page.keyboard.press("Escape")
    page.locator("main h1").click()
    assert field.input_value() == "۱۴۰۳/۰۲/۱۵"  # Persian digits again once left
    assert page.console_errors == []
