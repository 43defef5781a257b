"""iCalendar feeds (RFC 5545): every occurrence listed, timed events in Asia/Tehran with
its VTIMEZONE, all-day events as DATE values (the same day wherever the reader is).

A Jalali rule has no Gregorian RRULE, so occurrences are never folded into a rule: each
is a VEVENT of its own. The output depends only on the records (DTSTAMP is the record's
last change), so the same data gives the same bytes and the same ETag.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from icalendar import Calendar, Timezone
from icalendar import Event as VEvent

from ravabet.lib.jalali import TEHRAN

from .models import Event, Status, Task

PRODID = "-//Ravabet//Events//FA"
_STATUS = {Status.CANCELLED: "CANCELLED", Status.IDEA: "TENTATIVE", Status.POSTPONED: "TENTATIVE"}


def uid_for(event: Event) -> str:
    return f"event-{event.uid}@ravabet"


def _vevent(event: Event) -> VEvent:
    item = VEvent()
    item.add("uid", uid_for(event))
    item.add("sequence", event.sequence)
    item.add("dtstamp", event.updated_at.astimezone(dt.UTC))
    if event.all_day:
        item.add("dtstart", event.start_date)
        item.add("dtend", event.end_date + dt.timedelta(days=1))
    else:
        item.add("dtstart", event.starts_at.astimezone(TEHRAN))
        item.add("dtend", event.ends_at.astimezone(TEHRAN))
    item.add("summary", event.title)
    if event.place:
        item.add("location", event.place)
    if event.description:
        item.add("description", event.description)
    item.add("status", _STATUS.get(event.status, "CONFIRMED"))
    item.add("categories", [event.get_kind_display()])
    item.add("url", settings.SITE_URL + event.get_absolute_url())
    return item


def _task_vevent(task: Task) -> VEvent:
    assert task.due is not None
    item = VEvent()
    item.add("uid", f"event-task-{task.pk}@ravabet")
    item.add("dtstamp", max(task.updated_at, task.event.updated_at).astimezone(dt.UTC))
    item.add("dtstart", task.due)
    item.add("dtend", task.due + dt.timedelta(days=1))
    item.add("summary", f"{'✓' if task.is_done else '☐'} {task.title} — {task.event.title}")
    if task.owner is not None:
        item.add("description", str(task.owner))
    item.add("categories", ["TASK"])
    item.add("transp", "TRANSPARENT")
    item.add("url", settings.SITE_URL + task.event.get_absolute_url())
    return item


def event_calendar(events: Iterable[Event], tasks: Iterable[Task] = (), name: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Tehran")
    rows = list(events)
    first = min((e.start_date for e in rows), default=dt.date.today())
    calendar.add_component(
        Timezone.from_tzinfo(TEHRAN, first_date=first - dt.timedelta(days=366))
    )
    for event in rows:
        calendar.add_component(_vevent(event))
    for task in tasks:
        calendar.add_component(_task_vevent(task))
    return calendar.to_ical()
