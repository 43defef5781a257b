"""The occasions feed: every occasion and holiday of this Jalali year and the next, RFC 5545.

Each occasion is an all-day VEVENT (``DTSTART;VALUE=DATE``): a date, not a moment, so it
falls on the same day in every timezone. A Jalali date has no Gregorian yearly rule, so
every occurrence is listed. Estimates (a lunar month past the published table) say so in
their description. The validators (ETag, Last-Modified) cost one query; the body is only
built when the client does not already have it.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections import OrderedDict
from collections.abc import Callable

from django.db.models import Count, Max
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ravabet.lib import jalali
from ravabet.network.models import Network

from .curated import is_mourning, pr_rule
from .models import Correction
from .occasions import EVENTS_FILE, Occasion, year_bounds
from .official import OfficialCalendar

PRODID = "-//Ravabet//Occasions//FA"
# When the shipped data last changed: a new data file is a new feed for every client.
DATA_CHANGED = dt.datetime.fromtimestamp(EVENTS_FILE.stat().st_mtime, tz=dt.UTC)


def feed_years(today: dt.date) -> tuple[int, dt.date, dt.date]:
    """The current Jalali year, and the first and last day of it and the next."""
    current = jalali.to_jalali(today)[0]
    return current, year_bounds(current)[0], year_bounds(current + 1)[1]


def validators(network: Network | None, today: dt.date) -> tuple[str, dt.datetime]:
    """(ETag, Last-Modified) of the feed for ``network`` (None: nationwide), one query."""
    summary = Correction.objects.for_network(network).aggregate(
        latest=Max("recorded_at"), count=Count("pk"), ids=Max("pk")
    )
    current, start, _end = feed_years(today)
    window = dt.datetime.combine(start, dt.time(), tzinfo=jalali.TEHRAN)
    changed = max(
        [d for d in (summary["latest"], window, DATA_CHANGED) if d is not None],
    )
    key = "|".join(
        str(part)
        for part in (
            network.pk if network else "-",
            network.display_name if network else "",
            current,
            summary["count"],
            summary["ids"],
            summary["latest"],
            DATA_CHANGED.timestamp(),
            get_language(),
        )
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32], changed.replace(microsecond=0)


def uid_for(occasion: Occasion) -> str:
    digest = hashlib.sha1(  # noqa: S324 - a stable name, not a secret
        f"{occasion.calendar}|{occasion.title}|{occasion.date.year}".encode()
    ).hexdigest()[:20]
    return f"occasion-{occasion.date.isoformat()}-{digest}@ravabet"


def description(occasion: Occasion) -> str:
    return _description(occasion, get_language())


@functools.lru_cache(maxsize=8192)
def _description(occasion: Occasion, language: str) -> str:
    """Per occasion and language, kept per process: the feed lists some 900 of them."""
    lines = [jalali.format_date(occasion.date, weekday=True)]
    if occasion.holiday:
        lines.append(_("Official holiday."))
    if is_mourning(occasion):
        lines.append(_("A day of mourning."))
    rule = pr_rule(occasion)
    if rule is not None:
        lines.append(_("For PR: %(why)s") % {"why": rule.why})
    if occasion.estimated:
        lines.append(
            _(
                "Estimate: the lunar month is past the published table; "
                "the date may move by a day when the moon is sighted."
            )
        )
    return "\n".join(lines)


def escape(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newline escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> bytes:
    """One content line, folded at 75 octets without splitting a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return data + b"\r\n"
    parts: list[bytes] = []
    limit = 75
    while data:
        cut = min(limit, len(data))
        while cut < len(data) and (data[cut] & 0xC0) == 0x80:  # a continuation byte
            cut -= 1
        parts.append(data[:cut])
        data = data[cut:]
        limit = 74  # the leading space of a continuation line counts
    return b"\r\n ".join(parts) + b"\r\n"


def occasions_calendar(
    calendar: OfficialCalendar, today: dt.date, *, name: str, stamp: dt.datetime
) -> bytes:
    """The feed, written line by line: a stock serializer takes seconds for two years of
    occasions, and these few properties need nothing it does (the tests parse the result
    with ``icalendar``)."""
    _current, start, end = feed_years(today)
    dtstamp = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        "X-WR-TIMEZONE:Asia/Tehran",
    ]
    estimate = _("estimate")
    labels = (_("holiday"), _("mourning"), _("public relations"))
    seen: set[str] = set()
    for occasion in calendar.occasions(start, end):
        uid = uid_for(occasion)
        if uid in seen:  # the same title twice on a day (two narrations): one event
            continue
        seen.add(uid)
        summary = occasion.title
        if occasion.estimated:
            summary = f"{summary} ({estimate})"
        mourning, pr = is_mourning(occasion), pr_rule(occasion) is not None
        categories = [
            label for label, on in zip(labels, (occasion.holiday, mourning, pr), strict=True) if on
        ]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{occasion.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{occasion.date + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape(summary)}",
            f"DESCRIPTION:{escape(description(occasion))}",
        ]
        if categories:
            lines.append("CATEGORIES:" + ",".join(escape(c) for c in categories))
        # A holiday shows as busy in the subscriber's calendar; an occasion does not.
        lines += [f"TRANSP:{'OPAQUE' if occasion.holiday else 'TRANSPARENT'}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) for line in lines)


# The last few feeds built, by ETag: a subscriber polls, and the ETag names the body.
_BODIES: OrderedDict[str, bytes] = OrderedDict()
_KEPT = 16


def feed_body(etag: str, build: Callable[[], bytes]) -> bytes:
    body = _BODIES.get(etag)
    if body is None:
        body = build()
        _BODIES[etag] = body
        while len(_BODIES) > _KEPT:
            _BODIES.popitem(last=False)
    return body
