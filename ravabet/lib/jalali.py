"""Jalali (Solar Hijri) dates for display and input.

Storage stays Gregorian: ``DateField`` values are ``datetime.date`` and ``DateTimeField``
values are aware UTC ``datetime``. This module is the one place that turns them into
Jalali text (in Asia/Tehran) and turns typed Jalali text back into them.

Calendar arithmetic is delegated to jdatetime (33-year rule), which agrees with the
Iranian calendar authority's table for every year the project deals with; the test suite
pins that against the official table.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TypeAlias
from zoneinfo import ZoneInfo

import jdatetime
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from ravabet.lib.i18n import is_fa, local_digits
from ravabet.lib.persian import to_latin_digits

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "TEHRAN",
    "DateLike",
    "JalaliParseError",
    "JalaliQuarter",
    "days_in_month",
    "format_date",
    "format_datetime",
    "format_numeric",
    "format_numeric_datetime",
    "from_jalali",
    "is_leap",
    "month_bounds",
    "month_name",
    "nowruz",
    "parse_date",
    "parse_datetime",
    "quarter_name",
    "to_jalali",
    "today",
    "weekday_name",
]

TEHRAN = ZoneInfo("Asia/Tehran")

# Typed years outside this window are almost always a mistake (a Gregorian year, a
# two-digit year, a stray digit), so input is rejected rather than silently accepted.
MIN_YEAR = 1200
MAX_YEAR = 1600

DateLike: TypeAlias = "dt.date | jdatetime.date"

# jdatetime ships the names. Persian reads them directly; any other language gets
# jdatetime's transliteration (English is the only other one the site speaks).
MONTHS_FA = tuple(jdatetime.date.j_months_fa)
MONTHS_EN = tuple(jdatetime.date.j_months_en)
# The Iranian week starts on Saturday; index 0 is Saturday. jdatetime writes یک‌شنبه and
# پنج‌شنبه with a ZWNJ; the Academy's spelling, used everywhere else here, joins them.
_JOINED = {"یک\u200cشنبه": "یکشنبه", "پنج\u200cشنبه": "پنجشنبه"}
WEEKDAYS_FA = tuple(_JOINED.get(name, name) for name in jdatetime.date.j_weekdays_fa)
WEEKDAYS_EN = tuple(jdatetime.date.j_weekdays_en)
# jdatetime has no seasons: Persian reads this table, other languages go through gettext.
QUARTERS_FA = ("بهار", "تابستان", "پاییز", "زمستان")
QUARTERS_EN = (
    pgettext_lazy("Jalali quarter", "Spring"),
    pgettext_lazy("Jalali quarter", "Summer"),
    pgettext_lazy("Jalali quarter", "Autumn"),
    pgettext_lazy("Jalali quarter", "Winter"),
)


# --- names ----------------------------------------------------------------------------


def _localized(name: str | Promise, lang: str | None) -> str:
    if lang is None:
        return str(name)
    with translation.override(lang):
        return str(name)


def month_name(month: int, lang: str | None = None) -> str:
    """The month's name: Persian in fa, transliterated otherwise."""
    _check_month(month)
    return (MONTHS_FA if is_fa(lang) else MONTHS_EN)[month - 1]


def weekday_name(d: DateLike, lang: str | None = None) -> str:
    """The weekday of ``d`` (an aware datetime counts in Tehran)."""
    # Python's Monday=0 shifted so that Saturday, the first day of the Iranian week, is 0.
    index = (_gregorian_date(d).weekday() + 2) % 7
    return (WEEKDAYS_FA if is_fa(lang) else WEEKDAYS_EN)[index]


def quarter_name(number: int, lang: str | None = None) -> str:
    """بهار / تابستان / پاییز / زمستان, or Spring … Winter."""
    if not 1 <= number <= 4:
        raise ValueError(f"quarter number must be between 1 and 4, got {number}")
    if is_fa(lang):
        return QUARTERS_FA[number - 1]
    return _localized(QUARTERS_EN[number - 1], lang)


# --- conversion -----------------------------------------------------------------------


