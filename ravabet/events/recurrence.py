"""Jalali rules to dates: a Gregorian RRULE cannot say "27 Ordibehesht every year" or
"the first Saturday of every Jalali month", so a series is expanded here into the days
of its occurrences, and each occurrence is an event of its own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ravabet.lib import jalali

from .models import Rule, Series

# A series never makes more occurrences than this at once.
MAX_OCCURRENCES = 60


def saturday_first(day: dt.date) -> int:
    return (day.weekday() + 2) % 7


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date | None:
    first, last = jalali.month_bounds(year, month)
    day = first + dt.timedelta(days=(weekday - saturday_first(first)) % 7)
    day += dt.timedelta(weeks=nth - 1)
    return day if day <= last else None


def rule_of(start: dt.date, rule: str) -> dict[str, int]:
    """The rule's fields that make ``start`` its first occurrence."""
    _year, month, day = jalali.to_jalali(start)
    if rule == Rule.YEARLY:
        return {"month": month, "day": day}
    return {"weekday": saturday_first(start), "nth": (day - 1) // 7 + 1}


def dates(series: Series, start: dt.date) -> Iterator[dt.date]:
    """The series' days from ``start`` to its ``until``, inclusive, at most MAX_OCCURRENCES."""
    year, month, _day = jalali.to_jalali(start)
    count = 0
    while count < MAX_OCCURRENCES:
        if series.rule == Rule.YEARLY:
            if not (series.month and series.day):
                raise ValueError("a yearly series names its month and day")
            if series.day > jalali.days_in_month(year, series.month):
                candidate = None  # 30 Esfand in a common year
            else:
                candidate = jalali.from_jalali(year, series.month, series.day)
            year += 1
        else:
            if series.weekday is None or not series.nth:
                raise ValueError("a monthly series names its weekday and which one")
            candidate = nth_weekday(year, month, series.weekday, series.nth)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if candidate is None:
            if jalali.from_jalali(year, 1, 1) > series.until:
                return
            continue
        if candidate > series.until:
            return
        if candidate >= start:
            count += 1
            yield candidate
