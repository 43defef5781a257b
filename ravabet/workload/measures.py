"""The measures of a log: hours by time band, days off worked, field, on-call and crisis
hours, after-hours requests, and the days and weeks that pass the legal thresholds.

Overlapping entries count once: the hours are those of the union of the entries' times
(a news item written during a meeting is not two hours of work). Times are cut at Tehran's
midnight and at the bands' edges (thresholds.py), so an evening that runs into the night
counts in both bands, and a night shift's hours after midnight count for the next day.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ravabet.lib import jalali

from . import thresholds
from .models import Entry, Kind, Place

DAY, EVENING, NIGHT = "day", "evening", "night"
Span = tuple[dt.datetime, dt.datetime]


def merge(spans: Iterable[Span]) -> list[Span]:
    """The union of the spans, as disjoint spans in order."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _band(local: dt.datetime) -> str:
    t = local.time()
    if thresholds.NIGHT_ENDS <= t < thresholds.EVENING_STARTS:
        return DAY
    if thresholds.EVENING_STARTS <= t < thresholds.NIGHT_STARTS:
        return EVENING
    return NIGHT


_EDGES = (dt.time(0, 0), thresholds.NIGHT_ENDS, thresholds.EVENING_STARTS, thresholds.NIGHT_STARTS)


def pieces(start: dt.datetime, end: dt.datetime) -> Iterable[tuple[dt.date, str, float]]:
    """(Tehran date, band, hours) of a span, cut at midnight and at the bands' edges."""
    local_start = start.astimezone(jalali.TEHRAN)
    local_end = end.astimezone(jalali.TEHRAN)
    cuts = [local_start]
    day = local_start.date()
    while day <= local_end.date():
        for edge in _EDGES:
            at = dt.datetime.combine(day, edge, tzinfo=jalali.TEHRAN)
            if local_start < at < local_end:
                cuts.append(at)
        day += dt.timedelta(days=1)
    cuts.append(local_end)
    for a, b in itertools.pairwise(cuts):
        hours = (b - a).total_seconds() / 3600
        if hours > 0:
            yield a.date(), _band(a), hours


def week_of(day: dt.date) -> dt.date:
    """The Saturday that starts ``day``'s week."""
    return day - dt.timedelta(days=(day.weekday() - thresholds.WEEK_STARTS) % 7)


@dataclass
class Week:
    saturday: dt.date
    hours: float
    # The week runs past the period asked for: its hours are only those inside it.
    partial: bool = False

    @property
    def over_normal(self) -> bool:
        return self.hours > thresholds.NORMAL_WEEK_HOURS

    @property
    def over_hard(self) -> bool:
        return self.hours > thresholds.HARD_WEEK_HOURS

    @property
    def friday(self) -> dt.date:
        return self.saturday + dt.timedelta(days=6)


@dataclass
class KindLine:
    kind: str
    label: str
    count: int = 0
    hours: float = 0.0
    examples: list[Entry] = field(default_factory=list)


