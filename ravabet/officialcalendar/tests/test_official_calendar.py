"""The official calendar against its data: a few known days of each kind, estimates flagged."""

from __future__ import annotations

import datetime as dt

import jdatetime
import pytest

from ravabet.officialcalendar import lunar
from ravabet.officialcalendar.official import OfficialCalendar

D = dt.date


def j(y: int, m: int, d: int) -> dt.date:
    return jdatetime.date(y, m, d).togregorian()


def titles(calendar: OfficialCalendar, day: dt.date) -> list[str]:
    return [o.title for o in calendar.occasions(day, day)]


@pytest.fixture
def calendar(db) -> OfficialCalendar:  # type: ignore[no-untyped-def]
    return OfficialCalendar.nationwide()


def test_nowruz_and_the_jalali_holidays_of_1404_and_1405(calendar) -> None:  # type: ignore[no-untyped-def]
    for year in (1404, 1405):
        off = calendar.days_off(*_year(year))
        for month, day in ((1, 1), (1, 2), (1, 3), (1, 4), (1, 12), (1, 13), (3, 14), (3, 15)):
            assert j(year, month, day) in off, (year, month, day)
            assert not off[j(year, month, day)].holiday_estimated
        assert j(year, 11, 22) in off and j(year, 12, 29) in off
        assert j(year, 1, 5) not in off


def _year(year: int) -> tuple[dt.date, dt.date]:
    return j(year, 1, 1), j(year + 1, 1, 1) - dt.timedelta(days=1)


def test_lunar_holidays_of_1404_come_from_the_table(calendar) -> None:  # type: ignore[no-untyped-def]
    off = calendar.days_off(*_year(1404))
    expected = {
        D(2025, 3, 31): "عید سعید فطر",  # 1 Shawwal 1446 = 11 Farvardin 1404
        D(2025, 4, 1): "تعطیل به مناسبت عید سعید فطر",
        D(2025, 6, 6): "عید سعید قربان",
        D(2025, 6, 14): "عید سعید غدیر خم (۱۰ ه\u200d.ق)",
        D(2025, 7, 5): "تاسوعای حسینی",
        D(2025, 7, 6): "عاشورای حسینی",
        D(2025, 8, 14): "اربعین حسینی",
        # "End of Safar": Safar 1447 has 30 days in the table.
        D(2025, 8, 24): "شهادت حضرت امام رضا (ع) (۲۰۳ ه\u200d.ق) (۳۰ صَفَر یا انتهای ماه)",
        D(2026, 3, 11): "شهادت حضرت امام علی (ع) (۴۰ ه\u200d.ق)",
    }
    for day, title in expected.items():
        assert title in off[day].holiday_titles, day
        assert not off[day].estimated
    assert len(off) == 26
    # 1 Shawwal 1447 is Nowruz 1405 itself: both occasions on one day, none a guess.
    nowruz = calendar.days(D(2026, 3, 21), D(2026, 3, 21))[D(2026, 3, 21)]
    assert {"آغاز نوروز", "عید سعید فطر"} <= set(nowruz.holiday_titles)
    assert not nowruz.estimated


def test_gregorian_and_rule_based_occasions(calendar) -> None:  # type: ignore[no-untyped-def]
    assert "ولادت حضرت عیسی مسیح (ع)" in titles(calendar, D(2025, 12, 25))
    assert "روز جهانی کار و کارگر" in titles(calendar, D(2026, 5, 1))
    # The days PR offices plan for.
    assert any("روابط عمومی" in t for t in titles(calendar, j(1405, 2, 27)))
    assert any("شهرداری" in t for t in titles(calendar, j(1405, 4, 14)))
    assert any("خبرنگار" in t for t in titles(calendar, j(1405, 5, 17)))
    # The second Friday of Mehr 1404 is 11 Mehr (3 October 2025).
    assert any("قالیشویان" in t for t in titles(calendar, j(1404, 7, 11)))
    assert j(1404, 7, 11).weekday() == 4
    # The eve of the year's last Wednesday: Tuesday 26 Esfand 1404.
    assert any("همسایگان" in t for t in titles(calendar, j(1404, 12, 26)))
    assert j(1404, 12, 26).weekday() == 1
    # A single-year event appears in its year only.
    assert any("خورشیدگرفتگی" in t for t in titles(calendar, j(1401, 8, 3)))
    assert not any("خورشیدگرفتگی" in t for t in titles(calendar, j(1402, 8, 3)))
    # Quds Day: the last Friday of Ramadan 1446 was 28 March 2025.
    assert any("قدس" in t for t in titles(calendar, D(2025, 3, 28)))


def test_a_year_past_the_table_is_computed_and_flagged_as_an_estimate(calendar) -> None:  # type: ignore[no-untyped-def]
    days = calendar.holidays_of_year(1410)

    def kinds(day):  # type: ignore[no-untyped-def]
        return {o.calendar for o in day.occasions if o.holiday}

    lunar_days = [d for d in days if kinds(d) == {"hijri"}]
    solar_days = [d for d in days if kinds(d) == {"jalali"}]
    assert len(lunar_days) >= 15 and len(solar_days) >= 8
    assert all(d.estimated and d.holiday_estimated for d in lunar_days)
    assert not any(d.holiday_estimated for d in solar_days)
    # 1405 straddles the table's end: Eid al-Fitr 1447 is printed, Tasua 1448 estimated.
    off = calendar.days_off(*_year(1405))
    tasua = next(d for d in off.values() if "تاسوعای حسینی" in d.holiday_titles)
    assert tasua.estimated
    assert not off[D(2026, 3, 22)].estimated  # the second day of Eid al-Fitr 1447


