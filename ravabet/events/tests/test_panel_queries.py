"""The events list, the feeds and the dashboard part take the same number of queries for
N events and their tasks as for 3N."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ravabet.events.access import feed_token
from ravabet.events.panel import panel
from ravabet.events.tests.conftest import make_event

N = 4


def add_events(place, by, count: int, start: int = 0) -> None:  # type: ignore[no-untyped-def]
    for n in range(count):
        day = timezone.localdate() + dt.timedelta(days=3 + 2 * (start + n))
        make_event(place, by, day=day, title=f"رویداد {start + n}")


def counted(call) -> int:  # type: ignore[no-untyped-def]
    reset_queries()  # each request clears the log: count from an empty one
    with CaptureQueriesContext(connection) as queries:
        response = call()
    if hasattr(response, "status_code"):
        assert response.status_code == 200
    return len(queries)


def test_list_feeds_and_panel_do_not_grow_with_events(
    client, client_for, rudsar, rudsar_head, east_gilan, lahijan_head
):
    add_events(rudsar, rudsar_head, N)
    add_events(east_gilan, lahijan_head, N)
    office = client_for(rudsar_head)
    feed = reverse("events:staff_feed", args=[feed_token(rudsar_head, rudsar)])

    def built(url: str):  # type: ignore[no-untyped-def]
        """A feed built from nothing cached (as after any edit), the same in both rounds."""
        cache.clear()
        return client.get(url)

    calls = {
        "list": lambda: office.get("/office/m/rudsar/events/"),
        "network list": lambda: client_for(lahijan_head).get("/office/n/east-gilan/events/"),
        "ics": lambda: built("/m/rudsar/events.ics"),
        "network ics": lambda: built("/n/east-gilan/events.ics"),
        "public page": lambda: client.get("/m/rudsar/events/"),
        "staff feed": lambda: built(feed),
        "staff feed, cached": lambda: client.get(feed),
        "panel": lambda: panel(rudsar_head, rudsar),
        "network panel": lambda: panel(lahijan_head, east_gilan),
        "dashboard": lambda: office.get("/office/m/rudsar/"),
    }
    before = {name: counted(call) for name, call in calls.items()}
    add_events(rudsar, rudsar_head, 2 * N, start=N)
    add_events(east_gilan, lahijan_head, 2 * N, start=N)
    after = {name: counted(call) for name, call in calls.items()}
    assert after == before
    assert all(count > 0 for count in before.values()), before
    data = panel(rudsar_head, rudsar)
    assert len(data["events"]) == 5
