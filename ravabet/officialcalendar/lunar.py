"""The Hijri (lunar) months as Iran keeps them: the shipped table, estimates past it, corrections.

Iran starts a lunar month by the sighting of the crescent, so no arithmetic calendar gives
its dates (Umm al-Qura converters are a day early in most months of 1440–1447 AH). The
table in data/qamari-consolidated.txt records the first day of every month 1265/1–1447/10.
Outside it a month's first day is estimated: the astronomical new moon (Meeus, chapter 49)
and the first evening on which the moon is at least 18 hours old at Tehran's sunset. Against
the table's months of 1435–1447 that guess is right in 92 % of months and never more than a
day off; every date drawn from it carries ``estimated=True``.

Nothing here touches the database: corrections come in as a mapping, month index to date.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
TABLE_FILE = DATA / "qamari-consolidated.txt"

MEAN_MONTH = 29.530588861
# A month is never shorter or longer than this, whatever a correction does to its neighbours.
MIN_LENGTH, MAX_LENGTH = 29, 30
# Hours the moon must be old at Tehran's sunset for the next day to start a month (fitted
# on the table: 17 h and 19 h are each worse).
CRESCENT_AGE_HOURS = 18.0
TEHRAN_LATITUDE, TEHRAN_LONGITUDE = 35.69, 51.39
# A correction can only push its neighbours this far; the forward pass starts this many
# months before what is asked for.
_LEAD_MONTHS = 12

MONTH_NAMES_FA = (
    "محرم",
    "صفر",
    "ربیع‌الاول",
    "ربیع‌الثانی",
    "جمادی‌الاول",
    "جمادی‌الثانی",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذی‌القعده",
    "ذی‌الحجه",
)
MONTH_NAMES_EN = (
    "Muharram",
    "Safar",
    "Rabi' al-Awwal",
    "Rabi' al-Thani",
    "Jumada al-Ula",
    "Jumada al-Akhirah",
    "Rajab",
    "Sha'ban",
    "Ramadan",
    "Shawwal",
    "Dhu al-Qa'dah",
    "Dhu al-Hijjah",
)


def month_index(year: int, month: int) -> int:
    """Months since 1/1 AH: one integer orders and subtracts months."""
    if not 1 <= month <= 12:
        raise ValueError(f"Hijri month must be between 1 and 12, got {month}")
    return (year - 1) * 12 + (month - 1)


def year_month(index: int) -> tuple[int, int]:
    return index // 12 + 1, index % 12 + 1


@dataclass(frozen=True)
class Table:
    starts: Mapping[int, dt.date]
    first: int
    last: int


@functools.cache
def table() -> Table:
    """The shipped month starts, read once per process."""
    starts: dict[int, dt.date] = {}
    pattern = re.compile(r"\*?(\d+)/(\d+)\s+(\d{4}-\d\d-\d\d)")
    for line in TABLE_FILE.read_text(encoding="utf-8").splitlines():
        match = pattern.match(line.strip())
        if match:
            index = month_index(int(match[1]), int(match[2]))
            starts[index] = dt.date.fromisoformat(match[3])
    return Table(starts=starts, first=min(starts), last=max(starts))


# --- the estimate ---------------------------------------------------------------------

_NEW_MOON_EPOCH = dt.date(2000, 1, 6)  # k = 0 in Meeus
_JD_UNIX_EPOCH = 2440587.5


def _new_moon(k: int) -> dt.datetime:
    """The instant (UTC) of the k-th new moon after January 2000, to a few minutes."""
    t = k / 1236.85
    jde = (
        2451550.09766
        + 29.530588861 * k
        + 0.00015437 * t**2
        - 0.000000150 * t**3
        + 0.00000000073 * t**4
    )
    r = math.radians
    m = r(2.5534 + 29.10535670 * k - 0.0000014 * t**2 - 0.00000011 * t**3)
    mp = r(201.5643 + 385.81693528 * k + 0.0107582 * t**2 + 0.00001238 * t**3)
    f = r(160.7108 + 390.67050284 * k - 0.0016118 * t**2 - 0.00000227 * t**3)
    om = r(124.7746 - 1.56375588 * k + 0.0020672 * t**2 + 0.00000215 * t**3)
    e = 1 - 0.002516 * t - 0.0000074 * t**2
    s = math.sin
    jde += (
        -0.40720 * s(mp)
        + 0.17241 * e * s(m)
        + 0.01608 * s(2 * mp)
        + 0.01039 * s(2 * f)
        + 0.00739 * e * s(mp - m)
        - 0.00514 * e * s(mp + m)
        + 0.00208 * e * e * s(2 * m)
        - 0.00111 * s(mp - 2 * f)
        - 0.00057 * s(mp + 2 * f)
        + 0.00056 * e * s(2 * mp + m)
        - 0.00042 * s(3 * mp)
        + 0.00042 * e * s(m + 2 * f)
        + 0.00038 * e * s(m - 2 * f)
        - 0.00024 * e * s(2 * mp - m)
        - 0.00017 * s(om)
        - 0.00007 * s(mp + 2 * m)
        + 0.00004 * s(2 * mp - 2 * f)
        + 0.00004 * s(3 * m)
        + 0.00003 * s(mp + m - 2 * f)
        + 0.00003 * s(2 * mp + 2 * f)
        - 0.00003 * s(mp + m + 2 * f)
        + 0.00003 * s(mp - m + 2 * f)
        - 0.00002 * s(mp - m - 2 * f)
        - 0.00002 * s(3 * mp + m)
        + 0.00002 * s(4 * mp)
    )
    # Dynamical time runs about a minute ahead of UTC: nothing at a day's resolution.
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=jde - _JD_UNIX_EPOCH)


def _sunset_tehran(day: dt.date) -> dt.datetime:
    """Sunset in Tehran, in UTC (NOAA's short formulae: a minute or two)."""
    g = 2 * math.pi / 365 * (day.timetuple().tm_yday - 1)
    equation_of_time = 229.18 * (
        0.000075
        + 0.001868 * math.cos(g)
        - 0.032077 * math.sin(g)
        - 0.014615 * math.cos(2 * g)
        - 0.040849 * math.sin(2 * g)
    )
    declination = (
        0.006918
        - 0.399912 * math.cos(g)
        + 0.070257 * math.sin(g)
        - 0.006758 * math.cos(2 * g)
        + 0.000907 * math.sin(2 * g)
        - 0.002697 * math.cos(3 * g)
        + 0.00148 * math.sin(3 * g)
    )
    latitude = math.radians(TEHRAN_LATITUDE)
    hour_angle = math.degrees(
        math.acos(
            math.cos(math.radians(90.833)) / (math.cos(latitude) * math.cos(declination))
            - math.tan(latitude) * math.tan(declination)
        )
    )
    minutes = 720 - 4 * (TEHRAN_LONGITUDE - hour_angle) - equation_of_time
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)


