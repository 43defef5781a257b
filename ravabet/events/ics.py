"""iCalendar feeds (RFC 5545): every occurrence listed, timed events in Asia/Tehran with
its VTIMEZONE, all-day events as DATE values (the same day wherever the reader is).

A Jalali rule has no Gregorian RRULE, so occurrences are never folded into a rule: each
is a VEVENT of its own. The output depends only on the records (DTSTAMP is the record's
last change), so the same data gives the same bytes and the same ETag.

The VTIMEZONE is the icalendar package's (built once per year); the VEVENTs are written
here, each as one string with only its text lines escaped and folded: a feed of 600
events and 3,000 tasks built through icalendar's component objects took seconds, written
directly it takes milliseconds. The tests read every feed back with icalendar.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Iterable
from typing import NamedTuple

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Timezone

from ravabet.lib.jalali import TEHRAN
from ravabet.network.models import Municipality

from .models import Event, Kind, Status

PRODID = "-//Ravabet//Events//FA"
_STATUS: dict[str, str] = {
    Status.CANCELLED: "CANCELLED",
    Status.IDEA: "TENTATIVE",
    Status.POSTPONED: "TENTATIVE",
}


class FeedEvent(NamedTuple):
    """An event as a feed writes it and counts its tasks on (``calendar_municipality``, as
    on the model): read as plain values, never as a model object (a feed lists hundreds).
    The writer takes these or events alike."""

    pk: int
    uid: uuid.UUID
    sequence: int
    updated_at: dt.datetime
    all_day: bool
    start_date: dt.date
    end_date: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    title: str
    place: str
    description: str
    status: str
    kind: str
    calendar_municipality: Municipality


# What a feed reads of an event: FeedEvent's fields but the last, in its order.
FEED_EVENT_FIELDS = FeedEvent._fields[:-1]


def uid_for(event: Event | FeedEvent) -> str:
    return f"event-{event.uid}@ravabet"


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets go on in continuation lines, never inside a character.

    Cut on the UTF-8 bytes: each part is the longest run of whole characters that fits
    (75 octets, then 74 after the continuation's space)."""
    if len(line) <= 18 or (len(line) <= 75 and line.isascii()):
        return line
    data = line.encode()
    if len(data) <= 75:
        return line
    parts: list[bytes] = []
    start, limit = 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: step back to the start
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode()


ONE_DAY = dt.timedelta(days=1)


def _date(value: dt.date) -> str:
    return value.isoformat().replace("-", "")


def _stamp(iso: str) -> str:
    """20261201T193000 from 2026-12-01T19:30:00(.micro, +zone): what strftime would write,
    without its cost, which thousands of components a feed add up."""
    return f"{iso[0:4]}{iso[5:7]}{iso[8:13]}{iso[14:16]}{iso[17:19]}"


def _utc(value: dt.datetime) -> str:
    return _stamp(value.astimezone(dt.UTC).isoformat()) + "Z"


def _tehran(value: dt.datetime) -> str:
    return _stamp(value.astimezone(TEHRAN).isoformat())


def _text(name: str, value: str) -> str:
    """A TEXT property's content line, escaped and folded."""
    return fold(f"{name}:{escape(value)}")


class _Labels:
    """What every VEVENT repeats, worked out once per feed: the kinds' labels in the
    active language, the events' URLs (one ``reverse`` for all of them), and for the
    tasks their event's escaped title and URL line, and their owners' lines."""

    def __init__(self, site: str) -> None:
        self.kinds = {value: _text("CATEGORIES", str(label)) for value, label in Kind.choices}
        marker = 987654321
        self.url = site + reverse("events:event", args=[marker]).replace(str(marker), "{}")
        self.events: dict[int, tuple[str, str]] = {}
        self.owners: dict[str, str] = {"": ""}

    def url_line(self, pk: int) -> str:
        return fold(f"URL:{self.url.format(pk)}")

    def kind_line(self, kind: str) -> str:
        return self.kinds.get(kind) or _text("CATEGORIES", kind)

    def of_event(self, event: Event | FeedEvent) -> tuple[str, str]:
        known = self.events.get(event.pk)
        if known is None:
            known = self.events[event.pk] = (escape(event.title), self.url_line(event.pk))
        return known

    def owner_line(self, owner: str) -> str:
        known = self.owners.get(owner)
        if known is None:
            known = self.owners[owner] = _text("DESCRIPTION", owner) + "\r\n"
        return known


