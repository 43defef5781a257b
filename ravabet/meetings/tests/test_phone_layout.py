"""Issue 11, defect 3.12: the resolution board and the meetings list on a 390 px phone."""

from __future__ import annotations

import pytest

from ravabet.conftest import screenshot
from ravabet.core.tests.layout import PHONE, log_in, on_screen, sideways_overflow, touching_buttons

pytestmark = pytest.mark.browser


def test_the_resolution_board_fits_a_phone(page, transactional_db, held, kelachay):
    page.set_viewport_size(PHONE)
    log_in(page, "lahijan-head")
    page.goto(page.base + "/office/meetings/n/east-gilan/board/")
    assert sideways_overflow(page) == 0
    row = page.locator('[data-testid="board-resolutions"] tbody tr').first
    for cell in (row.locator("td").nth(1), row.locator("td").nth(2), row.locator("td").nth(3)):
        assert on_screen(page, cell), cell.inner_text()
    # A date stays on one line.
    date = row.locator(".date")
    assert date.evaluate("e => e.getClientRects().length") == 1
    assert touching_buttons(page) == []
    screenshot(page, "board-phone-fa")
    assert page.console_errors == []


def test_buttons_of_the_meetings_list_keep_apart_on_a_phone(page, transactional_db, held):
    page.set_viewport_size(PHONE)
    log_in(page, "lahijan-head")
    page.goto(page.base + "/office/meetings/n/east-gilan/")
    assert sideways_overflow(page) == 0
    assert touching_buttons(page) == []
