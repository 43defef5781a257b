"""The tables a log is read in: a person's month, an office's period, the network's.

Each report reads its entries in one query and the official calendar once; a group of fewer
than MIN_GROUP people is reported as "too few to show", never with its numbers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ravabet.network.models import Municipality, Network, User
from ravabet.officialcalendar.official import OfficialCalendar

from . import survey, thresholds
from .measures import Measures, group, measure
from .models import Entry, WorkMonth, day_start


def days_off(calendar: OfficialCalendar, start: dt.date, end: dt.date) -> dict[dt.date, list[str]]:
    return {day: info.holiday_titles for day, info in calendar.days_off(start, end).items()}


def months_between(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    from ravabet.lib import jalali

    months: list[tuple[int, int]] = []
    day = start
    while day <= end:
        year, month, _d = jalali.to_jalali(day)
        if (year, month) not in months:
            months.append((year, month))
        day = jalali.month_bounds(year, month)[1] + dt.timedelta(days=1)
    return months


def month_measures(month: WorkMonth, entries: list[Entry]) -> Measures:
    calendar = OfficialCalendar.for_municipality(month.municipality)
    return measure(
        [e for e in entries if not e.dismissed],
        days_off(calendar, month.first_day, month.last_day),
        period=(month.first_day, month.last_day),
    )


def _period_entries(start: dt.date, end: dt.date, confirmed_by: dt.datetime | None = None):  # type: ignore[no-untyped-def]
    return (
        Entry.objects.counted()
        .confirmed(confirmed_by)
        .starting_between(day_start(start), day_start(end + dt.timedelta(days=1)))
        .in_order()
    )


@dataclass
class OfficeReport:
    municipality: Municipality
    start: dt.date
    end: dt.date
    people: list[tuple[User, Measures]] = field(default_factory=list)
    total: Measures = field(default_factory=lambda: Measures(people=0))
    wellbeing: survey.Result = field(default_factory=lambda: survey.Result(answers=0))
    unconfirmed: int = 0  # months of the period still waiting for their person


def office_report(
    municipality: Municipality,
    start: dt.date,
    end: dt.date,
    *,
    person: User | None = None,
    confirmed_by: dt.datetime | None = None,
) -> OfficeReport:
    """The confirmed log of an office (or one of its people) over a period."""
    entries = _period_entries(start, end, confirmed_by).filter(month__municipality=municipality)
    if person is not None:
        entries = entries.filter(month__person=person)
    by_person: dict[int, list[Entry]] = defaultdict(list)
    people: dict[int, User] = {}
    for entry in entries.select_related("month__person"):
        by_person[entry.month.person_id].append(entry)
        people[entry.month.person_id] = entry.month.person
    off = days_off(OfficialCalendar.for_municipality(municipality), start, end)
    rows = [
        (people[pk], measure(rows, off, period=(start, end)))
        for pk, rows in sorted(by_person.items(), key=lambda item: str(people[item[0]]))
    ]
    months = months_between(start, end)
    waiting = WorkMonth.objects.filter(municipality=municipality, confirmed_at__isnull=True)
    if person is not None:
        waiting = waiting.filter(person=person)
    unconfirmed = sum(1 for ym in waiting.values_list("year", "month") if ym in months)
    return OfficeReport(
        municipality,
        start,
        end,
        rows,
        group(m for _p, m in rows),
        survey.for_period([municipality.pk], months),
        unconfirmed,
    )


@dataclass
class OfficeLine:
    municipality: Municipality
    people: int
    measures: Measures | None  # None: not shown (too few, or withheld: see below)
    withheld: bool = False  # big enough, but its numbers would give away a small office


@dataclass
class NetworkReport:
    network: Network
    start: dt.date
    end: dt.date
    offices: list[OfficeLine]
    total: Measures | None
    people: int
    wellbeing: survey.Result


def network_report(network: Network, start: dt.date, end: dt.date) -> NetworkReport:
    """The members' confirmed logs, summed: by office where an office has at least
    MIN_GROUP people, and for the network where it has."""
    members = list(network.members.order_by("name"))
    entries = _period_entries(start, end).filter(month__municipality__in=members)
    per: dict[tuple[int, int], list[Entry]] = defaultdict(list)
    for entry in entries.select_related("month"):
        per[(entry.month.municipality_id, entry.month.person_id)].append(entry)
    off = days_off(OfficialCalendar.for_network(network), start, end)
    measured: dict[int, list[Measures]] = defaultdict(list)
    for (municipality_id, _person), rows in per.items():
        measured[municipality_id].append(measure(rows, off, period=(start, end)))
    lines = []
    everyone: list[Measures] = []
    for municipality in members:
        people = measured.get(municipality.pk, [])
        everyone.extend(people)
        shown = group(people) if len(people) >= thresholds.MIN_GROUP else None
        lines.append(OfficeLine(municipality, len(people), shown))
    total = group(everyone) if len(everyone) >= thresholds.MIN_GROUP else None
    # The network's total less the offices shown is the offices hidden: if those are fewer
    # than MIN_GROUP people (but some), the offices are not shown one by one at all.
    hidden = sum(line.people for line in lines if line.measures is None)
    if total is not None and 0 < hidden < thresholds.MIN_GROUP:
        for line in lines:
            if line.measures is not None:
                line.measures, line.withheld = None, True
    wellbeing = survey.for_period([m.pk for m in members], months_between(start, end))
    return NetworkReport(network, start, end, lines, total, len(everyone), wellbeing)
