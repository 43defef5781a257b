"""The resolution board and the meetings lists show a page at a time, counted and drawn
in the same number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ravabet.lib.jalali import JalaliQuarter
from ravabet.meetings.models import Meeting, OwnerKind, Resolution, ResolutionStatus

BOARD = "/office/meetings/n/east-gilan/board/"
SECRETARIAT = "دبیرخانه"
NETWORK_LIST = "/office/meetings/n/east-gilan/"
RUDSAR_LIST = "/office/meetings/m/rudsar/"


def add_resolutions(meeting: Meeting, rudsar, n: int, first: int = 0) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    Resolution.objects.bulk_create(
        Resolution(
            meeting=meeting,
            text=f"مصوبه {i}",
            owner_kind=OwnerKind.MUNICIPALITY if i % 2 else OwnerKind.SECRETARIAT,
            owner_municipality=rudsar if i % 2 else None,
            deadline=today + dt.timedelta(days=i),
            status=ResolutionStatus.DONE if i % 3 == 0 else ResolutionStatus.OPEN,
        )
        for i in range(first, first + n)
    )


def add_meetings(east_gilan, rudsar, n: int) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    quarter = JalaliQuarter.current()
    for owner in ({"network": east_gilan}, {"municipality": rudsar}):
        Meeting.objects.bulk_create(
            Meeting(
                **owner,
                title=f"نشست {i}",
                starts_at=now - dt.timedelta(days=i + 1),
                quarter_year=quarter.year,
                quarter_number=quarter.number,
            )
            for i in range(n)
        )


def queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_board_lists_a_page_and_counts_every_resolution(client_for, observer, held, rudsar):
    Resolution.objects.filter(meeting=held).delete()
    add_resolutions(held, rudsar, 65)
    client = client_for(observer)
    first = client.get(BOARD)
    assert len(first.context["page"]) == 30
    # Open ones first, by deadline, then the closed: every third one is done.
    order = sorted(range(65), key=lambda i: (i % 3 == 0, i))
    assert [r.text for r in first.context["page"]] == [f"مصوبه {i}" for i in order[:30]]
    assert 'href="?page=2"' in first.content.decode()
    # The table by member counts all 65, not the page's 30.
    rows = {row.name: row for row in first.context["board"].members}
    assert rows["رودسر"].total == 32
    assert rows["رودسر"].done == len([i for i in range(65) if i % 2 and i % 3 == 0])
    assert rows[SECRETARIAT].total == 33
    quarters = first.context["board"].quarters
    assert (
        sum(
            row.quarters[q.label][1]
            for row in rows.values()
            for q in quarters
            if q.label in row.quarters
        )
        == 65
    )
    third = client.get(BOARD, {"page": "3"})
    assert [r.text for r in third.context["page"]] == [f"مصوبه {i}" for i in order[60:]]
    assert "صفحه ۳ از ۳" in third.content.decode()


def test_the_board_summary_matches_the_spreadsheets(client_for, observer, held, rudsar):
    from ravabet.meetings import board

    add_resolutions(held, rudsar, 12)
    Resolution.objects.filter(meeting=held, text="مصوبه 4").update(
        status=ResolutionStatus.DROPPED, drop_reason="دیگر لازم نیست"
    )
    table = board.summary(held.network)
    full = board.build(held.network)
    assert len(full.resolutions) == Resolution.objects.filter(meeting=held).count()
    rudsar_row = next(r for r in table.members if r.name == "رودسر")
    secretariat = next(r for r in table.members if r.name == SECRETARIAT)
    assert secretariat.counts.get(ResolutionStatus.DROPPED) == 1
    # A dropped resolution counts by status but in no quarter, nor in the completion rate.
    assert sum(total for _done, total in secretariat.quarters.values()) == secretariat.total - 1
    assert rudsar_row.rate == round(
        100 * rudsar_row.done / (rudsar_row.total - rudsar_row.counts.get("dropped", 0))
    )


def test_the_board_queries_do_not_grow_with_resolutions(client_for, observer, held, rudsar):
    client = client_for(observer)
    add_resolutions(held, rudsar, 5)
    few = queries(client, BOARD)
    add_resolutions(held, rudsar, 60, first=5)
    assert queries(client, BOARD) == few
    assert queries(client, BOARD + "?page=2") == few


@pytest.mark.parametrize("url", [NETWORK_LIST, RUDSAR_LIST])
def test_the_meetings_lists_page_and_keep_other_parameters(
    client_for, lahijan_head, rudsar_head, east_gilan, rudsar, url
):
    add_meetings(east_gilan, rudsar, 65)
    client = client_for(lahijan_head if url == NETWORK_LIST else rudsar_head)
    first = client.get(url, {"ref": "dashboard"})
    assert [m.title for m in first.context["page"]][:2] == ["نشست 0", "نشست 1"]
    assert len(first.context["page"]) == 30
    # Newest first, then the next page carries on where this one stopped.
    assert 'href="?ref=dashboard&amp;page=2"' in first.content.decode()
    second = client.get(url, {"page": "2"})
    assert second.context["page"][0].title == "نشست 30"
    assert "صفحه ۲ از ۳" in second.content.decode()


@pytest.mark.parametrize("url", [NETWORK_LIST, RUDSAR_LIST])
def test_the_meetings_lists_queries_do_not_grow(
    client_for, lahijan_head, rudsar_head, east_gilan, rudsar, url
):
    client = client_for(lahijan_head if url == NETWORK_LIST else rudsar_head)
    add_meetings(east_gilan, rudsar, 5)
    few = queries(client, url)
    add_meetings(east_gilan, rudsar, 60)
    assert queries(client, url) == few


def test_outsiders_still_get_404_on_a_later_page(client_for, outsider, held):
    client = client_for(outsider)
    for url in (BOARD, NETWORK_LIST, RUDSAR_LIST):
        assert client.get(url, {"page": "2"}).status_code == 404
