"""The publication date of a feed entry, read the way Persian feeds write it.

feedparser reads RFC 822 and ISO 8601 dates, and misreads the Persian ones: a Jalali date
in Persian digits ("۱۴۰۴/۰۹/۱۰ - ۱۲:۳۰") becomes the Gregorian year 1404, a textual one
("دوشنبه ۱۰ آذر ۱۴۰۴ ساعت ۱۲:۳۰") nothing. Its result is kept only when it is a plausible
Gregorian date; otherwise the raw text is read with Ravabet's own Jalali parsing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import time

from ravabet.lib import jalali
from ravabet.lib.persian import to_latin_digits

# Earlier than this a Gregorian year read from a feed is a Jalali year misread.
FIRST_PLAUSIBLE_YEAR = 1990

_INVISIBLE = re.compile("[\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\u0640\ufeff]")
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?")
_NUMERIC = re.compile(r"([0-9]{4})\s*[/\-.]\s*([0-9]{1,2})\s*[/\-.]\s*([0-9]{1,2})")
_NAMED = re.compile(r"([0-9]{1,2})\s+([^\s0-9,،]+)\s+([0-9]{4})")


def from_struct(parsed: time.struct_time | None) -> dt.datetime | None:
    """feedparser's UTC struct_time, when it is a believable Gregorian date."""
    if parsed is None or parsed.tm_year < FIRST_PLAUSIBLE_YEAR:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)
    except (OverflowError, ValueError, OSError):
        return None


def read_jalali(text: str) -> dt.datetime | None:
    """A Jalali date (numeric or with a month name, any digits) and an optional time, in
    Tehran, to aware UTC; None when the text holds no Jalali date."""
    if not text:
        return None
    plain = " ".join(to_latin_digits(_INVISIBLE.sub("", text)).split())
    day: dt.date | None = None
    numeric = _NUMERIC.search(plain)
    candidates = []
    if numeric:
        candidates.append("/".join(numeric.groups()))
    for named in _NAMED.finditer(plain):
        candidates.append(" ".join(named.groups()))
    for candidate in candidates:
        try:
            day = jalali.parse_date(candidate)
        except jalali.JalaliParseError:
            continue
        break
    if day is None:
        return None
    hour = minute = second = 0
    found = _TIME.search(plain)
    if found and int(found[1]) < 24 and int(found[2]) < 60:
        hour, minute, second = int(found[1]), int(found[2]), int(found[3] or 0) % 60
    local = dt.datetime.combine(day, dt.time(hour, minute, second), tzinfo=jalali.TEHRAN)
    return local.astimezone(dt.UTC)


def entry_date(
    raw: str, parsed: time.struct_time | None, fetched_at: dt.datetime
) -> tuple[dt.datetime, bool]:
    """(when the entry was published, whether that is a guess: the fetch time)."""
    found = from_struct(parsed) or read_jalali(raw)
    if found is None:
        return fetched_at, True
    # A date in the future beyond a day is a feed's mistake; the fetch time is safer.
    if found > fetched_at + dt.timedelta(days=1):
        return fetched_at, True
    return found, False
