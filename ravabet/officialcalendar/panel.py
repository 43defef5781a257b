"""The coming occasions: a part of the dashboard's events card (ravabet/office/panels.py).
The next three weeks on the official calendar as this office or network reads it, with a
"plan for it" link on each occasion that matters to PR."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from ravabet.network.models import Municipality, Network, User

from . import grid, links
from .official import OfficialCalendar

AHEAD_DAYS = 21
SHOWN = 6


def panel(user: User | AnonymousUser, place: Municipality | Network) -> dict[str, Any]:
    today = timezone.localdate()
    calendar = OfficialCalendar.for_place(place)
    if isinstance(place, Network):
        base = None  # the secretariat plans from its network's events page
        month_url = links.Links().today()
    else:
        base = links.plan_base(place)
        month_url = links.Links(place).today()
    by_day = grid.entries_between(calendar, today, today + dt.timedelta(days=AHEAD_DAYS))
    entries = [
        entry for day in sorted(by_day) for entry in by_day[day] if entry.pr or entry.holiday
    ][:SHOWN]
    return {
        "occasions": [
            {
                "entry": entry,
                "plan": links.plan_link(base, entry.occasion) if base and entry.pr else None,
            }
            for entry in entries
        ],
        "month_url": month_url,
    }
