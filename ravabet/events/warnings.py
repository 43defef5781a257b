"""What is worth knowing about a day before planning something on it: Friday, an official
day off, a mourning day for a festive event. Warnings, never errors: the office decides.

Which days are mourning is the official calendar's one curated list
(officialcalendar/curated.py), the same the occasions pages and the newsroom read.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from ravabet.lib.jalali import format_date
from ravabet.network.models import Municipality, Network
from ravabet.officialcalendar.curated import is_mourning
from ravabet.officialcalendar.official import OfficialCalendar

from .models import FESTIVE_KINDS

FRIDAY = 4  # date.weekday()


def date_warnings(
    place: Municipality | Network,
    start_date: dt.date,
    kind: str,
    end_date: dt.date | None = None,
    calendar: OfficialCalendar | None = None,
) -> list[str]:
    """Warnings for an event of ``kind`` held from ``start_date`` to ``end_date``."""
    calendar = calendar or OfficialCalendar.for_place(place)
    end_date = end_date or start_date
    found: list[str] = []
    day = start_date
    days = calendar.days(start_date, end_date)
    while day <= end_date:
        when = format_date(day, weekday=True)
        if day.weekday() == FRIDAY:
            found.append(_("%(day)s is a Friday.") % {"day": when})
        official = days.get(day)
        if official is not None and official.holiday:
            found.append(
                _("%(day)s is an official holiday: %(occasion)s.")
                % {"day": when, "occasion": "، ".join(official.holiday_titles)}
            )
        if kind in FESTIVE_KINDS and official is not None:
            mourning = [o.title for o in official.occasions if is_mourning(o)]
            if mourning:
                found.append(
                    _(
                        "%(day)s is a day of mourning (%(occasion)s): a celebration on it may "
                        "offend."
                    )
                    % {"day": when, "occasion": "، ".join(mourning)}
                )
        day += dt.timedelta(days=1)
        if (day - start_date).days > 31:
            break
    return found
