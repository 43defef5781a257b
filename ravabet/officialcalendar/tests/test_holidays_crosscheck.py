"""An independent check: the MIT `holidays` package (country IR) on every lunar holiday.

Where our lunar months come from the published table, the two must agree to the day. Past
the table's end (from Dhu al-Qa'dah 1447, April 2026) ours is an estimate: flagged, and
never more than a day from the package's printed dates.
"""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from ravabet.officialcalendar import lunar
from ravabet.officialcalendar.occasions import Day
from ravabet.officialcalendar.official import OfficialCalendar

LUNAR = {
    "Birthday of Imam Ali",
    "Isra' and Mi'raj",
    "Birthday of Mahdi",
    "Martyrdom of Imam Ali",
    "Eid al-Fitr",
    "Eid al-Fitr Holiday",
    "Martyrdom of Imam Ja'far al-Sadiq",
    "Eid al-Adha",
    "Eid al-Ghadir",
    "Tasua",
    "Ashura",
    "Arbaeen",
    "Death of Prophet Muhammad and Martyrdom of Hasan ibn Ali",
    "Martyrdom of Ali al-Rida",
    "Martyrdom of Hasan al-Askari",
    "Birthday of Muhammad and Imam Ja'far al-Sadiq",
    "Martyrdom of Fatima",
}


def package_lunar_days() -> dict[dt.date, set[str]]:
    found: dict[dt.date, set[str]] = {}
    table = holidays.country_holidays("IR", years=[2024, 2025, 2026], language="en_US")
    for day, names in table.items():
        lunar_names = {n.strip() for n in names.split(";")} & LUNAR
        if lunar_names:
            found[day] = lunar_names
    return found


def table_end() -> dt.date:
    known = lunar.table()
    # The last published month's last day is only sure once the next month is known.
    return known.starts[known.last] + dt.timedelta(days=28)


@pytest.fixture
def ours(db) -> dict[dt.date, Day]:  # type: ignore[no-untyped-def]
    return OfficialCalendar.nationwide().days_off(dt.date(2024, 1, 1), dt.date(2026, 12, 31))


def test_every_lunar_holiday_of_2024_to_2026_within_the_table_agrees(ours) -> None:  # type: ignore[no-untyped-def]
    theirs = {d: n for d, n in package_lunar_days().items() if d <= table_end()}
    # The data's README measured this: 41 lunar holidays, all in agreement.
    assert sum(len(n) for n in theirs.values()) == 41
    for day in theirs:
        assert day in ours, (day, theirs[day])
        assert any(o.calendar == "hijri" for o in ours[day].occasions if o.holiday), day
        assert not ours[day].holiday_estimated, day
    ours_lunar = {
        day
        for day, entry in ours.items()
        if day <= table_end() and any(o.calendar == "hijri" for o in entry.occasions if o.holiday)
    }
    assert ours_lunar == set(theirs)


def test_past_the_table_ours_are_estimates_within_a_day(ours) -> None:  # type: ignore[no-untyped-def]
    theirs = {d: n for d, n in package_lunar_days().items() if d > table_end()}
    assert len(theirs) >= 10
    lunar_ours = {
        day: entry
        for day, entry in ours.items()
        if day > table_end() and any(o.calendar == "hijri" for o in entry.occasions if o.holiday)
    }
    exact = 0
    for day in theirs:
        near = [lunar_ours.get(day + dt.timedelta(days=k)) for k in (0, -1, 1)]
        match = next((entry for entry in near if entry is not None), None)
        assert match is not None, (day, theirs[day])
        lunar_holidays = [o for o in match.occasions if o.holiday and o.calendar == "hijri"]
        assert all(o.estimated for o in lunar_holidays), day
        exact += day in lunar_ours
    assert exact / len(theirs) >= 0.8
