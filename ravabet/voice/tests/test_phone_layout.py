"""Issue 11, defect 3.12: the inbox on a 390 px phone shows each message's status and
deadline, nothing scrolls sideways, and buttons keep apart."""

from __future__ import annotations

import pytest

from ravabet.conftest import screenshot
from ravabet.core.tests.layout import PHONE, log_in, on_screen, sideways_overflow, touching_buttons

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_inbox_shows_status_and_deadline_on_a_phone(
    page, transactional_db, rudsar, rudsar_head, make_message, language
):
    for _ in range(3):
        make_message(rudsar)
    page.set_viewport_size(PHONE)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base}])
    log_in(page, "rudsar-head")
    page.goto(page.base + "/office/m/rudsar/voice/")
    assert sideways_overflow(page) == 0
    status = page.locator('[data-testid="inbox"] [data-testid="status"]').first
    due = page.locator('[data-testid="inbox"] [data-testid="due"]').first
    assert on_screen(page, status)
    assert on_screen(page, due)
    assert due.locator(".date").evaluate("e => e.getClientRects().length") == 1
    assert touching_buttons(page) == []
    screenshot(page, f"inbox-phone-{language}")
    assert page.console_errors == []


def test_category_rows_of_the_settings_page_line_up(page, transactional_db, rudsar, rudsar_head):
    log_in(page, "rudsar-head")
    page.goto(page.base + "/office/m/rudsar/voice/settings/")
    rows = page.locator(".voice-category")
    assert rows.count() > 3
    # Each row's fields and button, left edge and width: the same in every row.
    columns = rows.evaluate_all(
        """rows => rows.map(row =>
            [...row.querySelectorAll(":scope > .field, :scope > .button")].map(e => {
                const r = e.getBoundingClientRect();
                return [Math.round(r.x), Math.round(r.width)];
            }))"""
    )
    assert len(columns[0]) >= 3
    assert all(row == columns[0] for row in columns), columns