class JalaliParseError(ValueError):
    """Typed text, or a (year, month, day), is not a valid Jalali date.

    ``code`` is one of "format", "year", "month", "day", "time"; forms map it to a
    translated message. ``year``/``month``/``days`` carry what the message needs.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str,
        year: int | None = None,
        month: int | None = None,
        days: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.year = year
        self.month = month
        self.days = days


def _gregorian_date(d: DateLike) -> dt.date:
    """The Gregorian calendar date of ``d``; an aware datetime is taken in Tehran."""
    if isinstance(d, jdatetime.date):
        d = d.togregorian()
    if isinstance(d, dt.datetime):
        return _tehran(d).date()
    if isinstance(d, dt.date):
        return d
    raise TypeError(f"expected a date or an aware datetime, got {type(d).__name__}")


def _tehran(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        # A naive value has no defined instant; guessing its zone would shift dates near
        # midnight by a day. The project stores aware UTC, so this is a bug upstream.
        raise ValueError(f"naive datetime {value!r}: pass an aware datetime")
    return value.astimezone(TEHRAN)


def _check_month(month: int) -> None:
    if not 1 <= month <= 12:
        raise JalaliParseError(
            f"month must be between 1 and 12, got {month}", code="month", month=month
        )


def _check(year: int, month: int, day: int) -> None:
    _check_month(month)
    days = days_in_month(year, month)
    if day < 1:
        raise JalaliParseError(
            f"day must be at least 1, got {day}", code="day", year=year, month=month, days=days
        )
    if day > days:
        raise JalaliParseError(
            f"{MONTHS_EN[month - 1]} {year} has {days} days",
            code="day",
            year=year,
            month=month,
            days=days,
        )


def to_jalali(d: DateLike) -> tuple[int, int, int]:
    """(year, month, day) in the Jalali calendar; an aware datetime is taken in Tehran."""
    if isinstance(d, jdatetime.date) and not isinstance(d, jdatetime.datetime):
        return (d.year, d.month, d.day)
    j = jdatetime.date.fromgregorian(date=_gregorian_date(d))
    return (j.year, j.month, j.day)


def from_jalali(year: int, month: int, day: int) -> dt.date:
    """The Gregorian date of a Jalali (year, month, day); raises JalaliParseError."""
    _check(year, month, day)
    result: dt.date = jdatetime.date(year, month, day).togregorian()
    return result


def is_leap(year: int) -> bool:
    """Whether Esfand of ``year`` has 30 days (the year has 366 days)."""
    return bool(jdatetime.date(year, 1, 1).isleap())


def days_in_month(year: int, month: int) -> int:
    _check_month(month)
    # jdatetime's table gives Esfand its common-year 29 days.
    return int(jdatetime.j_days_in_month[month - 1]) + (month == 12 and is_leap(year))


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last Gregorian day of a Jalali month, both inclusive."""
    return (from_jalali(year, month, 1), from_jalali(year, month, days_in_month(year, month)))


def nowruz(year: int) -> dt.date:
    """The Gregorian date of 1 Farvardin of ``year``."""
    return from_jalali(year, 1, 1)


def today() -> jdatetime.date:
    """Today's Jalali date in Tehran, whatever the server's zone."""
    return jdatetime.date.fromgregorian(date=dt.datetime.now(tz=TEHRAN).date())


# --- formatting -----------------------------------------------------------------------


def format_date(d: DateLike, *, weekday: bool = False, lang: str | None = None) -> str:
    """Date text: "۲۷ اردیبهشت ۱۴۰۵" in fa, "27 Ordibehesht 1405" otherwise.

    With ``weekday``: "یکشنبه ۲۷ اردیبهشت ۱۴۰۵" / "Sunday, 27 Ordibehesht 1405".
    An aware datetime is shown as its Tehran date; a naive one raises ValueError.
    """
    fa = is_fa(lang)
    year, month, day = to_jalali(d)
    text = local_digits(f"{day} {month_name(month, lang)} {year}", lang)
    if weekday:
        separator = " " if fa else ", "
        text = f"{weekday_name(d, lang)}{separator}{text}"
    return text


