"""The occasions iCalendar feed, read by a stock parser; conditional GETs; corrections."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from icalendar import Calendar

from ravabet.lib import jalali
from ravabet.officialcalendar.occasions import year_bounds
from ravabet.officialcalendar.official import OfficialCalendar

pytestmark = pytest.mark.django_db

FEED = reverse("officialcalendar:feed")


def events(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_the_feed_lists_every_occasion_of_this_year_and_the_next_as_all_day_events(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(FEED)
    found = events(response)
    year = jalali.to_jalali(timezone.localdate())[0]
    start, end = year_bounds(year)[0], year_bounds(year + 1)[1]
    expected = OfficialCalendar.nationwide().occasions(start, end)
    assert len(found) == len({(o.date, o.title, o.calendar) for o in expected})
    raw = response.content.decode()
    assert "DTSTART;VALUE=DATE:" in raw
    for event in found:
        start_value = event.decoded("dtstart")
        # A date, not a moment: the same day in every timezone.
        assert type(start_value) is dt.date
        assert event.decoded("dtend") == start_value + dt.timedelta(days=1)
        assert start <= start_value <= end
    dates = {e.decoded("dtstart") for e in found}
    assert jalali.from_jalali(year, 5, 17) in dates and jalali.from_jalali(year + 1, 1, 1) in dates
    journalist = next(e for e in found if str(e["summary"]) == "روز خبرنگار")
    assert journalist.decoded("dtstart") == jalali.from_jalali(year, 5, 17)
    nowruz = next(e for e in found if e.decoded("dtstart") == jalali.from_jalali(year, 1, 1))
    assert str(nowruz["transp"]) == "OPAQUE"
    # Next year's lunar dates lie past the published table: each says it is an estimate.
    estimates = [e for e in found if "(برآورد)" in str(e["summary"])]
    assert estimates
    assert all("برآورد" in str(e["description"]) for e in estimates)
    assert len({str(e["uid"]) for e in found}) == len(found)


def test_the_month_page_links_the_feed(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(reverse("officialcalendar:month", args=[1405, 5])).content.decode()
    assert f'<link rel="alternate" type="text/calendar" href="{FEED}"' in html


def test_the_feed_answers_conditional_gets(client) -> None:  # type: ignore[no-untyped-def]
    first = client.get(FEED)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert "no-cache" in first["Cache-Control"]  # always revalidated: corrections show at once
    assert client.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(FEED, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    older = http_date((timezone.now() - dt.timedelta(days=800)).timestamp())
    assert client.get(FEED, HTTP_IF_MODIFIED_SINCE=older).status_code == 200
    assert client.get(FEED, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_a_network_feed_is_public_and_an_unknown_one_is_a_404(client, east_gilan) -> None:  # type: ignore[no-untyped-def]
    assert events(client.get(reverse("officialcalendar:network-feed", args=["east-gilan"])))
    assert client.get("/calendar/n/nowhere/occasions.ics").status_code == 404


def test_a_correction_moves_the_feed_at_once_and_changes_its_etag(
    client, client_for, lahijan_head, east_gilan
) -> None:  # type: ignore[no-untyped-def]
    url = reverse("officialcalendar:network-feed", args=["east-gilan"])
    before = client.get(url)
    calendar = OfficialCalendar.for_network(east_gilan)
    index = calendar.lunar.index_of(timezone.localdate()) + 1
    lunar = calendar.lunar.month(index)
    occasion = next(
        o
        for o in calendar.occasions(lunar.start, lunar.end)
        if o.hijri and o.hijri[2] < 28 and o.hijri[:2] == (lunar.year, lunar.month)
    )
    assert any(
        str(e["summary"]).startswith(occasion.title) and e.decoded("dtstart") == occasion.date
        for e in events(before)
    )
    client_for(lahijan_head).post(
        reverse("officialcalendar:lunar-add", args=["east-gilan"]),
        {
            "month": str(index),
            "began_on": jalali.format_numeric(lunar.start + dt.timedelta(days=1)),
            "reason": "رؤیت نشدن هلال",
        },
    )
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after["ETag"] != before["ETag"]
    moved = [e for e in events(after) if str(e["summary"]) == occasion.title]
    assert occasion.date + dt.timedelta(days=1) in {e.decoded("dtstart") for e in moved}
    # The nationwide feed is not the network's: it did not move.
    nationwide = events(client.get(FEED))
    assert any(
        str(e["summary"]).startswith(occasion.title) and e.decoded("dtstart") == occasion.date
        for e in nationwide
    )