def estimate_start(index: int) -> dt.date:
    """The first day of month ``index`` by the crescent's age at Tehran's sunset."""
    known = table()
    anchor = known.last if index > known.last else known.first
    rough = known.starts[anchor] + dt.timedelta(days=round((index - anchor) * MEAN_MONTH))
    # The conjunction falls one or two days before the month begins.
    k = round(((rough - _NEW_MOON_EPOCH).days - 1.5) / MEAN_MONTH)
    conjunction = _new_moon(k)
    day = conjunction.date()
    while (_sunset_tehran(day) - conjunction).total_seconds() < CRESCENT_AGE_HOURS * 3600:
        day += dt.timedelta(days=1)
    return day + dt.timedelta(days=1)


# --- the months with corrections --------------------------------------------------------


@dataclass(frozen=True)
class Month:
    index: int
    start: dt.date
    length: int
    # The first day is a guess; the last day is a guess (it hangs on the next month's start).
    start_estimated: bool
    end_estimated: bool
    corrected: bool

    @property
    def estimated(self) -> bool:
        return self.start_estimated or self.end_estimated

    @property
    def year(self) -> int:
        return year_month(self.index)[0]

    @property
    def month(self) -> int:
        return year_month(self.index)[1]

    @property
    def end(self) -> dt.date:
        """The last day, inclusive."""
        return self.start + dt.timedelta(days=self.length - 1)


class LunarMonths:
    """The months for one set of corrections (month index → the day it really began)."""

    def __init__(self, corrections: Mapping[int, dt.date] | None = None) -> None:
        self.corrections = dict(corrections or {})
        self._cache: dict[int, tuple[dt.date, bool, bool]] = {}

    def _raw(self, index: int) -> tuple[dt.date, bool, bool]:
        """(start, estimated, corrected) before the neighbours are made to fit."""
        if index in self.corrections:
            return self.corrections[index], False, True
        known = table()
        if index in known.starts:
            return known.starts[index], False, False
        return _cached_estimate(index), True, False

    def _starts(self, first: int, last: int) -> None:
        """Fill the cache for ``first``..``last``: every uncorrected month after a
        corrected one keeps 29 or 30 days, so a day added to Ramadan moves Shawwal
        only when Ramadan would otherwise be 28 days long."""
        if all(i in self._cache for i in range(first, last + 1)):
            return
        previous: dt.date | None = None
        begin = first - _LEAD_MONTHS
        for index in range(begin, last + 1):
            start, estimated, corrected = self._raw(index)
            if previous is not None and not corrected:
                low = previous + dt.timedelta(days=MIN_LENGTH)
                high = previous + dt.timedelta(days=MAX_LENGTH)
                start = min(max(start, low), high)
            if index >= first:
                self._cache[index] = (start, estimated, corrected)
            previous = start

    def month(self, index: int) -> Month:
        self._starts(index, index + 1)
        start, estimated, corrected = self._cache[index]
        following, next_estimated, _c = self._cache[index + 1]
        return Month(
            index=index,
            start=start,
            length=(following - start).days,
            start_estimated=estimated,
            # The month's last day is only as sure as the next month's first.
            end_estimated=next_estimated,
            corrected=corrected,
        )

    def between(self, start: dt.date, end: dt.date) -> list[Month]:
        """Every month with a day in ``start``..``end`` (inclusive)."""
        first = self.index_of(start)
        last = self.index_of(end)
        self._starts(first, last + 1)
        return [self.month(i) for i in range(first, last + 1)]

    def index_of(self, day: dt.date) -> int:
        """The index of the month that ``day`` falls in."""
        known = table()
        anchor = known.last if day > known.starts[known.last] else known.first
        guess = anchor + math.floor((day - known.starts[anchor]).days / MEAN_MONTH)
        for _step in range(6):
            self._starts(guess, guess + 1)
            if day < self._cache[guess][0]:
                guess -= 1
            elif day >= self._cache[guess + 1][0]:
                guess += 1
            else:
                return guess
        raise AssertionError(f"no lunar month found for {day}")  # pragma: no cover

    def to_hijri(self, day: dt.date) -> tuple[int, int, int, bool]:
        """(year, month, day, estimated) of a Gregorian date."""
        month = self.month(self.index_of(day))
        number = (day - month.start).days + 1
        estimated = month.start_estimated or (number == MAX_LENGTH and month.end_estimated)
        return (month.year, month.month, number, estimated)


@functools.lru_cache(maxsize=4096)
def _cached_estimate(index: int) -> dt.date:
    return estimate_start(index)
