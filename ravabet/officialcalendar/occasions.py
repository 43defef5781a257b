"""Iran's occasions and holidays on any range of days, from data/persian-calendar-events.json.

Jalali-dated entries follow their rule in the Jalali calendar, Hijri-dated ones are laid on
the lunar months (lunar.py, with whatever corrections the caller passes), Gregorian-dated
ones on the Gregorian calendar. Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import jdatetime

from ravabet.lib import jalali

from .lunar import DATA, MAX_LENGTH, LunarMonths, Month

EVENTS_FILE = DATA / "persian-calendar-events.json"

JALALI, HIJRI, GREGORIAN, CLOSURE = "jalali", "hijri", "gregorian", "closure"
_CALENDARS = {"Persian": JALALI, "Hijri": HIJRI, "Gregorian": GREGORIAN}


@dataclass(frozen=True)
class Occasion:
    """One entry on one day. ``estimated``: its lunar month is past the table's end."""

    date: dt.date
    title: str
    holiday: bool
    calendar: str
    estimated: bool = False
    # For a Hijri occasion: (year, month, day) in the Hijri calendar.
    hijri: tuple[int, int, int] | None = None


@dataclass
class Day:
    """Everything official about one date; ``estimated`` if anything on it is a guess."""

    date: dt.date
    occasions: list[Occasion] = field(default_factory=list)

    @property
    def holiday(self) -> bool:
        return any(o.holiday for o in self.occasions)

    @property
    def estimated(self) -> bool:
        return any(o.estimated for o in self.occasions)

    @property
    def holiday_estimated(self) -> bool:
        """Whether the day off itself rests on an estimate (not just an occasion on it)."""
        return self.holiday and all(o.estimated for o in self.occasions if o.holiday)

    @property
    def holiday_titles(self) -> list[str]:
        return [o.title for o in self.occasions if o.holiday]


@functools.cache
def entries() -> tuple[dict[str, Any], ...]:
    """Iran's entries, read once per process."""
    data = json.loads(EVENTS_FILE.read_text(encoding="utf-8"))
    return tuple(e for e in data["data"] if e.get("type") == "Iran")


def _saturday_first(day: dt.date) -> int:
    """The data's weekday numbers: Saturday is 0, Friday 6."""
    return (day.weekday() + 2) % 7


def _in(day: dt.date, start: dt.date, end: dt.date) -> bool:
    return start <= day <= end


@functools.lru_cache(maxsize=2048)
def _jalali_month(year: int, month: int) -> tuple[dt.date, int]:
    """First Gregorian day and length of a Jalali month (jdatetime is slow: ask it once)."""
    first, last = jalali.month_bounds(year, month)
    return first, (last - first).days + 1


def _jalali_dates(
    entry: dict[str, Any], start: dt.date, end: dt.date, years: range
) -> Iterator[dt.date]:
    rule = entry["rule"]
    month = int(entry["month"])
    for year in years:
        if rule == "single event" and int(entry["year"]) != year:
            continue
        first, length = _jalali_month(year, month)
        if first > end or first + dt.timedelta(days=length - 1) < start:
            continue
        if rule in ("simple", "single event"):
            day_number = int(entry["day"])
            if day_number > length:
                continue  # 30 Esfand in a common year
            candidates = [first + dt.timedelta(days=day_number - 1)]
        else:
            days = [first + dt.timedelta(days=n) for n in range(length)]
            same = [d for d in days if _saturday_first(d) == int(entry["weekday"])]
            if rule == "nth weekday of month":
                candidates = [same[int(entry["nth"]) - 1]]
            elif rule == "last weekday of month":
                candidates = [same[-1] + dt.timedelta(days=int(entry.get("offset", 0)))]
            else:
                raise ValueError(f"unknown Jalali rule {rule!r}")
        yield from (d for d in candidates if _in(d, start, end))


def _gregorian_dates(entry: dict[str, Any], start: dt.date, end: dt.date) -> Iterator[dt.date]:
    if entry["rule"] != "simple":
        raise ValueError(f"unknown Gregorian rule {entry['rule']!r}")
    for year in range(start.year, end.year + 1):
        day = dt.date(year, int(entry["month"]), int(entry["day"]))
        if _in(day, start, end):
            yield day


