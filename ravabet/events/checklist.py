"""Checklists: the default templates per kind, and due dates in Iranian working days.

A task's due date is never stored (except a date set by hand): it is counted from the
event's first day (tasks before and on the day) or last day (tasks after it), in the
working days of the office whose calendar holds: Friday off, Thursday if the office says
so, the official calendar's days off with the corrections that hold for the office's
networks, and the office's own local days off (voice settings). Counting on read keeps
one truth: when a correction is recorded, a day off added or the event moved, the next
page, feed or reminder scan sees the new date.

Counting is batched: ``Calendars`` builds one array of working days per municipality over
the window the tasks need, a fixed number of queries however many tasks are counted, and
each due date is a bisection of that array.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ravabet.network.models import Municipality, Role
from ravabet.voice.workdays import WorkingWeek

from .models import Kind, Owned, Task, TemplateItem


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


class Scheduled(Protocol):
    """What counting a task's due date reads of its event: an event, or a feed's plain
    values of one (ics.FeedEvent)."""

    @property
    def start_date(self) -> dt.date: ...
    @property
    def end_date(self) -> dt.date: ...
    @property
    def calendar_municipality(self) -> Municipality: ...


def reference_day(event: Scheduled, offset: int) -> dt.date:
    return event.end_date if offset > 0 else event.start_date


class WorkingDays:
    """One municipality's working days over a window as one sorted array of ordinals, so
    a due date is a bisection and an index, not a walk over the days with a check each:
    a feed counts thousands of tasks on the same array, built once."""

    def __init__(self, municipality: Municipality, start: dt.date, end: dt.date) -> None:
        week = WorkingWeek(municipality, start, end)
        self.start, self.end = start, end
        first = start.toordinal()
        self.ordinals = [
            first + n
            for n in range((end - start).days + 1)
            if week.is_working_day(start + dt.timedelta(days=n))
        ]

    def shift(self, day: dt.date, offset: int) -> dt.date | None:
        """``offset`` working days from ``day`` (which does not count); 0 is the day itself.
        None when the answer is not inside the window (count on a wider one)."""
        if offset == 0:
            return day
        if not self.start <= day <= self.end:
            return None
        ordinals = self.ordinals
        if offset < 0:
            # Working days before ``day``: the offset-th of them counting back.
            index = bisect.bisect_left(ordinals, day.toordinal()) + offset
            if index < 0:
                return None
        else:
            index = bisect.bisect_right(ordinals, day.toordinal()) + offset - 1
            if index >= len(ordinals):
                return None
        return dt.date.fromordinal(ordinals[index])


class Calendars:
    """Working days per municipality for counting many tasks at once: three queries per
    municipality whose calendar holds (in practice one or two), however many tasks."""

    def __init__(self, events: Iterable[Scheduled], reach: int = 60) -> None:
        spans: dict[int, tuple[Municipality, dt.date, dt.date]] = {}
        for event in events:
            place = event.calendar_municipality
            _place, first, last = spans.get(place.pk, (place, event.start_date, event.end_date))
            spans[place.pk] = (place, min(first, event.start_date), max(last, event.end_date))
        # Generous: even Nowruz cannot hold off more than a fortnight of working days.
        margin = dt.timedelta(days=abs(reach) * 3 + 30)
        self.days: dict[int, WorkingDays] = {
            pk: WorkingDays(place, first - margin, last + margin)
            for pk, (place, first, last) in spans.items()
        }

    def due(self, event: Scheduled, offset: int, due_override: dt.date | None = None) -> dt.date:
        """A task's due date: the date set by hand, or else counted."""
        if due_override is not None:
            return due_override
        return self.counted(event, offset)

    def counted(self, event: Scheduled, offset: int) -> dt.date:
        place = event.calendar_municipality
        day = reference_day(event, offset)
        days = self.days.get(place.pk)
        counted = days.shift(day, offset) if days is not None else None
        reach = dt.timedelta(days=abs(offset) * 3 + 30)
        while counted is None:
            # Outside what was foreseen (an event added after, a very long offset): a
            # window wider by as much as the count needs, then wider still if it did not do.
            start, end = day - reach, day + reach
            if days is not None:
                start, end = min(start, days.start), max(end, days.end)
            days = self.days[place.pk] = WorkingDays(place, start, end)
            counted = days.shift(day, offset)
            reach *= 2
        return counted


def with_due_dates(tasks: list[Task]) -> list[Task]:
    """Each task with ``due`` set, counted on the calendar as it is now."""
    reach = max((abs(t.offset) for t in tasks), default=0)
    calendars = Calendars({t.event_id: t.event for t in tasks}.values(), reach)
    for task in tasks:
        task.due = calendars.due(task.event, task.offset, task.due_override)
    return tasks
