"""Checklists: the default templates per kind, and due dates in Iranian working days.

A task's due date is never stored (except a date set by hand): it is counted from the
event's first day (tasks before and on the day) or last day (tasks after it), in the
working days of the office whose calendar holds: Friday off, Thursday if the office says
so, the official calendar's days off with the corrections that hold for the office's
networks, and the office's own local days off (voice settings). Counting on read keeps
one truth: when a correction is recorded, a day off added or the event moved, the next
page, feed or reminder scan sees the new date.

Counting is batched: ``Calendars`` builds one working week per municipality over the
window the tasks need, a fixed number of queries however many tasks are counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ravabet.network.models import Municipality, Role
from ravabet.voice.workdays import WorkingWeek

from .models import Event, Kind, Owned, Task, TemplateItem


@dataclass(frozen=True)
class Line:
    title: str | Promise
    offset: int
    role: str = Role.PR_STAFF


DEFAULTS: dict[str, tuple[Line, ...]] = {
    Kind.PRESS_CONFERENCE: (
        Line(_("Book the hall"), -10, Role.PR_HEAD),
        Line(_("Invite journalists"), -5, Role.PR_HEAD),
        Line(_("Prepare the press kit"), -2),
        Line(_("Book a photographer"), -2),
        Line(_("Publish a news item"), 1),
    ),
    Kind.CEREMONY: (
        Line(_("Book the venue"), -15, Role.PR_HEAD),
        Line(_("Send the invitations"), -7, Role.PR_HEAD),
        Line(_("Prepare banners and programme"), -3),
        Line(_("Book a photographer"), -2),
        Line(_("Publish a news item"), 1),
    ),
    Kind.BOOTH: (
        Line(_("Register the booth with the organisers"), -20, Role.PR_HEAD),
        Line(_("Design and print the booth materials"), -7),
        Line(_("Draw up the staff rota"), -3),
        Line(_("Publish a news item"), 1),
    ),
    Kind.EXHIBITION_VISIT: (
        Line(_("Arrange the visit with the organisers"), -5),
        Line(_("Publish a news item"), 1),
    ),
    Kind.VISIT: (
        Line(_("Agree the route and the people"), -5, Role.PR_HEAD),
        Line(_("Book a photographer"), -2),
        Line(_("Publish a news item"), 1),
    ),
    Kind.CAMPAIGN: (
        Line(_("Approve the message and materials"), -10, Role.PR_HEAD),
        Line(_("Brief the channels and outlets"), -3),
        Line(_("Report on the results"), 5),
    ),
    Kind.OTHER: (Line(_("Publish a news item"), 1),),
}


def template_for(owner: Owned, kind: str) -> list[Line]:
    """The owner's own checklist for the kind, or the defaults."""
    rows = TemplateItem.objects.filter(
        municipality=owner.municipality, network=owner.network, kind=kind
    ).order_by("position", "pk")
    if rows:
        return [Line(r.title, r.offset, r.role) for r in rows]
    return list(DEFAULTS.get(kind, ()))


def reference_day(event: Event, offset: int) -> dt.date:
    return event.end_date if offset > 0 else event.start_date


def shift(week: WorkingWeek, day: dt.date, offset: int) -> dt.date:
    """``offset`` working days from ``day`` (which does not count); 0 is the day itself."""
    step = dt.timedelta(days=1 if offset > 0 else -1)
    remaining = abs(offset)
    current = day
    while remaining:
        current += step
        if week.is_working_day(current):
            remaining -= 1
    return current


class Calendars:
    """Working weeks per municipality for counting many tasks at once: three queries per
    municipality whose calendar holds (in practice one or two), however many tasks."""

    def __init__(self, events: Iterable[Event], reach: int = 60) -> None:
        spans: dict[int, tuple[Municipality, dt.date, dt.date]] = {}
        for event in events:
            place = event.calendar_municipality
            _place, first, last = spans.get(place.pk, (place, event.start_date, event.end_date))
            spans[place.pk] = (place, min(first, event.start_date), max(last, event.end_date))
        # Generous: even Nowruz cannot hold off more than a fortnight of working days.
        margin = dt.timedelta(days=abs(reach) * 3 + 30)
        self.margin = margin
        self.weeks: dict[int, WorkingWeek] = {
            pk: WorkingWeek(place, first - margin, last + margin)
            for pk, (place, first, last) in spans.items()
        }

    def week_for(self, event: Event, day: dt.date) -> WorkingWeek:
        place = event.calendar_municipality
        week = self.weeks.get(place.pk)
        if week is None or not week.start <= day <= week.end:
            # Outside what was foreseen (an event added after, a very long offset).
            start = min(day, week.start if week else day) - self.margin
            end = max(day, week.end if week else day) + self.margin
            week = self.weeks[place.pk] = WorkingWeek(place, start, end)
        return week

    def due(self, task: Task, event: Event | None = None) -> dt.date:
        if task.due_override is not None:
            return task.due_override
        return self.counted(event or task.event, task.offset)

    def counted(self, event: Event, offset: int) -> dt.date:
        day = reference_day(event, offset)
        margin = dt.timedelta(days=abs(offset) * 3 + 30)
        self.week_for(event, day - margin)
        week = self.week_for(event, day + margin)
        return shift(week, day, offset)


def with_due_dates(tasks: list[Task]) -> list[Task]:
    """Each task with ``due`` set, counted on the calendar as it is now."""
    reach = max((abs(t.offset) for t in tasks), default=0)
    calendars = Calendars({t.event_id: t.event for t in tasks}.values(), reach)
    for task in tasks:
        task.due = calendars.due(task)
    return tasks
