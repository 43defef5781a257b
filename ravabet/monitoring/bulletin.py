"""The daily bulletin: a day's mentions and clippings, grouped by story (cluster), as the
HTML of the email and of the PDF (WeasyPrint, RTL, as meetings/pdf.py does)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from ravabet.meetings.pdf import font_url
from ravabet.network.models import Municipality

from .models import Clipping, Item, Mention


@dataclass
class Story:
    """One story of the day: its items (wire copies count once) and what was found."""

    lead: Item
    items: list[Item] = field(default_factory=list)
    watches: list[str] = field(default_factory=list)
    snippet: str = ""
    tone: str = ""

    @property
    def original(self) -> Item:
        """The story's first item (its headline names the story), which a copy may
        have mentioned the municipality in place of."""
        cluster = self.lead.cluster
        return (cluster.first_item if cluster is not None else None) or self.lead

    @property
    def outlets(self) -> int:
        return len({i.host for i in self.items})


def stories_of_day(municipality: Municipality, day: dt.date) -> list[Story]:
    mentions = list(
        Mention.objects.of(municipality)
        .on_day(day)
        .with_item()
        .select_related("item__cluster__first_item")
        .order_by("item__published_at", "pk")
    )
    tones = dict(
        Clipping.objects.of(municipality)
        .filter(item__in=[m.item_id for m in mentions])
        .values_list("item_id", "tone")
    )
    stories: dict[object, Story] = {}
    for mention in mentions:
        item = mention.item
        key = ("c", item.cluster_id) if item.cluster_id else ("i", item.pk)
        story = stories.get(key)
        if story is None:
            story = stories[key] = Story(lead=item, snippet=mention.snippet)
        if item not in story.items:
            story.items.append(item)
        if mention.watch.name not in story.watches:
            story.watches.append(mention.watch.name)
        story.tone = story.tone or tones.get(item.pk, "")
    return sorted(stories.values(), key=lambda s: (-s.outlets, s.lead.published_at))


def context(municipality: Municipality, day: dt.date) -> dict[str, Any]:
    stories = stories_of_day(municipality, day)
    clippings = list(
        Clipping.objects.of(municipality)
        .filter(item__in=[i for s in stories for i in s.items])
        .select_related("item__source")
    )
    return {
        "municipality": municipality,
        "day": day,
        "stories": stories,
        "clippings": clippings,
        "mentions": sum(len(s.items) for s in stories),
        "site_url": settings.SITE_URL,
    }


def bulletin_html(municipality: Municipality, day: dt.date, *, pdf: bool = False) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        data = context(municipality, day)
        if pdf:
            data |= {"font_regular": font_url("Regular"), "font_bold": font_url("Bold")}
        return render_to_string("monitoring/bulletin_document.html", data | {"pdf": pdf})


def bulletin_pdf(municipality: Municipality, day: dt.date) -> bytes:
    from weasyprint import HTML

    # Only file:// URLs under node_modules are fetched; the template has no other links.
    document = HTML(
        string=bulletin_html(municipality, day, pdf=True), base_url=str(settings.BASE_DIR)
    )
    result: bytes = document.write_pdf()
    return result
