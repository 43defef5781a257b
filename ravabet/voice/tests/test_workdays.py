import datetime as dt

import jdatetime

from ravabet.officialcalendar.official import OfficialCalendar
from ravabet.voice.models import Holiday, VoiceSettings
from ravabet.voice.workdays import add_working_days


def j(y: int, m: int, d: int) -> dt.date:
    return jdatetime.date(y, m, d).togregorian()


def test_1405_official_holidays_are_shipped(db) -> None:  # type: ignore[no-untyped-def]
    # The official days off are the official calendar's now, not rows of voice's own.
    dates = {day.date for day in OfficialCalendar.nationwide().holidays_of_year(1405)}
    assert {
        j(1405, 1, 1),
        j(1405, 1, 13),
        j(1405, 3, 14),
        j(1405, 11, 22),
        j(1405, 12, 29),
    } <= dates
    assert len(dates) >= 25


def test_friday_and_thursday_are_skipped(rudsar) -> None:  # type: ignore[no-untyped-def]
    saturday = j(1405, 9, 7)
    assert saturday.weekday() == 5
    # Sat -> Sun, Mon, Tue, Wed, (Thu, Fri off), Sat
    assert add_working_days(rudsar, saturday, 5) == j(1405, 9, 14)
    settings = VoiceSettings.for_municipality(rudsar)
    settings.thursday_off = False
    settings.save()
    assert add_working_days(rudsar, saturday, 5) == j(1405, 9, 12)  # the Thursday counts


def test_holidays_are_skipped_global_and_local(rudsar, lahijan) -> None:  # type: ignore[no-untyped-def]
    # The week of 1405/10/16 (Mab'ath, a Wednesday).
    tuesday = j(1405, 10, 15)
    assert tuesday.weekday() == 1
    # Wed is a holiday, Thu and Fri off: the next working day is Saturday.
    assert add_working_days(rudsar, tuesday, 1) == j(1405, 10, 19)
    Holiday.objects.create(municipality=rudsar, date=j(1405, 10, 19), name="تعطیلی محلی")
    assert add_working_days(rudsar, tuesday, 1) == j(1405, 10, 20)
    assert add_working_days(lahijan, tuesday, 1) == j(1405, 10, 19)  # not Lahijan's holiday


def test_nowruz_holds_off_deadlines(rudsar) -> None:  # type: ignore[no-untyped-def]
    last_day = j(1404, 12, 28)
    # Nowruz 1-4 and 12-13 are official days off (and so, in the calendar, is 29 Esfand).
    result = add_working_days(rudsar, last_day, 2)
    assert result > j(1405, 1, 4)
