"""The dashboard card shows each role what concerns it, in queries flat with members."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ravabet.conftest import make_municipality
from ravabet.diagnosis import actions
from ravabet.diagnosis.panel import panel
from ravabet.lib.jalali import JalaliQuarter

pytestmark = pytest.mark.django_db


def test_each_role_sees_its_own_card(
    client_for, east_gilan, lahijan_head, rudsar_head, rudsar, observer, last_quarter
):
    round_ = actions.open_round(east_gilan, JalaliQuarter.current(), lahijan_head)
    actions.raise_problem(east_gilan, rudsar, rudsar_head, category="budget", title="کمبود بودجه")
    member = client_for(rudsar_head).get("/office/m/rudsar/").content.decode()
    assert f"/office/diagnosis/rounds/{round_.pk}/answer/" in member
    assert "کمبود بودجه" in member
    secretariat = client_for(lahijan_head).get("/office/n/east-gilan/").content.decode()
    assert 'data-testid="round-progress"' in secretariat and 'data-testid="to-issue"' in secretariat
    watcher = client_for(observer).get("/office/n/east-gilan/").content.decode()
    assert 'data-testid="round-progress"' not in watcher
    report = actions.issue_report(east_gilan, last_quarter, lahijan_head, narrative="گزارش")
    watcher = client_for(observer).get("/office/n/east-gilan/").content.decode()
    assert report.get_absolute_url() in watcher
    secretariat = client_for(lahijan_head).get("/office/n/east-gilan/").content.decode()
    assert 'data-testid="to-issue"' not in secretariat


def test_the_network_card_is_flat_in_members(east_gilan, lahijan_head):
    actions.open_round(east_gilan, JalaliQuarter.current(), lahijan_head)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            panel(lahijan_head, east_gilan)
        return len(captured)

    count()  # the user's memberships, read once and kept for the request
    few = count()
    east_gilan.members.add(*[make_municipality(f"t{i}", f"شهر {i}", "", "x") for i in range(8)])
    assert count() == few
