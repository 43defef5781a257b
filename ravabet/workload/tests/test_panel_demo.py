from __future__ import annotations

import pytest

from ravabet.workload import demo
from ravabet.workload.models import Entry, WorkMonth

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_the_month_waiting_and_the_office_s_status(
    client_for, rudsar_reporter, rudsar_head, month, covered
) -> None:
    from ravabet.workload import actions

    actions.draft_month(month)
    page = client_for(rudsar_reporter).get("/office/m/rudsar/").content.decode()
    assert 'data-panel="workload"' in page
    assert 'data-testid="workload-waiting"' in page and month.get_absolute_url() in page
    head = client_for(rudsar_head).get("/office/m/rudsar/").content.decode()
    assert 'data-testid="workload-office-status"' in head
    assert 'data-testid="workload-waiting"' not in head  # not the reporter's month


def test_the_network_dashboard_links_to_the_aggregate(client_for, observer) -> None:
    page = client_for(observer).get("/office/n/east-gilan/").content.decode()
    assert "/office/n/east-gilan/workload/" in page


def test_the_demo_drafts_the_rudsar_reporter_s_month_once(db) -> None:
    from ravabet.network import demo as network_demo

    network_demo.load()  # the people; the workload demo records the rest it needs
    demo.load()
    month = WorkMonth.objects.get(person__username="rudsar-reporter", confirmed_at__isnull=True)
    kinds = set(month.entries.values_list("kind", flat=True))
    assert {"news", "coverage"} <= kinds
    count = Entry.objects.count()
    assert demo.load() == ["Demo workload: already loaded."]
    assert Entry.objects.count() == count
