"""Issue 11, defect 3.8: on English pages Persian titles and text keep their own direction,
the byline's names and dates are isolated, and places are named in English."""

from __future__ import annotations

import pytest

from ravabet.conftest import screenshot
from ravabet.core.tests.layout import log_in

from .conftest import make_item

pytestmark = pytest.mark.browser


def test_a_persian_item_on_an_english_page_reads_right_to_left(
    page, transactional_db, rudsar, rudsar_reporter, rudsar_head
):
    item = make_item(rudsar, rudsar_reporter)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.base}])
    log_in(page, "rudsar-head")
    page.goto(page.base + item.get_office_url())
    assert page.locator("html").get_attribute("dir") == "ltr"
    title = page.locator("main h1")
    assert title.get_attribute("dir") in {"auto", "rtl"}
    assert title.evaluate("e => getComputedStyle(e).direction") == "rtl"
    for selector in (".news-lead", ".news-body"):
        block = page.locator(selector)
        assert block.evaluate("e => getComputedStyle(e).direction") == "rtl", selector
    byline = page.get_by_test_id("byline")
    assert byline.inner_text().startswith("Written by")
    isolated = byline.locator("bdi").all_inner_texts()
    assert "نگار صفری" in isolated
    assert any("1405" in text or "1404" in text for text in isolated), isolated
    screenshot(page, "item-en")
    assert page.console_errors == []


def test_the_board_names_members_in_english_on_english_pages(
    page, transactional_db, rudsar, rudsar_head, lahijan_head, east_gilan
):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.base}])
    log_in(page, "lahijan-head")
    page.goto(page.base + "/office/meetings/n/east-gilan/board/")
    members = page.get_by_test_id("by-member").inner_text()
    assert "Rudsar" in members and "Lahijan" in members
    assert "رودسر" not in members