def format_datetime(value: dt.datetime, *, weekday: bool = False, lang: str | None = None) -> str:
    """Tehran time: "۲۷ اردیبهشت ۱۴۰۵، ساعت ۱۰:۳۰" / "27 Ordibehesht 1405, 10:30"."""
    if not isinstance(value, dt.datetime):
        raise TypeError(f"expected an aware datetime, got {type(value).__name__}")
    local = _tehran(value)
    fa = is_fa(lang)
    date_text = format_date(local, weekday=weekday, lang=lang)
    time_text = f"{local.hour:02d}:{local.minute:02d}"
    if fa:
        return f"{date_text}، ساعت {local_digits(time_text, lang)}"
    return f"{date_text}, {time_text}"


def format_numeric(d: DateLike) -> str:
    """Latin digits, zero-padded, "1405/02/27": the value of a date input."""
    year, month, day = to_jalali(d)
    return f"{year:04d}/{month:02d}/{day:02d}"


def format_numeric_datetime(value: dt.datetime) -> str:
    """Tehran time as "1405/02/27 10:30": the value of a date-time input."""
    local = _tehran(value)
    return f"{format_numeric(local)} {local.hour:02d}:{local.minute:02d}"


# --- parsing --------------------------------------------------------------------------

# Invisible characters that copying from right-to-left text drags along (ZWNJ, ZWJ,
# bidi marks and embeddings, tatweel); none of them can be meaningful inside a date.
_INVISIBLE = re.compile("[\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\u0640\ufeff]")
_SEP = r"(?:\s*[/\-.\u066b\\]\s*|\s+)"
_NUMERIC = re.compile(rf"([0-9]{{1,4}}){_SEP}([0-9]{{1,2}}){_SEP}([0-9]{{1,4}})")
_NAMED = re.compile(
    r"(?P<prefix>.*?)\s*(?P<day>[0-9]{1,2})\s+(?P<month>[^\s0-9]+)\s+(?P<year>[0-9]{4})"
)
_TIME = re.compile(
    r"(?P<date>.+?)(?:\s*[,،]\s*|\s+)(?:(?:ساعت|at)\s*)?"
    r"(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?",
    re.IGNORECASE,
)


def _fold(word: str) -> str:
    """A month or weekday name reduced to what survives any way of typing it."""
    word = word.replace("ي", "ی").replace("ى", "ی").replace("ك", "ک")
    return re.sub(r"[\s,،]+", "", _INVISIBLE.sub("", word)).lower()


_MONTH_NUMBERS: dict[str, int] = {
    **{_fold(name): i for i, name in enumerate(MONTHS_FA, start=1)},
    **{_fold(name): i for i, name in enumerate(MONTHS_EN, start=1)},
    _fold("امرداد"): 5,
    "amordad": 5,
    "dei": 10,
}
_WEEKDAY_WORDS = frozenset(_fold(name) for name in (*WEEKDAYS_FA, *WEEKDAYS_EN))


def _normalize(text: str) -> str:
    text = to_latin_digits(_INVISIBLE.sub("", str(text)))
    return " ".join(text.split())


def _format_error(text: str) -> JalaliParseError:
    return JalaliParseError(
        f"not a Jalali date: {text!r}; expected year/month/day such as 1405/02/27",
        code="format",
    )


