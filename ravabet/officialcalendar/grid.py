"""The occasions laid out for display: Jalali months as weeks of Saturday-first days.

One ``OfficialCalendar`` answers for a whole range at once (one pass over the data), and an
office's local days off come in one query, so a month or a year costs the same few queries
however many corrections and local days off there are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from ravabet.lib import jalali
from ravabet.lib.i18n import is_fa
from ravabet.network.models import Municipality

from .curated import PrRule, is_mourning, pr_rule
from .occasions import CLOSURE, Occasion, year_bounds
from .official import OfficialCalendar

# An office's own day off (voice.Holiday), shown with the official ones.
LOCAL = "local"
FRIDAY = 6  # Saturday-first: Saturday is 0
WEEKDAYS_SHORT_FA = ("ش", "ی", "د", "س", "چ", "پ", "ج")
WEEKDAYS_SHORT_EN = ("Sa", "Su", "Mo", "Tu", "We", "Th", "Fr")


def saturday_first(day: dt.date) -> int:
    return (day.weekday() + 2) % 7


@dataclass(frozen=True)
class Entry:
    """One occasion as shown: with whether it is mourning and why it matters to PR."""

    occasion: Occasion
    mourning: bool
    pr: PrRule | None

    @property
    def title(self) -> str:
        return self.occasion.title

    @property
    def holiday(self) -> bool:
        return self.occasion.holiday

    @property
    def estimated(self) -> bool:
        return self.occasion.estimated

    @property
    def local(self) -> bool:
        return self.occasion.calendar == LOCAL

    @property
    def closure(self) -> bool:
        return self.occasion.calendar == CLOSURE

    @property
    def date(self) -> dt.date:
        return self.occasion.date

    @property
    def css(self) -> str:
        flags = (("holiday", self.holiday), ("pr", self.pr), ("mourning", self.mourning))
        return " ".join(name for name, on in flags if on)


def entry_for(occasion: Occasion) -> Entry:
    return Entry(occasion, is_mourning(occasion), pr_rule(occasion))


@dataclass
class Cell:
    date: dt.date
    number: int  # the Jalali day of the month
    entries: list[Entry] = field(default_factory=list)
    today: bool = False

    @property
    def friday(self) -> bool:
        return saturday_first(self.date) == FRIDAY

    @property
    def holiday(self) -> bool:
        return any(e.holiday for e in self.entries)

    @property
    def estimated(self) -> bool:
        return any(e.estimated for e in self.entries)

    @property
    def pr(self) -> bool:
        return any(e.pr for e in self.entries)

    @property
    def mourning(self) -> bool:
        return any(e.mourning for e in self.entries)

    @property
    def css(self) -> str:
        """The cell's classes, in one go (the template would need five conditions)."""
        flags = (
            ("holiday", self.holiday),
            ("friday", self.friday),
            ("today", self.today),
            ("pr", self.pr),
            ("mourning", self.mourning),
            ("estimated", self.estimated),
        )
        return " ".join(name for name, on in flags if on)

    @property
    def summary(self) -> str:
        return " · ".join(e.title for e in self.shown)

    @property
    def shown(self) -> list[Entry]:
        """Holidays and PR occasions first: a cell has room for two titles."""
        return sorted(self.entries, key=lambda e: (not e.holiday, e.pr is None))


@dataclass
class MonthGrid:
    year: int
    month: int
    name: str
    weeks: list[list[Cell | None]]
    cells: list[Cell]

    @property
    def days(self) -> list[Cell]:
        """The days that carry an occasion, for the list."""
        return [c for c in self.cells if c.entries]

    @property
    def estimated(self) -> bool:
        return any(c.estimated for c in self.cells)

    @property
    def previous(self) -> tuple[int, int]:
        return (self.year, self.month - 1) if self.month > 1 else (self.year - 1, 12)

    @property
    def next(self) -> tuple[int, int]:
        return (self.year, self.month + 1) if self.month < 12 else (self.year + 1, 1)


def weekday_names(short: bool = False) -> tuple[str, ...]:
    if short:
        return WEEKDAYS_SHORT_FA if is_fa() else WEEKDAYS_SHORT_EN
    return jalali.WEEKDAYS_FA if is_fa() else jalali.WEEKDAYS_EN


def local_days_off(municipality: Municipality, start: dt.date, end: dt.date) -> list[Occasion]:
    """The office's own days off in the range, one query."""
    from ravabet.voice.models import Holiday  # voice counts its deadlines on this calendar

    rows = Holiday.objects.filter(
        municipality=municipality, date__gte=start, date__lte=end
    ).values_list("date", "name")
    return [Occasion(date, name, True, LOCAL) for date, name in rows]


def entries_between(
    calendar: OfficialCalendar, start: dt.date, end: dt.date, local: Iterable[Occasion] = ()
) -> dict[dt.date, list[Entry]]:
    by_day: dict[dt.date, list[Entry]] = {}
    occasions = sorted([*calendar.occasions(start, end), *local], key=lambda o: o.date)
    for occasion in occasions:
        by_day.setdefault(occasion.date, []).append(entry_for(occasion))
    return by_day


def month_grid(
    year: int, month: int, by_day: dict[dt.date, list[Entry]], today: dt.date
) -> MonthGrid:
    first, last = jalali.month_bounds(year, month)
    cells = [
        Cell(
            date=first + dt.timedelta(days=n),
            number=n + 1,
            entries=by_day.get(first + dt.timedelta(days=n), []),
            today=first + dt.timedelta(days=n) == today,
        )
        for n in range((last - first).days + 1)
    ]
    padded: list[Cell | None] = [None] * saturday_first(first) + list(cells)
    padded += [None] * (-len(padded) % 7)
    weeks = [padded[i : i + 7] for i in range(0, len(padded), 7)]
    return MonthGrid(year, month, jalali.month_name(month), weeks, cells)


def month(
    calendar: OfficialCalendar,
    year: int,
    number: int,
    today: dt.date,
    municipality: Municipality | None = None,
) -> MonthGrid:
    first, last = jalali.month_bounds(year, number)
    local = local_days_off(municipality, first, last) if municipality else []
    return month_grid(year, number, entries_between(calendar, first, last, local), today)


def year(
    calendar: OfficialCalendar,
    number: int,
    today: dt.date,
    municipality: Municipality | None = None,
) -> list[MonthGrid]:
    start, end = year_bounds(number)
    local = local_days_off(municipality, start, end) if municipality else []
    by_day = entries_between(calendar, start, end, local)
    return [month_grid(number, m, by_day, today) for m in range(1, 13)]


def valid_year(number: int) -> bool:
    return jalali.MIN_YEAR <= number <= jalali.MAX_YEAR