def _hijri_day(entry: dict[str, Any], month: Month) -> dt.date | None:
    rule = entry["rule"]
    days = [month.start + dt.timedelta(days=n) for n in range(month.length)]
    if rule == "simple":
        number = int(entry["day"])
        return days[number - 1] if number <= len(days) else None
    if rule == "end of month":
        return days[-1]
    if rule == "last weekday of month":
        return [d for d in days if _saturday_first(d) == int(entry["weekday"])][-1]
    raise ValueError(f"unknown Hijri rule {rule!r}")


@functools.cache
def holiday_entries() -> tuple[dict[str, Any], ...]:
    """The entries that are days off: a few dozen of the hundreds."""
    return tuple(e for e in entries() if e.get("holiday"))


def _placed(
    chosen: Iterable[dict[str, Any]], start: dt.date, end: dt.date, lunar: LunarMonths
) -> Iterator[tuple[dict[str, Any], str, dt.date, Month | None]]:
    """Each entry on each of its days from ``start`` to ``end``: (entry, calendar, date,
    the lunar month of a Hijri one), in the entries' order."""
    months = lunar.between(start, end)
    years = range(jalali.to_jalali(start)[0], jalali.to_jalali(end)[0] + 1)
    for entry in chosen:
        calendar = _CALENDARS[entry["calendar"]]
        if calendar == JALALI:
            for day in _jalali_dates(entry, start, end, years):
                yield entry, calendar, day, None
        elif calendar == GREGORIAN:
            for day in _gregorian_dates(entry, start, end):
                yield entry, calendar, day, None
        else:
            for month in months:
                if month.month != int(entry["month"]):
                    continue
                found = _hijri_day(entry, month)
                if found is not None and _in(found, start, end):
                    yield entry, calendar, found, month


def occasions_between(
    start: dt.date,
    end: dt.date,
    lunar: LunarMonths,
    closures: Iterable[tuple[dt.date, str]] = (),
) -> list[Occasion]:
    """Every occasion from ``start`` to ``end`` inclusive, in date order.

    ``closures`` are extra days off (date, title) that a correction added.
    """
    found: list[Occasion] = []
    for entry, calendar, day, month in _placed(entries(), start, end, lunar):
        holiday = bool(entry.get("holiday"))
        title = str(entry["title"])
        if month is None:
            found.append(Occasion(day, title, holiday, calendar))
            continue
        number = (day - month.start).days + 1
        # Day 30, and any rule that looks for the month's end, hang on when the next
        # month begins.
        ends = entry["rule"] != "simple" or number == MAX_LENGTH
        found.append(
            Occasion(
                day,
                title,
                holiday,
                HIJRI,
                estimated=month.start_estimated or (ends and month.end_estimated),
                hijri=(month.year, month.month, number),
            )
        )
    found.extend(Occasion(d, t, True, CLOSURE) for d, t in closures if _in(d, start, end))
    # Stable: within a day the data's own order (its holiday entries come first).
    found.sort(key=lambda o: o.date)
    return found


def closure_dates(
    start: dt.date, end: dt.date, lunar: LunarMonths, closures: Iterable[dt.date] = ()
) -> frozenset[dt.date]:
    """The dates of the days off from ``start`` to ``end`` inclusive (those of
    ``days_between`` that are a holiday), placing only the holiday entries and making no
    occasion: what counting working days needs, at a fraction of the cost."""
    days = {day for _e, _c, day, _m in _placed(holiday_entries(), start, end, lunar)}
    days.update(d for d in closures if _in(d, start, end))
    return frozenset(days)


def days_between(
    start: dt.date,
    end: dt.date,
    lunar: LunarMonths,
    closures: Iterable[tuple[dt.date, str]] = (),
) -> dict[dt.date, Day]:
    """The days that have at least one occasion, keyed by date."""
    days: dict[dt.date, Day] = {}
    for occasion in occasions_between(start, end, lunar, closures):
        days.setdefault(occasion.date, Day(occasion.date)).occasions.append(occasion)
    return days


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """1 Farvardin to the last of Esfand of a Jalali year, as Gregorian dates."""
    return jalali.nowruz(year), jalali.nowruz(year + 1) - dt.timedelta(days=1)


def jalali_date(day: dt.date) -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=day)
