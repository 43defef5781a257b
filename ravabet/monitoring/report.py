"""The coverage report of a Jalali month or quarter, and the network's share of voice.

Every count is of stories, not of items: wire copies of one story (a cluster) count once,
as they do in the bulletin. Charts are drawn on the server (bars of inline SVG).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Count
from django.utils import timezone

from ravabet.lib import jalali
from ravabet.lib.i18n import local_digits
from ravabet.network.models import Municipality, Network

from .models import Clipping, Mention, Pickup, Tone

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-q([1-4])$")


@dataclass(frozen=True)
class Period:
    year: int
    month: int = 0  # 0: a quarter
    quarter: int = 0

    @classmethod
    def parse(cls, value: str | None) -> Period:
        """ "1405-9" (Azar 1405) or "1405-q3" (autumn 1405); the current month otherwise."""
        value = (value or "").strip().lower()
        found = _MONTH.match(value)
        if (
            found
            and 1 <= int(found[2]) <= 12
            and jalali.MIN_YEAR <= int(found[1]) <= jalali.MAX_YEAR
        ):
            return cls(int(found[1]), month=int(found[2]))
        found = _QUARTER.match(value)
        if found and jalali.MIN_YEAR <= int(found[1]) <= jalali.MAX_YEAR:
            return cls(int(found[1]), quarter=int(found[2]))
        year, month, _day = jalali.to_jalali(timezone.localdate())
        return cls(year, month=month)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month}" if self.month else f"{self.year}-q{self.quarter}"

    @property
    def label(self) -> str:
        if self.month:
            return local_digits(f"{jalali.month_name(self.month)} {self.year}")
        return jalali.JalaliQuarter(self.year, self.quarter).label

    def days(self) -> tuple[dt.date, dt.date]:
        """First day and the day after the last (Gregorian)."""
        if self.month:
            first, last = jalali.month_bounds(self.year, self.month)
        else:
            quarter = jalali.JalaliQuarter(self.year, self.quarter)
            first, last = quarter.start, quarter.end
        return first, last + dt.timedelta(days=1)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        first, after = self.days()
        return (
            dt.datetime.combine(first, dt.time(), tzinfo=jalali.TEHRAN),
            dt.datetime.combine(after, dt.time(), tzinfo=jalali.TEHRAN),
        )

    def previous(self) -> Period:
        if self.month:
            return (
                Period(self.year - 1, month=12)
                if self.month == 1
                else Period(self.year, month=self.month - 1)
            )
        return (
            Period(self.year - 1, quarter=4)
            if self.quarter == 1
            else Period(self.year, quarter=self.quarter - 1)
        )

    def next(self) -> Period:
        if self.month:
            return (
                Period(self.year + 1, month=1)
                if self.month == 12
                else Period(self.year, month=self.month + 1)
            )
        return (
            Period(self.year + 1, quarter=1)
            if self.quarter == 4
            else Period(self.year, quarter=self.quarter + 1)
        )


@dataclass
class Bar:
    label: str
    value: int
    width: float  # percent of the largest
    share: float = 0.0  # percent of the total
    url: str = ""

    @property
    def x_rtl(self) -> float:
        """Where the bar starts when it grows from the right."""
        return round(100 - self.width, 1)


def bars(counts: Counter[str] | dict[str, int], limit: int = 12) -> list[Bar]:
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    top = max((v for _k, v in rows), default=0) or 1
    total = sum(counts.values()) or 1
    return [Bar(k, v, round(100 * v / top, 1), round(100 * v / total)) for k, v in rows]


def _story(item_id: int, cluster_id: int | None) -> tuple[str, int]:
    return ("c", cluster_id) if cluster_id else ("i", item_id)


def _stories(
    municipality_ids: list[int], start: dt.datetime, end: dt.datetime
) -> list[dict[str, Any]]:
    rows = list(
        Mention.objects.filter(municipality_id__in=municipality_ids)
        .between(start, end)
        .values(
            "municipality_id",
            "item_id",
            "item__cluster_id",
            "item__source__name",
            "item__host",
            "watch__name",
            "watch__kind",
            "item__title",
            "item__url",
            "item__cluster__outlet_count",
            "item__cluster__first_item__title",
            "item__cluster__first_item__url",
        )
    )
    return cast(list[dict[str, Any]], rows)


def coverage(municipality: Municipality, period: Period) -> dict[str, Any]:
    start, end = period.bounds()
    rows = _stories([municipality.pk], start, end)
    stories = {_story(r["item_id"], r["item__cluster_id"]) for r in rows}
    by_outlet: Counter[str] = Counter()
    seen_outlet: set[tuple[str, tuple[str, int]]] = set()
    by_topic: Counter[str] = Counter()
    seen_topic: set[tuple[str, tuple[str, int]]] = set()
    top: dict[tuple[str, int], dict[str, Any]] = {}
    for r in rows:
        story = _story(r["item_id"], r["item__cluster_id"])
        if (r["item__source__name"], story) not in seen_outlet:
            seen_outlet.add((r["item__source__name"], story))
            by_outlet[r["item__source__name"]] += 1
        if (r["watch__name"], story) not in seen_topic:
            seen_topic.add((r["watch__name"], story))
            by_topic[r["watch__name"]] += 1
        # A story is named by its original, whichever copy mentioned the municipality.
        first = "item__cluster__first_item__" if r["item__cluster_id"] else "item__"
        entry = top.setdefault(
            story, {"title": r[f"{first}title"], "url": r[f"{first}url"], "outlets": set()}
        )
        entry["outlets"].add(r["item__host"])
    tones: Counter[str] = Counter()
    seen_tone: set[tuple[str, int]] = set()
    clips = (
        Clipping.objects.of(municipality)
        .filter(item__published_at__gte=start, item__published_at__lt=end)
        .values_list("tone", "item_id", "item__cluster_id")
    )
    for tone, item_id, cluster_id in clips:
        story = _story(item_id, cluster_id)
        if story not in seen_tone:
            seen_tone.add(story)
            tones[str(Tone(tone).label)] += 1
    pickups = list(
        Pickup.objects.filter(
            release__municipality=municipality,
            item__published_at__gte=start,
            item__published_at__lt=end,
        )
        .values("release_id", "release__title")
        .annotate(items=Count("item", distinct=True), outlets=Count("item__host", distinct=True))
        .order_by("-outlets", "release__title")
    )
    before_start, before_end = period.previous().bounds()
    before = {
        _story(r["item_id"], r["item__cluster_id"])
        for r in _stories([municipality.pk], before_start, before_end)
    }
    top_stories = sorted(top.values(), key=lambda s: (-len(s["outlets"]), s["title"]))[:10]
    for row in top_stories:
        row["outlet_count"] = len(row["outlets"])
    return {
        "period": period,
        "stories": len(stories),
        "mentions": len({r["item_id"] for r in rows}),
        "previous_stories": len(before),
        "change": len(stories) - len(before),
        "change_percent": round(100 * (len(stories) - len(before)) / len(before))
        if before
        else None,
        "by_outlet": bars(by_outlet),
        "by_topic": bars(by_topic),
        "by_tone": bars(tones),
        "pickups": pickups,
        "top_stories": top_stories,
    }


def share_of_voice(network: Network, period: Period) -> dict[str, Any]:
    members = list(network.members.order_by("name"))
    start, end = period.bounds()
    rows = _stories([m.pk for m in members], start, end)
    stories: dict[int, set[tuple[str, int]]] = {m.pk: set() for m in members}
    for r in rows:
        stories[r["municipality_id"]].add(_story(r["item_id"], r["item__cluster_id"]))
    counts = {m.display_name: len(stories[m.pk]) for m in members}
    result = bars(counts, limit=len(members) or 1)
    by_name = {m.display_name: m for m in members}
    for bar in result:
        bar.url = by_name[bar.label].slug
    return {"period": period, "members": result, "total": sum(counts.values())}
