"""The occasions calendar in a real browser: next month, Journalist Day; a phone gets the list."""

from __future__ import annotations

import re

import pytest

from ravabet.conftest import screenshot

pytestmark = pytest.mark.browser

NO_OVERFLOW = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def test_next_month_shows_journalist_day_and_a_phone_gets_the_list(page, transactional_db) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/calendar/1405/4/")
    assert page.get_by_test_id("month-title").inner_text() == "تیر ۱۴۰۵"
    screenshot(page, "occasions-month-fa-1280")
    page.get_by_test_id("next-month").click()
    page.wait_for_url(re.compile(r"/calendar/1405/5/$"))
    assert page.get_by_test_id("month-title").inner_text() == "مرداد ۱۴۰۵"
    journalist = page.locator("td.occ-cell.pr", has_text="روز خبرنگار")
    assert journalist.count() == 1 and journalist.is_visible()
    assert "۱۷" in journalist.locator(".occ-num").inner_text()
    # Holidays are red, Fridays shaded: the browser computes different backgrounds.
    holiday = page.locator("td.occ-cell.holiday").first
    friday = page.locator("td.occ-cell.friday:not(.holiday)").first
    plain = page.locator("td.occ-cell:not(.friday):not(.holiday):not(.empty)").first
    colours = {
        cell.evaluate("e => getComputedStyle(e).backgroundColor")
        for cell in (holiday, friday, plain)
    }
    assert len(colours) == 3
    assert page.evaluate(NO_OVERFLOW)
    assert not page.console_errors

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert not page.locator("table.occ-grid").is_visible()
    listing = page.get_by_test_id("occasion-list")
    assert listing.is_visible()
    assert listing.locator("li.occ-day.pr", has_text="روز خبرنگار").is_visible()
    assert page.evaluate(NO_OVERFLOW)
    screenshot(page, "occasions-month-fa-390")
    page.goto(page.base + "/calendar/1405/5/list/")
    assert page.evaluate(NO_OVERFLOW)
    screenshot(page, "occasions-list-fa-390")
    page.goto(page.base + "/calendar/1405/")
    assert page.get_by_test_id("year-grid").is_visible()
    assert page.evaluate(NO_OVERFLOW)
    screenshot(page, "occasions-year-fa-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    screenshot(page, "occasions-year-fa-1280")
    page.goto(page.base + "/calendar/1405/5/list/")
    screenshot(page, "occasions-list-fa-1280")

    # English: left to right, Latin digits, the Jalali months transliterated.
    page.goto(page.base + "/calendar/1405/5/")
    page.get_by_test_id("lang-en").click()
    page.wait_for_url(re.compile(r"/calendar/1405/5/$"))
    assert page.get_by_test_id("month-title").inner_text() == "Mordad 1405"
    assert page.evaluate("document.documentElement.dir") == "ltr"
    screenshot(page, "occasions-month-en-1280")
    page.goto(page.base + "/calendar/1405/")
    screenshot(page, "occasions-year-en-1280")
    page.goto(page.base + "/calendar/1405/5/list/")
    screenshot(page, "occasions-list-en-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    for path, name in (
        ("/calendar/1405/5/", "occasions-month-en-390"),
        ("/calendar/1405/5/list/", "occasions-list-en-390"),
        ("/calendar/1405/", "occasions-year-en-390"),
    ):
        page.goto(page.base + path)
        assert page.evaluate(NO_OVERFLOW), path
        screenshot(page, name)