def test_lunar_months_from_the_table_and_past_it() -> None:
    months = lunar.LunarMonths()
    ramadan = months.month(lunar.month_index(1446, 9))
    assert (ramadan.start, ramadan.length, ramadan.estimated) == (D(2025, 3, 2), 29, False)
    assert months.to_hijri(D(2025, 3, 2)) == (1446, 9, 1, False)
    assert months.to_hijri(D(2025, 3, 30)) == (1446, 9, 29, False)
    assert months.to_hijri(D(2025, 3, 31)) == (1446, 10, 1, False)
    last = months.month(lunar.month_index(1447, 10))
    assert last.start == D(2026, 3, 21) and not last.start_estimated
    assert last.end_estimated  # its length hangs on an estimated Dhu al-Qa'dah
    after = months.month(lunar.month_index(1447, 11))
    assert after.start_estimated and 29 <= after.length <= 30


def test_the_estimate_is_never_more_than_a_day_off_the_table() -> None:
    """Back-test the estimator on the last dozen years the table knows."""
    known = lunar.table()
    first = lunar.month_index(1435, 1)
    errors = [
        (lunar.estimate_start(i) - known.starts[i]).days for i in range(first, known.last + 1)
    ]
    assert all(abs(e) <= 1 for e in errors)
    assert errors.count(0) / len(errors) > 0.85


def test_a_correction_moves_the_lunar_days_at_once(db, east_gilan) -> None:  # type: ignore[no-untyped-def]
    from ravabet.officialcalendar.actions import record_lunar_month

    before = OfficialCalendar.for_network(east_gilan).days_off(*_year(1405))
    assert D(2026, 6, 25) in before and D(2026, 6, 24) not in before  # Tasua, estimated
    # The printed calendar of 1405 starts Muharram 1448 on 16 June 2026.
    record_lunar_month(
        east_gilan,
        hijri_year=1448,
        hijri_month=1,
        began_on=D(2026, 6, 16),
        reason="تقویم رسمی ۱۴۰۵",
        by=None,
    )
    after = OfficialCalendar.for_network(east_gilan).days_off(*_year(1405))
    assert "تاسوعای حسینی" in after[D(2026, 6, 24)].holiday_titles
    assert "عاشورای حسینی" in after[D(2026, 6, 25)].holiday_titles
    assert not after[D(2026, 6, 24)].estimated  # the correction is not a guess
    assert D(2026, 6, 26) not in after
    # Only the network's members see it; the nationwide calendar is unchanged.
    assert D(2026, 6, 24) not in OfficialCalendar.nationwide().days_off(*_year(1405))


def test_a_later_correction_of_the_same_month_holds(db, east_gilan) -> None:  # type: ignore[no-untyped-def]
    from ravabet.officialcalendar.actions import record_lunar_month

    for began_on in (D(2026, 6, 18), D(2026, 6, 16)):
        record_lunar_month(
            east_gilan, hijri_year=1448, hijri_month=1, began_on=began_on, reason="x", by=None
        )
    calendar = OfficialCalendar.for_network(east_gilan)
    assert calendar.lunar_month(1448, 1).start == D(2026, 6, 16)
    # A month kept at 29 or 30 days: Dhu al-Hijjah 1447 before it is 29 days long.
    assert calendar.lunar_month(1447, 12).length == 29


def test_building_a_calendar_is_one_query(db, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(1):
        calendar = OfficialCalendar.nationwide()
        calendar.days_off(*_year(1405))
        calendar.days_off(*_year(1412))


def test_the_closure_dates_are_the_days_off_of_the_full_calendar(db, east_gilan) -> None:  # type: ignore[no-untyped-def]
    """The holidays-only path against every occasion placed: across Nowruz and the
    Gregorian new year, past the lunar table (estimated years), with a Hijri correction and
    an extra day off, and a correction recorded after a first answer was kept."""
    from ravabet.officialcalendar.actions import record_closure, record_lunar_month

    start, end = j(1404, 10, 1), j(1411, 1, 20)  # 22 Dec 2025 to April 2032

    def both(calendar: OfficialCalendar) -> tuple[frozenset[dt.date], set[dt.date]]:
        return calendar.closure_dates(start, end), set(calendar.days_off(start, end))

    fast, full = both(OfficialCalendar.for_network(east_gilan))
    assert fast == full
    estimated = OfficialCalendar.nationwide().holidays_of_year(1410)
    assert any(day.holiday_estimated for day in estimated)
    assert {day.date for day in estimated} <= fast and D(2025, 12, 25) not in fast
    record_lunar_month(
        east_gilan,
        hijri_year=1448,
        hijri_month=1,
        began_on=D(2026, 6, 16),
        reason="تقویم رسمی ۱۴۰۵",
        by=None,
    )
    record_closure(east_gilan, date=D(2026, 1, 1), title="برف سنگین", reason="x", by=None)
    corrected, corrected_full = both(OfficialCalendar.for_network(east_gilan))
    assert corrected == corrected_full != fast
    assert {D(2026, 6, 24), D(2026, 1, 1)} <= corrected and D(2026, 6, 26) not in corrected
    # The same range for a calendar without the corrections: the answer kept for it.
    assert OfficialCalendar.nationwide().closure_dates(start, end) == fast
    # Ranges that cut a holiday run and a lunar month in two.
    calendar = OfficialCalendar.for_network(east_gilan)
    for first, last in ((j(1405, 1, 2), j(1405, 1, 3)), (D(2026, 6, 25), D(2027, 1, 2))):
        assert calendar.closure_dates(first, last) == set(calendar.days_off(first, last))
