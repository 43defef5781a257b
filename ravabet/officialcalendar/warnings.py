"""Warnings that name a day: something festive on a day of mourning.

Not errors: the office may have its reasons (a ceremony booked long ago, news that is
only incidentally cheerful); it is told, in its own language, which day it is.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from ravabet.lib.jalali import format_date
from ravabet.network.models import Municipality

from .official import OfficialCalendar


def festive_on_mourning(municipality: Municipality, day: dt.date) -> str | None:
    """The warning for festive news (or a celebration) on ``day``, or None if it is no
    day of mourning for this municipality (its networks' corrections apply)."""
    occasion = OfficialCalendar.for_municipality(municipality).mourning_on(day)
    if occasion is None:
        return None
    if occasion.estimated:
        return _(
            "%(date)s is probably a day of mourning (%(occasion)s; the lunar date is an "
            "estimate). This item is marked festive: check that it suits the day."
        ) % {"date": format_date(day, weekday=True), "occasion": occasion.title}
    return _(
        "%(date)s is a day of mourning: %(occasion)s. This item is marked festive: check "
        "that it suits the day."
    ) % {"date": format_date(day, weekday=True), "occasion": occasion.title}
