"""The dashboard's events card shows the coming occasions, with "plan for it" on those
that matter to PR, in a number of queries that does not depend on the calendar's rows."""

from __future__ import annotations

import datetime as dt

import jdatetime
import pytest

from ravabet.office.tests.panel_queries import render_part
from ravabet.officialcalendar import panel as occasions_panel

JOURNALIST_DAY = jdatetime.date(1405, 5, 17).togregorian()


@pytest.fixture
def a_week_before_journalist_day(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        occasions_panel.timezone, "localdate", lambda: JOURNALIST_DAY - dt.timedelta(days=7)
    )


def test_the_card_lists_journalist_day_with_plan_for_it(
    a_week_before_journalist_day, rudsar_head, rudsar
):
    queries, html = render_part("officialcalendar", rudsar_head, rudsar)
    assert 'data-testid="occasions-panel"' in html
    assert "روز خبرنگار" in html
    link = f"/office/m/rudsar/events/new/?date={JOURNALIST_DAY.isoformat()}"
    assert link in html.replace("&amp;", "&")
    assert queries <= 3


def test_the_card_is_on_the_dashboard_and_for_the_network(
    a_week_before_journalist_day, client_for, rudsar_head, lahijan_head, east_gilan
):
    page = client_for(rudsar_head).get("/office/m/rudsar/").content.decode()
    assert 'data-testid="occasions-panel"' in page
    _queries, html = render_part("officialcalendar", lahijan_head, east_gilan)
    assert "روز خبرنگار" in html and 'data-testid="plan-for-it"' not in html
