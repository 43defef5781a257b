"""The events card of the office dashboard (ravabet/office/panels.py): the next events,
and the checklist tasks overdue or due this week. The coming occasions are another part
of the same card (the official calendar's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone

from ravabet.network.models import Municipality, Network, User

from .checklist import with_due_dates
from .models import ACTIVE_STATUSES, Event, Status, Task

NEXT_EVENTS = 5
TASKS = 8
DUE_SOON_DAYS = 7


def panel(user: User | AnonymousUser, place: Municipality | Network) -> dict[str, Any]:
    today = timezone.localdate()
    if isinstance(place, Network):
        mine = Q(network=place)
    else:
        # The office's own events and those of the networks it belongs to.
        mine = Q(municipality=place) | Q(network__members=place)
    upcoming = list(
        Event.objects.filter(mine, end_date__gte=today, status__in=ACTIVE_STATUSES)
        .with_owner()
        .in_order()
        .distinct()[:NEXT_EVENTS]
    )
    tasks = list(
        Task.objects.of(place)
        .open()
        .live()
        .could_be_due_by(today + dt.timedelta(days=DUE_SOON_DAYS))
        .select_related("owner", "event__municipality", "event__network__host")
        .defer("event__description", "event__report")
    )
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    due = sorted(
        (t for t in with_due_dates(tasks) if t.due is not None and t.due <= soon),
        key=lambda t: (t.due, t.pk),
    )
    return {
        "events": upcoming,
        "tasks": due[:TASKS],
        "overdue": sum(1 for t in due if t.due is not None and t.due < today),
        "more_tasks": max(len(due) - TASKS, 0),
        "today": today,
        "held": Status.HELD,
    }