def parse_date(text: str) -> dt.date:
    """Typed Jalali text to a Gregorian ``date``.

    Accepts Persian, Arabic-Indic or Latin digits; "/", "-", ".", "٫" or spaces between
    parts; zero padding or none ("۱۴۰۵/۰۲/۲۷", "1405-2-27"); day-first when the year is
    the four-digit last part ("27/2/1405"); and a month name ("۲۷ اردیبهشت ۱۴۰۵",
    "یکشنبه ۲۷ اردیبهشت ۱۴۰۵", "27 Ordibehesht 1405") as produced by format_date.
    Raises JalaliParseError with code "format", "year", "month" or "day".
    """
    normalized = _normalize(text)
    year, month, day = _split_date(normalized, text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise JalaliParseError(
            f"year must be between {MIN_YEAR} and {MAX_YEAR}, got {year}", code="year", year=year
        )
    return from_jalali(year, month, day)


def _split_date(normalized: str, original: str) -> tuple[int, int, int]:
    match = _NUMERIC.fullmatch(normalized)
    if match:
        first, month, last = match.groups()
        if len(first) == 4 and len(last) <= 2:
            return (int(first), int(month), int(last))
        if len(last) == 4 and len(first) <= 2:
            return (int(last), int(month), int(first))
        raise _format_error(original)
    match = _NAMED.fullmatch(normalized)
    if match:
        prefix = _fold(match["prefix"])
        month_number = _MONTH_NUMBERS.get(_fold(match["month"]))
        if month_number is not None and (not prefix or prefix in _WEEKDAY_WORDS):
            return (int(match["year"]), month_number, int(match["day"]))
    raise _format_error(original)


def parse_datetime(text: str) -> dt.datetime:
    """Typed Jalali date with an optional 24-hour "HH:MM" (or "HH:MM:SS") to aware UTC.

    The time is Tehran wall-clock time; without one the result is 00:00 in Tehran.
    Also accepts format_datetime's own output ("۲۷ اردیبهشت ۱۴۰۵، ساعت ۱۰:۳۰").
    Raises JalaliParseError; code "time" for an hour or minute out of range.
    """
    normalized = _normalize(text)
    hour = minute = second = 0
    match = _TIME.fullmatch(normalized)
    if match:
        normalized = match["date"]
        hour, minute = int(match["hour"]), int(match["minute"])
        second = int(match["second"] or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise JalaliParseError(
                f"time must be between 00:00 and 23:59, got {match['hour']}:{match['minute']}",
                code="time",
            )
    day = parse_date(normalized) if match else parse_date(text)
    local = dt.datetime.combine(day, dt.time(hour, minute, second), tzinfo=TEHRAN)
    return local.astimezone(dt.UTC)


# --- quarters -------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class JalaliQuarter:
    """A season of the Jalali year: spring is months 1-3, …, winter months 10-12.

    Quarterly network meetings and reports are counted in these, not Gregorian quarters.
    """

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"quarter number must be between 1 and 4, got {self.number}")

    @classmethod
    def of(cls, d: DateLike) -> JalaliQuarter:
        """The quarter containing ``d`` (an aware datetime counts in Tehran)."""
        year, month, _ = to_jalali(d)
        return cls(year, (month - 1) // 3 + 1)

    @classmethod
    def current(cls) -> JalaliQuarter:
        return cls.of(today())

    @property
    def name(self) -> str:
        return quarter_name(self.number)

    @property
    def label(self) -> str:
        """Season and year: "بهار ۱۴۰۵" in fa, "Spring 1405" otherwise."""
        return local_digits(f"{self.name} {self.year}")

    def months(self) -> tuple[int, int, int]:
        first = 3 * (self.number - 1) + 1
        return (first, first + 1, first + 2)

    @property
    def start(self) -> dt.date:
        """First Gregorian day, inclusive."""
        return from_jalali(self.year, self.months()[0], 1)

    @property
    def end(self) -> dt.date:
        """Last Gregorian day, inclusive (Esfand 29 or 30 for winter)."""
        return month_bounds(self.year, self.months()[2])[1]

    def next(self) -> JalaliQuarter:
        if self.number == 4:
            return JalaliQuarter(self.year + 1, 1)
        return JalaliQuarter(self.year, self.number + 1)

    def previous(self) -> JalaliQuarter:
        if self.number == 1:
            return JalaliQuarter(self.year - 1, 4)
        return JalaliQuarter(self.year, self.number - 1)

    def contains(self, d: DateLike) -> bool:
        return self.start <= _gregorian_date(d) <= self.end

    def start_utc(self) -> dt.datetime:
        """00:00 Tehran on the first day, as aware UTC: filter with ``__gte``."""
        return dt.datetime.combine(self.start, dt.time(), tzinfo=TEHRAN).astimezone(dt.UTC)

    def end_utc(self) -> dt.datetime:
        """00:00 Tehran on the next quarter's first day, as aware UTC: filter with ``__lt``."""
        return self.next().start_utc()

    def __str__(self) -> str:
        return self.label
