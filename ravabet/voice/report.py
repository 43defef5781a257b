"""The "voice of the people" figures for one municipality and one Jalali month or quarter."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from ravabet.lib import jalali
from ravabet.lib.i18n import is_fa, local_digits
from ravabet.lib.persian import search_tokens
from ravabet.network.models import Municipality, Network

from .models import Channel, Kind, Message, Rating
from .stopwords import STOPWORDS

_PERIOD_RE = re.compile(r"^(\d{4})-(?:(\d{1,2})|q([1-4]))$")


@dataclass(frozen=True)
class Period:
    year: int
    month: int | None = None
    quarter: int | None = None

    @classmethod
    def parse(cls, text: str | None) -> Period:
        match = _PERIOD_RE.match(text or "")
        if match:
            year, month, quarter = match.groups()
            if month and 1 <= int(month) <= 12 and jalali.MIN_YEAR <= int(year) <= jalali.MAX_YEAR:
                return cls(int(year), month=int(month))
            if quarter and jalali.MIN_YEAR <= int(year) <= jalali.MAX_YEAR:
                return cls(int(year), quarter=int(quarter))
        year, month, _day = jalali.to_jalali(timezone.localdate())
        return cls(year, month=month)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}" if self.month else f"{self.year}-q{self.quarter}"

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        if self.month:
            return jalali.month_bounds(self.year, self.month)
        q = jalali.JalaliQuarter(self.year, self.quarter or 1)
        return q.start, q.end

    def utc_bounds(self) -> tuple[dt.datetime, dt.datetime]:
        start, end = self.bounds
        return (
            dt.datetime.combine(start, dt.time(), tzinfo=jalali.TEHRAN).astimezone(dt.UTC),
            dt.datetime.combine(
                end + dt.timedelta(days=1), dt.time(), tzinfo=jalali.TEHRAN
            ).astimezone(dt.UTC),
        )

    @property
    def label(self) -> str:
        if self.month:
            return local_digits(f"{jalali.month_name(self.month)} {self.year}")
        return jalali.JalaliQuarter(self.year, self.quarter or 1).label

    def previous(self) -> Period:
        if self.month:
            return (
                Period(self.year - 1, month=12)
                if self.month == 1
                else Period(self.year, month=self.month - 1)
            )
        q = jalali.JalaliQuarter(self.year, self.quarter or 1).previous()
        return Period(q.year, quarter=q.number)

    def next(self) -> Period:
        if self.month:
            return (
                Period(self.year + 1, month=1)
                if self.month == 12
                else Period(self.year, month=self.month + 1)
            )
        q = jalali.JalaliQuarter(self.year, self.quarter or 1).next()
        return Period(q.year, quarter=q.number)

    def other_kind(self) -> Period:
        """The quarter containing this month, or this quarter's first month."""
        if self.month:
            return Period(self.year, quarter=(self.month - 1) // 3 + 1)
        return Period(self.year, month=3 * ((self.quarter or 1) - 1) + 1)


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


# Each bar is a small server-drawn SVG next to its HTML label (HTML does the Persian
# shaping and bidi in the browser and in WeasyPrint alike). Bars grow from the inline start,
# which is the right in Persian.
BAR_MAX = 150


@dataclass
class Bar:
    label: str
    value: int
    x: int = BAR_MAX
    width: int = 0


@dataclass
class Chart:
    bars: list[Bar]
    max: int = BAR_MAX


def bars(rows: Iterable[tuple[str, int]], *, rtl: bool | None = None) -> Chart:
    rtl = is_fa() if rtl is None else rtl
    items = [Bar(label, value) for label, value in rows]
    top = max((b.value for b in items), default=0) or 1
    for item in items:
        item.width = round(item.value / top * BAR_MAX)
        item.x = BAR_MAX - item.width if rtl else 0
    return Chart(items)


@dataclass
class Topic:
    phrase: str
    count: int
    examples: list[Message] = field(default_factory=list)


def recurring_topics(messages: list[Message], limit: int = 6) -> list[Topic]:
    """The phrases most messages share: bigrams first, then single words, counted once per
    message, after normalization and without stopwords."""
    bigram_docs: dict[str, set[int]] = defaultdict(set)
    word_docs: dict[str, set[int]] = defaultdict(set)
    by_id = {m.pk: m for m in messages}
    for message in messages:
        tokens = [
            t if t not in STOPWORDS and len(t) > 1 and not t.isdigit() else None
            for t in search_tokens(message.text)
        ]
        for token in tokens:
            if token:
                word_docs[token].add(message.pk)
        for first, second in pairwise(tokens):
            if first and second:
                bigram_docs[f"{first} {second}"].add(message.pk)
    candidates = sorted(
        ((p, ids) for p, ids in bigram_docs.items() if len(ids) >= 2),
        key=lambda item: (-len(item[1]), item[0]),
    ) + sorted(
        ((w, ids) for w, ids in word_docs.items() if len(ids) >= 2),
        key=lambda item: (-len(item[1]), item[0]),
    )
    topics: list[tuple[str, set[int]]] = []
    for phrase, ids in candidates:
        # A phrase found only in messages an earlier topic already covers says nothing new.
        if any(ids <= chosen for _p, chosen in topics):
            continue
        topics.append((phrase, ids))
        if len(topics) == limit:
            break
    return [
        Topic(phrase, len(ids), [by_id[i] for i in sorted(ids, reverse=True)[:2]])
        for phrase, ids in topics
    ]


def _days(delta: dt.timedelta) -> float:
    return delta.total_seconds() / 86400


@dataclass
class Figures:
    total: int
    median_days: float | None
    p90_days: float | None
    overdue: int
    satisfaction: float | None
    ratings: int
    answered: int


def figures(queryset) -> Figures:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    rows = list(queryset.values_list("received_at", "first_reply_at", "due_on", "status"))
    waits = [_days(reply - received) for received, reply, _d, _s in rows if reply]
    overdue = sum(
        1
        for _received, reply, due, status in rows
        if (reply and timezone.localdate(reply) > due)
        or (not reply and status in ("new", "routed", "in_progress") and due < today)
    )
    rating = Rating.objects.filter(message__in=queryset).aggregate(avg=Avg("score"), n=Count("id"))
    return Figures(
        total=len(rows),
        median_days=percentile(waits, 50),
        p90_days=percentile(waits, 90),
        overdue=overdue,
        satisfaction=rating["avg"],
        ratings=rating["n"],
        answered=len(waits),
    )


def change(current: float | None, previous: float | None) -> float | None:
    if current is None or previous is None:
        return None
    return current - previous


def build(municipality: Municipality, period: Period) -> dict[str, Any]:
    start, end = period.utc_bounds()
    queryset = Message.objects.for_municipality(municipality).received_between(start, end)
    p_start, p_end = period.previous().utc_bounds()
    previous_qs = Message.objects.for_municipality(municipality).received_between(p_start, p_end)
    now = figures(queryset)
    before = figures(previous_qs)

    def grouped(field_name: str) -> dict[object, int]:
        return dict(queryset.values_list(field_name).annotate(n=Count("id")).order_by())

    kinds = grouped("kind")
    channels = grouped("channel")
    categories = grouped("category__name")
    departments = grouped("department__name")
    messages = list(queryset.only("id", "code", "text", "received_at"))
    return {
        "period": period,
        "figures": now,
        "previous": before,
        "changes": {
            "total": now.total - before.total,
            "median_days": change(now.median_days, before.median_days),
            "overdue": now.overdue - before.overdue,
            "satisfaction": change(now.satisfaction, before.satisfaction),
        },
        "by_kind": bars((str(label), kinds.get(value, 0)) for value, label in Kind.choices),
        "by_channel": bars(
            (str(label), channels.get(value, 0)) for value, label in Channel.choices
        ),
        "by_category": bars(
            sorted(((str(k), v) for k, v in categories.items()), key=lambda r: -r[1])
        ),
        "by_department": bars(
            sorted(
                ((str(k) if k else _("not routed yet"), v) for k, v in departments.items()),
                key=lambda r: -r[1],
            )
        ),
        "topics": recurring_topics(messages),
    }


def network_figures(network: Network, period: Period) -> dict[str, Any]:
    """Each member's figures side by side, and the network's totals: its medians and
    satisfaction are over all its messages together, not an average of averages."""
    start, end = period.utc_bounds()
    members = list(network.members.all())
    rows = [
        (member, figures(Message.objects.for_municipality(member).received_between(start, end)))
        for member in members
    ]
    everyone = Message.objects.filter(municipality__in=members).received_between(start, end)
    return {"rows": rows, "totals": figures(everyone)}
