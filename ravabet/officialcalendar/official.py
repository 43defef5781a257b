"""The official calendar as one place: the shipped data with the corrections that hold.

Every caller (the citizens' voice deadlines, and later the occasions views, checklists and
feeds) builds an ``OfficialCalendar`` for its scope and asks it. Building one is a single
query for the corrections; the parsed data and the lunar estimates are kept per process.
A correction is read by the next calendar built, so nothing derived can lag behind it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from ravabet.network.models import Municipality, Network

from .curated import is_mourning
from .lunar import LunarMonths, Month, month_index
from .models import Correction
from .occasions import Day, Occasion, closure_dates, days_between, occasions_between, year_bounds

# The corrections' content as a hashable value: what a calendar's days off depend on
# besides the shipped data. (lunar month index → its first day, the closed days.)
CorrectionKey = tuple[tuple[tuple[int, dt.date], ...], tuple[dt.date, ...]]


class OfficialCalendar:
    def __init__(self, corrections: Iterable[Correction] = ()) -> None:
        lunar: dict[int, dt.date] = {}
        self.closures: list[tuple[dt.date, str]] = []
        self.corrections = sorted(corrections, key=lambda c: (c.recorded_at, c.pk or 0))
        for correction in self.corrections:
            if correction.is_lunar:
                # In recording order: the latest word on a month holds.
                lunar[correction.month_index] = correction.date
            else:
                self.closures.append((correction.date, correction.title))
        self.lunar = LunarMonths(lunar)
        self.correction_key: CorrectionKey = (
            tuple(sorted(lunar.items())),
            tuple(sorted({day for day, _title in self.closures})),
        )

    @classmethod
    def nationwide(cls) -> OfficialCalendar:
        return cls(Correction.objects.nationwide())

    @classmethod
    def for_network(cls, network: Network | None) -> OfficialCalendar:
        return cls(Correction.objects.for_network(network))

    @classmethod
    def for_municipality(cls, municipality: Municipality) -> OfficialCalendar:
        return cls(Correction.objects.for_municipality(municipality))

    @classmethod
    def for_place(cls, place: Municipality | Network) -> OfficialCalendar:
        """The calendar a municipality's office, or a network's secretariat, plans on."""
        if isinstance(place, Network):
            return cls.for_network(place)
        return cls.for_municipality(place)

    def occasions(self, start: dt.date, end: dt.date) -> list[Occasion]:
        return occasions_between(start, end, self.lunar, self.closures)

    def days(self, start: dt.date, end: dt.date) -> dict[dt.date, Day]:
        """Days with any occasion, keyed by date; each says whether it is an estimate."""
        return days_between(start, end, self.lunar, self.closures)

    def year(self, year: int) -> list[Day]:
        """The days of a Jalali year that carry an occasion, in order."""
        start, end = year_bounds(year)
        return sorted(self.days(start, end).values(), key=lambda d: d.date)

    def days_off(self, start: dt.date, end: dt.date) -> dict[dt.date, Day]:
        """Official days off (holidays and closures) from ``start`` to ``end`` inclusive.

        Fridays are not listed: the week is each office's own setting.
        """
        return {date: day for date, day in self.days(start, end).items() if day.holiday}

    def closure_dates(self, start: dt.date, end: dt.date) -> frozenset[dt.date]:
        """The dates of ``days_off(start, end)``, for counting working days: only the
        holiday entries are placed, and the answer is kept per process for the same
        corrections and range (the corrections are read with every calendar built, so a
        new one is a new key: nothing kept can lag behind it)."""
        return _closure_dates(self.correction_key, start, end)

    def holidays_of_year(self, year: int) -> list[Day]:
        return [day for day in self.year(year) if day.holiday]

    def mourning_on(self, day: dt.date) -> Occasion | None:
        """The day of mourning that ``day`` is (Ashura, 14 Khordad…), or None.

        Which occasions are mourning is curated in curated.py (the data does not say).
        A lunar one may rest on an estimate (``occasion.estimated``) or on a correction.
        """
        return next((o for o in self.occasions(day, day) if is_mourning(o)), None)

    def lunar_month(self, year: int, month: int) -> Month:
        return self.lunar.month(month_index(year, month))

    def to_hijri(self, day: dt.date) -> tuple[int, int, int, bool]:
        return self.lunar.to_hijri(day)


@functools.lru_cache(maxsize=256)
def _closure_dates(key: CorrectionKey, start: dt.date, end: dt.date) -> frozenset[dt.date]:
    lunar, closures = key
    return closure_dates(start, end, LunarMonths(dict(lunar)), closures)