# Each component is written as one string: only its TEXT properties (and the URL, which
# holds the site's address) can pass 75 octets, so only they are folded.
def _event_text(event: Event | FeedEvent, labels: _Labels) -> str:
    if event.all_day:
        days = (
            f"DTSTART;VALUE=DATE:{_date(event.start_date)}\r\n"
            f"DTEND;VALUE=DATE:{_date(event.end_date + ONE_DAY)}"
        )
    else:
        days = (
            f"DTSTART;TZID=Asia/Tehran:{_tehran(event.starts_at)}\r\n"
            f"DTEND;TZID=Asia/Tehran:{_tehran(event.ends_at)}"
        )
    more = ""
    if event.place:
        more += _text("LOCATION", event.place) + "\r\n"
    if event.description:
        more += _text("DESCRIPTION", event.description) + "\r\n"
    return (
        f"BEGIN:VEVENT\r\nUID:{uid_for(event)}\r\nSEQUENCE:{event.sequence}\r\n"
        f"DTSTAMP:{_utc(event.updated_at)}\r\n{days}\r\n"
        f"{_text('SUMMARY', event.title)}\r\n{more}"
        f"STATUS:{_STATUS.get(event.status, 'CONFIRMED')}\r\n"
        f"{labels.kind_line(event.kind)}\r\n{labels.url_line(event.pk)}\r\nEND:VEVENT\r\n"
    )


class FeedTask(NamedTuple):
    """A checklist task as the staff feed shows it: read as plain values, never as a model
    object (a feed lists thousands), its due date already counted."""

    pk: int
    event: Event | FeedEvent
    title: str
    due: dt.date
    is_done: bool
    updated_at: dt.datetime
    owner: str  # the owner's name, empty for nobody


def _task_text(task: FeedTask, labels: _Labels) -> str:
    event = task.event
    title, url_line = labels.of_event(event)
    mark = "✓" if task.is_done else "☐"
    # escape() works character by character: the parts escaped apart are the whole escaped.
    summary = fold(f"SUMMARY:{mark} {escape(task.title)} — {title}")
    return (
        f"BEGIN:VEVENT\r\nUID:event-task-{task.pk}@ravabet\r\n"
        f"DTSTAMP:{_utc(max(task.updated_at, event.updated_at))}\r\n"
        f"DTSTART;VALUE=DATE:{_date(task.due)}\r\n"
        f"DTEND;VALUE=DATE:{_date(task.due + ONE_DAY)}\r\n"
        f"{summary}\r\n{labels.owner_line(task.owner)}"
        f"CATEGORIES:TASK\r\nTRANSP:TRANSPARENT\r\n{url_line}\r\nEND:VEVENT\r\n"
    )


@functools.lru_cache(maxsize=8)
def vtimezone(year: int) -> str:
    """Asia/Tehran from a year before ``year`` on, as icalendar writes it."""
    calendar = Calendar()
    calendar.add_component(Timezone.from_tzinfo(TEHRAN, first_date=dt.date(year - 1, 1, 1)))
    body = calendar.to_ical().decode()
    start, end = body.index("BEGIN:VTIMEZONE"), body.index("END:VTIMEZONE")
    return body[start:end] + "END:VTIMEZONE"


def event_calendar(
    events: Iterable[Event | FeedEvent], tasks: Iterable[FeedTask] = (), name: str = ""
) -> bytes:
    rows = list(events)
    first = min((e.start_date for e in rows), default=timezone.localdate())
    parts = ["BEGIN:VCALENDAR\r\nPRODID:" + PRODID + "\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\n"]
    if name:
        parts.append(_text("X-WR-CALNAME", name) + "\r\n")
    parts.append("X-WR-TIMEZONE:Asia/Tehran\r\n" + vtimezone(first.year) + "\r\n")
    labels = _Labels(settings.SITE_URL)
    parts.extend(_event_text(event, labels) for event in rows)
    parts.extend(_task_text(task, labels) for task in tasks)
    parts.append("END:VCALENDAR\r\n")
    return "".join(parts).encode()
