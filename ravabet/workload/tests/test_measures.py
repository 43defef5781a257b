from __future__ import annotations

import datetime as dt

import pytest

from ravabet.workload import thresholds
from ravabet.workload.measures import DAY, EVENING, NIGHT, measure, merge, overlaps, week_of
from ravabet.workload.models import Entry, Kind, Place
from ravabet.workload.tests.conftest import at

SATURDAY = dt.date(2026, 10, 31)  # 9 Aban 1405


def entry(day: dt.date, start: tuple[int, int], hours: float, **fields: object) -> Entry:
    starts = at(day, *start)
    return Entry(
        kind=str(fields.pop("kind", Kind.NEWS)),
        place=str(fields.pop("place", Place.OFFICE)),
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=hours),
        title="x",
        **fields,  # type: ignore[arg-type]
    )


def test_the_saturday_starts_the_week() -> None:
    assert SATURDAY.weekday() == thresholds.WEEK_STARTS
    assert week_of(SATURDAY) == SATURDAY
    assert week_of(SATURDAY + dt.timedelta(days=6)) == SATURDAY  # the Friday
    assert week_of(SATURDAY + dt.timedelta(days=7)) == SATURDAY + dt.timedelta(days=7)


def test_an_evening_that_runs_into_the_night_is_cut_at_the_bands_edges() -> None:
    # 17:00 to 01:00: 1 h of day, 4 h of evening, 3 h of night (art. 53: from 22:00).
    m = measure([entry(SATURDAY, (17, 0), 8)], {})
    assert m.bands == {DAY: pytest.approx(1), EVENING: pytest.approx(4), NIGHT: pytest.approx(3)}
    # The hour after midnight belongs to Sunday.
    assert m.days_worked == 2
    assert m.total == pytest.approx(8)


def test_overlapping_entries_count_once() -> None:
    a = entry(SATURDAY, (9, 0), 2)
    b = entry(SATURDAY, (10, 0), 2, place=Place.FIELD)
    m = measure([a, b], {})
    assert m.total == pytest.approx(3)
    assert m.field_hours == pytest.approx(2)
    assert overlaps([a, b]) == [(a, b)]
    assert merge([(a.starts_at, a.ends_at), (b.starts_at, b.ends_at)]) == [(a.starts_at, b.ends_at)]


def test_days_and_weeks_over_the_thresholds() -> None:
    # Saturday to Thursday, 7 hours a day: 42 h, over 36 (art. 52) but not 44 (art. 51).
    week = [entry(SATURDAY + dt.timedelta(days=d), (8, 0), 7) for d in range(6)]
    m = measure(week, {})
    assert m.days_over_hard == 6 and m.days_over_normal == 0
    assert [w.hours for w in m.weeks] == [pytest.approx(42)]
    assert (m.weeks_over_hard, m.weeks_over_normal) == (1, 0)
    # And a Friday of three hours: 45 h, over 44 too; the Friday is counted.
    friday = SATURDAY + dt.timedelta(days=6)
    m = measure([*week, entry(friday, (9, 0), 3)], {})
    assert (m.weeks_over_hard, m.weeks_over_normal) == (1, 1)
    assert (m.fridays_worked, m.friday_hours) == (1, pytest.approx(3))


def test_official_holidays_worked_on_the_calendar_given() -> None:
    monday = SATURDAY + dt.timedelta(days=2)
    m = measure([entry(monday, (10, 0), 2)], {monday: ["روز ملی"]})
    assert (m.holidays_worked, m.holiday_hours) == (1, pytest.approx(2))
    assert m.holiday_dates == [(monday, ["روز ملی"])]


def test_on_call_crisis_and_after_hours_requests() -> None:
    m = measure(
        [
            entry(SATURDAY, (23, 0), 2, kind=Kind.ON_CALL, after_hours_request=True),
            entry(SATURDAY + dt.timedelta(days=1), (14, 0), 5, kind=Kind.CRISIS),
        ],
        {},
    )
    assert (m.on_call_hours, m.crisis_hours, m.after_hours_requests) == (2, 5, 1)
    assert m.bands[NIGHT] == pytest.approx(2)


def test_a_week_past_the_period_is_marked_partial() -> None:
    m = measure(
        [entry(SATURDAY, (8, 0), 2)],
        {},
        period=(SATURDAY + dt.timedelta(days=-3), SATURDAY + dt.timedelta(days=2)),
    )
    assert m.weeks[0].partial
