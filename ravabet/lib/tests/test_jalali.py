"""ravabet.lib.jalali against the official calendar table, and its display filters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import jdatetime
import pytest
from django.template import Context, Engine
from django.utils import translation

from ravabet.core.templatetags import jalali as tags
from ravabet.lib.jalali import (
    TEHRAN,
    JalaliParseError,
    JalaliQuarter,
    days_in_month,
    format_date,
    format_datetime,
    format_numeric,
    format_numeric_datetime,
    from_jalali,
    is_leap,
    month_bounds,
    month_name,
    nowruz,
    parse_date,
    parse_datetime,
    to_jalali,
    today,
    weekday_name,
)

UTC = dt.UTC


class KabiseRow(NamedTuple):
    year: int
    leap: bool
    nowruz: dt.date


def _read_table() -> dict[int, KabiseRow]:
    rows: dict[int, KabiseRow] = {}
    for line in (Path(__file__).with_name("kabise_rows.txt")).read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        marked_year, iso = line.split()
        year = int(marked_year.rstrip("*"))
        rows[year] = KabiseRow(year, marked_year.endswith("*"), dt.date.fromisoformat(iso))
    return rows


TABLE = _read_table()

# The project relies on 1300 onwards (every stored date is modern), which is also where
# jdatetime's 33-year rule is known to match the astronomical calendar (it first departs
# in 1503, past the table). The table also covers 1206-1299, where the two happen to agree
# as well, but nothing here depends on those years, so they are not pinned.
CHECKED_YEARS = [year for year in sorted(TABLE) if 1300 <= year <= 1500]


# --- the official table -------------------------------------------------------------


def test_table_is_complete() -> None:
    assert sorted(TABLE) == list(range(1206, 1499))
    assert list(range(1300, 1499)) == CHECKED_YEARS


def test_table_star_marks_a_366_day_year() -> None:
    # What a star means, read from the data itself: Y is starred exactly when the next
    # Nowruz comes 366 days after Y's, i.e. Esfand of Y has 30 days.
    for year in sorted(TABLE)[:-1]:
        length = (TABLE[year + 1].nowruz - TABLE[year].nowruz).days
        assert length == (366 if TABLE[year].leap else 365), year


def test_nowruz_matches_official_table() -> None:
    wrong = {y: (nowruz(y), TABLE[y].nowruz) for y in CHECKED_YEARS if nowruz(y) != TABLE[y].nowruz}
    assert wrong == {}
    assert len(CHECKED_YEARS) == 199


def test_leap_years_match_official_table() -> None:
    wrong = [y for y in CHECKED_YEARS if is_leap(y) != TABLE[y].leap]
    assert wrong == []


def test_esfand_length_and_year_end_match_official_table() -> None:
    for year in CHECKED_YEARS:
        assert days_in_month(year, 12) == (30 if TABLE[year].leap else 29), year
        if year + 1 in TABLE:
            last_day = month_bounds(year, 12)[1]
            assert last_day + dt.timedelta(days=1) == TABLE[year + 1].nowruz, year
            assert JalaliQuarter(year, 4).end == last_day


# --- conversion ---------------------------------------------------------------------


def test_to_and_from_jalali() -> None:
    assert to_jalali(dt.date(2026, 5, 17)) == (1405, 2, 27)
    assert from_jalali(1405, 2, 27) == dt.date(2026, 5, 17)
    assert to_jalali(jdatetime.date(1405, 2, 27)) == (1405, 2, 27)


def test_every_day_round_trips_through_numeric_text() -> None:
    day = dt.date(2022, 3, 1)
    while day < dt.date(2028, 4, 1):
        assert parse_date(format_numeric(day)) == day
        day += dt.timedelta(days=1)


def test_aware_datetime_is_taken_in_tehran() -> None:
    # 21:00 UTC is 00:30 the next day in Tehran.
    late = dt.datetime(2026, 5, 17, 21, 0, tzinfo=UTC)
    assert to_jalali(late) == (1405, 2, 28)
    assert to_jalali(dt.datetime(2026, 5, 17, 20, 29, tzinfo=UTC)) == (1405, 2, 27)


@pytest.mark.parametrize(
    "call",
    [
        lambda v: format_date(v),
        lambda v: format_datetime(v),
        lambda v: format_numeric(v),
        lambda v: to_jalali(v),
        lambda v: JalaliQuarter.of(v),
        lambda v: JalaliQuarter(1405, 1).contains(v),
    ],
)
def test_naive_datetime_is_rejected(call: Callable[[dt.datetime], object]) -> None:
    naive = dt.datetime(2026, 5, 17, 10, 30)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="naive"):
        call(naive)


def test_month_helpers() -> None:
    assert month_bounds(1405, 2) == (dt.date(2026, 4, 21), dt.date(2026, 5, 21))
    assert month_bounds(1404, 12) == (dt.date(2026, 2, 20), dt.date(2026, 3, 20))
    assert [days_in_month(1405, m) for m in range(1, 13)] == [31] * 6 + [30] * 5 + [29]
    assert days_in_month(1403, 12) == 30
    with pytest.raises(JalaliParseError) as excinfo:
        days_in_month(1405, 13)
    assert excinfo.value.code == "month"
    assert month_name(1, lang="fa") == "فروردین"
    assert month_name(12, lang="en") == "Esfand"


def test_today_is_tehran_date() -> None:
    expected = to_jalali(dt.datetime.now(tz=TEHRAN))
    assert (today().year, today().month, today().day) == expected


# --- formatting ---------------------------------------------------------------------

SUNDAY = dt.date(2026, 5, 17)  # 27 Ordibehesht 1405
TUESDAY = dt.date(2026, 5, 19)  # 29 Ordibehesht 1405


@pytest.mark.parametrize(
    ("lang", "value", "weekday", "expected"),
    [
        ("fa", SUNDAY, False, "۲۷ اردیبهشت ۱۴۰۵"),
        ("fa", SUNDAY, True, "یکشنبه ۲۷ اردیبهشت ۱۴۰۵"),
        ("fa", TUESDAY, True, "سه\u200cشنبه ۲۹ اردیبهشت ۱۴۰۵"),
        ("fa", dt.date(2026, 3, 20), False, "۲۹ اسفند ۱۴۰۴"),
        ("fa", dt.date(2026, 3, 21), True, "شنبه ۱ فروردین ۱۴۰۵"),
        ("fa", dt.date(2026, 12, 22), False, "۱ دی ۱۴۰۵"),
        ("en", SUNDAY, False, "27 Ordibehesht 1405"),
        ("en", SUNDAY, True, "Sunday, 27 Ordibehesht 1405"),
        ("en", dt.date(2025, 3, 20), False, "30 Esfand 1403"),
        ("en", dt.date(2026, 8, 23), False, "1 Shahrivar 1405"),
        ("en", dt.datetime(2026, 5, 17, 21, 0, tzinfo=UTC), False, "28 Ordibehesht 1405"),
        ("en", jdatetime.date(1405, 7, 1), False, "1 Mehr 1405"),
    ],
)
def test_format_date(lang: str, value: dt.date, weekday: bool, expected: str) -> None:
    with translation.override(lang):
        assert format_date(value, weekday=weekday) == expected
    # An explicit lang wins over the active language.
    with translation.override("en" if lang == "fa" else "fa"):
        assert format_date(value, weekday=weekday, lang=lang) == expected


def test_all_names() -> None:
    with translation.override("fa"):
        assert [month_name(m) for m in range(1, 13)] == [
            "فروردین",
            "اردیبهشت",
            "خرداد",
            "تیر",
            "مرداد",
            "شهریور",
            "مهر",
            "آبان",
            "آذر",
            "دی",
            "بهمن",
            "اسفند",
        ]
        week = [weekday_name(dt.date(2026, 3, 21) + dt.timedelta(days=i)) for i in range(7)]
        assert week == ["شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه"]
    with translation.override("en"):
        assert month_name(5) == "Mordad"
        assert month_name(10) == "Dey"
        assert weekday_name(dt.date(2026, 3, 21)) == "Saturday"


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [
        ("fa", dt.datetime(2026, 5, 17, 7, 0, tzinfo=UTC), "۲۷ اردیبهشت ۱۴۰۵، ساعت ۱۰:۳۰"),
        ("en", dt.datetime(2026, 5, 17, 7, 0, tzinfo=UTC), "27 Ordibehesht 1405, 10:30"),
        ("en", dt.datetime(2026, 5, 17, 21, 5, tzinfo=UTC), "28 Ordibehesht 1405, 00:35"),
        ("fa", dt.datetime(2026, 5, 17, 10, 30, tzinfo=TEHRAN), "۲۷ اردیبهشت ۱۴۰۵، ساعت ۱۰:۳۰"),
    ],
)
def test_format_datetime(lang: str, value: dt.datetime, expected: str) -> None:
    with translation.override(lang):
        assert format_datetime(value) == expected


def test_format_datetime_with_weekday() -> None:
    value = dt.datetime(2026, 5, 17, 7, 0, tzinfo=UTC)
    assert format_datetime(value, weekday=True, lang="fa") == "یکشنبه ۲۷ اردیبهشت ۱۴۰۵، ساعت ۱۰:۳۰"
    assert format_datetime(value, weekday=True, lang="en") == "Sunday, 27 Ordibehesht 1405, 10:30"


def test_format_numeric() -> None:
    assert format_numeric(SUNDAY) == "1405/02/27"
    assert format_numeric(dt.date(2026, 3, 21)) == "1405/01/01"
    assert format_numeric(dt.datetime(2026, 5, 17, 21, 0, tzinfo=UTC)) == "1405/02/28"
    with translation.override("fa"):
        assert format_numeric(SUNDAY) == "1405/02/27"
    assert format_numeric_datetime(dt.datetime(2026, 5, 17, 7, 5, tzinfo=UTC)) == (
        "1405/02/27 10:35"
    )


# --- parsing ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "۱۴۰۵/۰۲/۲۷",
        "۱۴۰۵/۲/۲۷",
        "1405/02/27",
        "1405-2-27",
        "1405.02.27",
        "۱۴۰۵.۲.۲۷",
        "١٤٠٥/٠٢/٢٧",  # Arabic-Indic digits
        "1405 2 27",
        " 1405 / 02 / 27 ",
        "1405٫02٫27",  # Persian decimal separator, typed on a Persian keyboard
        "\u200f۱۴۰۵/۰۲/۲۷\u200e",  # bidi marks picked up by copying from RTL text
        "27/02/1405",
        "۲۷ اردیبهشت ۱۴۰۵",
        "۲۷ ارديبهشت ۱۴۰۵",  # Arabic yeh
        "یکشنبه ۲۷ اردیبهشت ۱۴۰۵",
        "27 Ordibehesht 1405",
        "Sunday, 27 Ordibehesht 1405",
    ],
)
def test_parse_date_accepts(text: str) -> None:
    assert parse_date(text) == SUNDAY


def test_parse_date_reads_back_format_date() -> None:
    for lang in ("fa", "en"):
        for day in (dt.date(2026, 3, 20), dt.date(2025, 3, 20), TUESDAY):
            assert parse_date(format_date(day, weekday=True, lang=lang)) == day


def test_parse_date_leap_day() -> None:
    assert TABLE[1403].leap
    assert parse_date("1403/12/30") == TABLE[1404].nowruz - dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("۱۴۰۵/۱۳/۴۰", "month", "month must be between 1 and 12"),
        ("1405/00/10", "month", "month must be between 1 and 12"),
        ("1404/12/30", "day", "Esfand 1404 has 29 days"),
        ("1405/07/31", "day", "Mehr 1405 has 30 days"),
        ("1405/02/00", "day", "day must be at least 1"),
        ("abc", "format", "not a Jalali date"),
        ("", "format", "not a Jalali date"),
        ("1405/02", "format", "not a Jalali date"),
        ("05/02/27", "format", "not a Jalali date"),
        ("1405/02/27/1", "format", "not a Jalali date"),
        ("27 Foo 1405", "format", "not a Jalali date"),
        ("2026-05-17", "year", "year must be between 1200 and 1600"),
        ("1199/01/01", "year", "year must be between 1200 and 1600"),
        ("1601/01/01", "year", "year must be between 1200 and 1600"),
    ],
)
def test_parse_date_rejects(text: str, code: str, message: str) -> None:
    with pytest.raises(JalaliParseError, match=message) as excinfo:
        parse_date(text)
    assert excinfo.value.code == code
    assert isinstance(excinfo.value, ValueError)


def test_1404_is_not_leap_per_table() -> None:
    # The "1404/12/30" rejection above rests on this row of the official table.
    assert not TABLE[1404].leap
    assert (TABLE[1405].nowruz - TABLE[1404].nowruz).days == 365


def test_parse_date_day_error_carries_details() -> None:
    with pytest.raises(JalaliParseError) as excinfo:
        parse_date("1404/12/30")
    error = excinfo.value
    assert (error.year, error.month, error.days) == (1404, 12, 29)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۱۴۰۵/۰۲/۲۷ ۱۰:۳۰", dt.datetime(2026, 5, 17, 7, 0, tzinfo=UTC)),
        ("1405/2/27 9:05", dt.datetime(2026, 5, 17, 5, 35, tzinfo=UTC)),
        ("1405/02/27 10:30:15", dt.datetime(2026, 5, 17, 7, 0, 15, tzinfo=UTC)),
        ("۱۴۰۵/۰۲/۲۷", dt.datetime(2026, 5, 16, 20, 30, tzinfo=UTC)),
        ("1405/02/27 00:00", dt.datetime(2026, 5, 16, 20, 30, tzinfo=UTC)),
        ("1405/02/27 23:59", dt.datetime(2026, 5, 17, 20, 29, tzinfo=UTC)),
        ("۲۷ اردیبهشت ۱۴۰۵، ساعت ۱۰:۳۰", dt.datetime(2026, 5, 17, 7, 0, tzinfo=UTC)),
        ("27 Ordibehesht 1405, 10:30", dt.datetime(2026, 5, 17, 7, 0, tzinfo=UTC)),
    ],
)
def test_parse_datetime(text: str, expected: dt.datetime) -> None:
    result = parse_datetime(text)
    assert result == expected
    assert result.utcoffset() == dt.timedelta(0)


def test_parse_datetime_reads_back_format_datetime() -> None:
    value = dt.datetime(2026, 5, 17, 21, 5, tzinfo=UTC)
    for lang in ("fa", "en"):
        assert parse_datetime(format_datetime(value, weekday=True, lang=lang)) == value


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1405/02/27 24:00", "time"),
        ("1405/02/27 10:60", "time"),
        ("1405/02/27 10:3", "format"),
        ("1405/13/27 10:30", "month"),
        ("1404/12/30 10:30", "day"),
        ("nonsense 10:30", "format"),
    ],
)
def test_parse_datetime_rejects(text: str, code: str) -> None:
    with pytest.raises(JalaliParseError) as excinfo:
        parse_datetime(text)
    assert excinfo.value.code == code


# --- quarters -----------------------------------------------------------------------


def test_quarter_of_and_bounds() -> None:
    spring = JalaliQuarter.of(SUNDAY)
    assert spring == JalaliQuarter(1405, 1)
    assert spring.months() == (1, 2, 3)
    assert (spring.start, spring.end) == (dt.date(2026, 3, 21), dt.date(2026, 6, 21))
    assert JalaliQuarter(1405, 2).start == dt.date(2026, 6, 22)
    assert JalaliQuarter(1405, 3).months() == (7, 8, 9)
    assert JalaliQuarter(1405, 3).end == dt.date(2026, 12, 21)  # 30 Azar
    assert JalaliQuarter(1405, 4).start == dt.date(2026, 12, 22)  # 1 Dey


def test_winter_ends_on_last_day_of_esfand() -> None:
    assert TABLE[1403].leap
    assert not TABLE[1404].leap
    # Leap 1403: winter ends on Esfand 30, the day before Nowruz 1404.
    assert (
        JalaliQuarter(1403, 4).end == dt.date(2025, 3, 20) == TABLE[1404].nowruz - dt.timedelta(1)
    )
    assert to_jalali(JalaliQuarter(1403, 4).end) == (1403, 12, 30)
    # Common 1404: winter ends on Esfand 29.
    assert (
        JalaliQuarter(1404, 4).end == dt.date(2026, 3, 20) == TABLE[1405].nowruz - dt.timedelta(1)
    )
    assert to_jalali(JalaliQuarter(1404, 4).end) == (1404, 12, 29)


def test_quarters_tile_the_years() -> None:
    quarter = JalaliQuarter(1402, 1)
    while quarter.year < 1410:
        following = quarter.next()
        assert following.start == quarter.end + dt.timedelta(days=1)
        assert following.previous() == quarter
        assert JalaliQuarter.of(quarter.start) == quarter == JalaliQuarter.of(quarter.end)
        quarter = following


def test_next_and_previous_cross_the_year() -> None:
    assert JalaliQuarter(1404, 4).next() == JalaliQuarter(1405, 1)
    assert JalaliQuarter(1405, 1).previous() == JalaliQuarter(1404, 4)
    assert JalaliQuarter(1405, 2).next() == JalaliQuarter(1405, 3)
    assert JalaliQuarter(1404, 4) < JalaliQuarter(1405, 1)


def test_quarter_contains() -> None:
    winter = JalaliQuarter(1404, 4)
    assert winter.contains(dt.date(2026, 3, 20))
    assert not winter.contains(dt.date(2026, 3, 21))
    assert winter.contains(dt.date(2025, 12, 22))
    assert not winter.contains(dt.date(2025, 12, 21))


def test_quarter_number_is_checked() -> None:
    with pytest.raises(ValueError, match="between 1 and 4"):
        JalaliQuarter(1405, 5)


def test_quarter_labels() -> None:
    with translation.override("fa"):
        assert [JalaliQuarter(1405, n).label for n in range(1, 5)] == [
            "بهار ۱۴۰۵",
            "تابستان ۱۴۰۵",
            "پاییز ۱۴۰۵",
            "زمستان ۱۴۰۵",
        ]
        assert str(JalaliQuarter(1405, 1)) == "بهار ۱۴۰۵"
    with translation.override("en"):
        assert [JalaliQuarter(1405, n).name for n in range(1, 5)] == [
            "Spring",
            "Summer",
            "Autumn",
            "Winter",
        ]
        assert JalaliQuarter(1405, 4).label == "Winter 1405"


# Iran dropped daylight saving time in 1402 (2022 law, first summer without it 2023), so
# Tehran midnight is 20:30 UTC the day before, all year round, from then on.
@pytest.mark.parametrize(
    ("quarter", "start_utc", "end_utc"),
    [
        (
            JalaliQuarter(1403, 1),
            dt.datetime(2024, 3, 19, 20, 30, tzinfo=UTC),
            dt.datetime(2024, 6, 20, 20, 30, tzinfo=UTC),
        ),
        (
            JalaliQuarter(1403, 2),
            dt.datetime(2024, 6, 20, 20, 30, tzinfo=UTC),
            dt.datetime(2024, 9, 21, 20, 30, tzinfo=UTC),
        ),
        (
            JalaliQuarter(1403, 4),
            dt.datetime(2024, 12, 20, 20, 30, tzinfo=UTC),
            dt.datetime(2025, 3, 20, 20, 30, tzinfo=UTC),
        ),
        (
            JalaliQuarter(1405, 1),
            dt.datetime(2026, 3, 20, 20, 30, tzinfo=UTC),
            dt.datetime(2026, 6, 21, 20, 30, tzinfo=UTC),
        ),
    ],
)
def test_quarter_utc_bounds(
    quarter: JalaliQuarter, start_utc: dt.datetime, end_utc: dt.datetime
) -> None:
    assert quarter.start_utc() == start_utc
    assert quarter.end_utc() == end_utc
    assert quarter.start_utc().utcoffset() == dt.timedelta(0)
    # A minute before the start belongs to the previous quarter, the start itself to this
    # one; the exclusive end belongs to the next.
    minute = dt.timedelta(minutes=1)
    assert JalaliQuarter.of(start_utc - minute) == quarter.previous()
    assert JalaliQuarter.of(start_utc) == quarter
    assert quarter.contains(end_utc - minute)
    assert not quarter.contains(end_utc)
    assert JalaliQuarter.of(end_utc) == quarter.next()


# --- template filters ---------------------------------------------------------------

ENGINE = Engine(libraries={"jalali": "ravabet.core.templatetags.jalali"})


def _render(source: str, **context: object) -> str:
    return ENGINE.from_string("{% load jalali %}" + source).render(Context(context))


def test_filters_in_a_template() -> None:
    moment = dt.datetime(2026, 5, 17, 7, 0, tzinfo=UTC)
    source = (
        "{{ d|jdate }}|{{ d|jdate:'weekday' }}|{{ t|jdatetime }}|{{ d|jquarter }}"
        "|{{ d|jnumeric }}|{{ d|jnumeric|fa_digits }}|{{ n|fa_digits }}"
    )
    with translation.override("fa"):
        assert _render(source, d=SUNDAY, t=moment, n=12) == (
            "۲۷ اردیبهشت ۱۴۰۵|یکشنبه ۲۷ اردیبهشت ۱۴۰۵|۲۷ اردیبهشت ۱۴۰۵، ساعت ۱۰:۳۰|بهار ۱۴۰۵"
            "|1405/02/27|۱۴۰۵/۰۲/۲۷|۱۲"
        )
    with translation.override("en"):
        assert _render(source, d=SUNDAY, t=moment, n=12) == (
            "27 Ordibehesht 1405|Sunday, 27 Ordibehesht 1405|27 Ordibehesht 1405, 10:30"
            "|Spring 1405|1405/02/27|1405/02/27|12"
        )


@pytest.mark.parametrize("empty", [None, ""])
def test_filters_render_nothing_for_empty(empty: object) -> None:
    for name in ("jdate", "jdatetime", "jquarter", "jnumeric", "fa_digits"):
        assert _render("[{{ v|%s }}]" % name, v=empty) == "[]"  # noqa: UP031
    assert tags.jdate(empty) == ""
    assert tags.jdatetime_filter(empty) == ""
    assert tags.jquarter(empty) == ""
    assert tags.jnumeric(empty) == ""
    assert tags.fa_digits(empty) == ""


def test_filters_do_not_break_the_page_on_bad_values(caplog: pytest.LogCaptureFixture) -> None:
    naive = dt.datetime(2026, 5, 17, 10, 30)  # noqa: DTZ001 - the bug being tolerated
    assert tags.jdate(naive) == ""
    assert tags.jdatetime_filter(naive) == ""
    assert tags.jdatetime_filter(SUNDAY) == ""  # a date has no time to show
    assert tags.jquarter("not a date") == ""
    assert "cannot format" in caplog.text


def test_filter_functions_directly() -> None:
    with translation.override("fa"):
        assert tags.jdate(SUNDAY, "weekday") == "یکشنبه ۲۷ اردیبهشت ۱۴۰۵"
        assert tags.jquarter(dt.datetime(2026, 3, 20, 20, 30, tzinfo=UTC)) == "بهار ۱۴۰۵"
        assert tags.fa_digits("صفحه 3 از 10") == "صفحه ۳ از ۱۰"
        assert tags.fa_digits(0) == "۰"
    with translation.override("en"):
        assert tags.fa_digits("page 3 of 10") == "page 3 of 10"
        assert tags.jdatetime_filter(dt.datetime(2026, 5, 17, 7, 0, tzinfo=UTC), "weekday") == (
            "Sunday, 27 Ordibehesht 1405, 10:30"
        )


def test_fa_digits_keeps_escaping() -> None:
    with translation.override("fa"):
        assert _render("{{ v|fa_digits }}", v="<b>2</b>") == "&lt;b&gt;۲&lt;/b&gt;"
