"""The occasions feed: every occasion and holiday of this Jalali year and the next, RFC 5545.

Each occasion is an all-day VEVENT (``DTSTART;VALUE=DATE``): a date, not a moment, so it
falls on the same day in every timezone. A Jalali date has no Gregorian yearly rule, so
every occurrence is listed. Estimates (a lunar month past the published table) say so in
their description. The validators (ETag, Last-Modified) cost one query; the body is only
built when the client does not already have it.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db.models import Count, Max
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

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
    lines = []
    lines.append(jalali.format_date(occasion.date, weekday=True))
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


def occasions_calendar(
    calendar: OfficialCalendar, today: dt.date, *, name: str, stamp: dt.datetime
) -> bytes:
    _current, start, end = feed_years(today)
    feed = Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", name)
    feed.add("x-wr-timezone", "Asia/Tehran")
    stamp = stamp.astimezone(dt.UTC)
    seen: set[str] = set()
    for occasion in calendar.occasions(start, end):
        uid = uid_for(occasion)
        if uid in seen:  # the same title twice on a day (two narrations): one event
            continue
        seen.add(uid)
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", occasion.date)
        event.add("dtend", occasion.date + dt.timedelta(days=1))
        summary = occasion.title
        if occasion.estimated:
            summary = f"{summary} ({_('estimate')})"
        event.add("summary", summary)
        event.add("description", description(occasion))
        categories = [_("holiday")] if occasion.holiday else []
        if is_mourning(occasion):
            categories.append(_("mourning"))
        if pr_rule(occasion) is not None:
            categories.append(_("public relations"))
        if categories:
            event.add("categories", categories)
        # A holiday shows as busy in the subscriber's calendar; an occasion does not.
        event.add("transp", "OPAQUE" if occasion.holiday else "TRANSPARENT")
        feed.add_component(event)
    return feed.to_ical()