@dataclass
class Measures:
    """One person's (or a group's: summed) measures over a period."""

    people: int = 1
    entries: int = 0
    bands: dict[str, float] = field(default_factory=lambda: {DAY: 0.0, EVENING: 0.0, NIGHT: 0.0})
    field_hours: float = 0.0
    on_call_hours: float = 0.0
    crisis_hours: float = 0.0
    after_hours_requests: int = 0
    fridays_worked: int = 0
    friday_hours: float = 0.0
    holidays_worked: int = 0
    holiday_hours: float = 0.0
    days_worked: int = 0
    days_over_normal: int = 0
    days_over_hard: int = 0
    weeks: list[Week] = field(default_factory=list)
    by_kind: dict[str, KindLine] = field(default_factory=dict)
    holiday_dates: list[tuple[dt.date, list[str]]] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(self.bands.values())

    @property
    def out_of_hours(self) -> float:
        return self.bands[EVENING] + self.bands[NIGHT]

    @property
    def weeks_over_normal(self) -> int:
        return sum(1 for w in self.weeks if w.over_normal)

    @property
    def weeks_over_hard(self) -> int:
        return sum(1 for w in self.weeks if w.over_hard)

    @property
    def field_share(self) -> float:
        return self.field_hours / self.total if self.total else 0.0

    @property
    def kinds(self) -> list[KindLine]:
        return sorted(self.by_kind.values(), key=lambda line: -line.hours)

    def add(self, other: Measures) -> None:
        """Sum ``other`` into this group's measures (a week over is a person-week over)."""
        self.people += other.people
        self.entries += other.entries
        for band, hours in other.bands.items():
            self.bands[band] += hours
        for name in (
            "field_hours",
            "on_call_hours",
            "crisis_hours",
            "after_hours_requests",
            "fridays_worked",
            "friday_hours",
            "holidays_worked",
            "holiday_hours",
            "days_worked",
            "days_over_normal",
            "days_over_hard",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.weeks.extend(other.weeks)
        for kind, line in other.by_kind.items():
            mine = self.by_kind.setdefault(kind, KindLine(kind, line.label))
            mine.count += line.count
            mine.hours += line.hours
            mine.examples.extend(line.examples[: max(EXAMPLES - len(mine.examples), 0)])


EXAMPLES = 3


def measure(
    entries: Sequence[Entry],
    days_off: dict[dt.date, list[str]],
    *,
    period: tuple[dt.date, dt.date] | None = None,
) -> Measures:
    """The measures of one person's entries (dismissed ones left out by the caller).

    ``days_off``: the official holidays of the period (OfficialCalendar.days_off), by date
    with their titles. ``period``: first and last day, to mark the weeks that run past it.
    """
    result = Measures(entries=len(entries))
    per_day: dict[dt.date, float] = defaultdict(float)
    for start, end in merge((e.starts_at, e.ends_at) for e in entries):
        for day, band, hours in pieces(start, end):
            result.bands[band] += hours
            per_day[day] += hours
    result.field_hours = _union_hours(e for e in entries if e.place == Place.FIELD)
    result.on_call_hours = _union_hours(e for e in entries if e.kind == Kind.ON_CALL)
    result.crisis_hours = _union_hours(e for e in entries if e.kind == Kind.CRISIS)
    result.after_hours_requests = sum(1 for e in entries if e.after_hours_request)
    for entry in entries:
        line = result.by_kind.setdefault(
            entry.kind, KindLine(entry.kind, str(Kind(entry.kind).label))
        )
        line.count += 1
        line.hours += entry.hours
        if len(line.examples) < EXAMPLES:
            line.examples.append(entry)
    result.days_worked = len(per_day)
    for day, hours in sorted(per_day.items()):
        if day.weekday() == thresholds.FRIDAY:
            result.fridays_worked += 1
            result.friday_hours += hours
        if day in days_off:
            result.holidays_worked += 1
            result.holiday_hours += hours
            result.holiday_dates.append((day, days_off[day]))
        result.days_over_normal += hours > thresholds.NORMAL_DAY_HOURS
        result.days_over_hard += hours > thresholds.HARD_DAY_HOURS
    weeks: dict[dt.date, float] = defaultdict(float)
    for day, hours in per_day.items():
        weeks[week_of(day)] += hours
    for saturday, hours in sorted(weeks.items()):
        partial = period is not None and (
            saturday < period[0] or saturday + dt.timedelta(days=6) > period[1]
        )
        result.weeks.append(Week(saturday, hours, partial))
    return result


def _union_hours(entries: Iterable[Entry]) -> float:
    return (
        sum((b - a).total_seconds() for a, b in merge((e.starts_at, e.ends_at) for e in entries))
        / 3600
    )


def group(measures: Iterable[Measures]) -> Measures:
    """The sum of several people's measures."""
    total = Measures(people=0)
    for m in measures:
        total.add(m)
    return total


def overlaps(entries: Sequence[Entry]) -> list[tuple[Entry, Entry]]:
    """Pairs of entries whose times overlap, in order (the hours count once)."""
    pairs: list[tuple[Entry, Entry]] = []
    ordered = sorted(entries, key=lambda e: (e.starts_at, e.pk or 0))
    for i, entry in enumerate(ordered):
        for other in ordered[i + 1 :]:
            if other.starts_at >= entry.ends_at:
                break
            pairs.append((entry, other))
    return pairs
