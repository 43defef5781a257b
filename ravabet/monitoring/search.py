"""Monitored items, found by the municipality's staff through the search core: one entry
per mention (an item mentioning two municipalities is found by each, under its own)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ravabet.search.models import Audience
from ravabet.search.sources import Document, Source, register

from .models import Mention


@register
class MentionSource(Source):
    kind = "monitoring.mention"
    label = _("Press coverage")
    audiences = frozenset({Audience.MUNICIPALITY})
    model = Mention

    def document(self, obj: Mention) -> Document:
        item = obj.item
        return Document(
            title=item.title,
            body=" ".join([item.source.name, item.summary, item.body, obj.snippet]),
            url=obj.get_absolute_url(),
            audience=Audience.MUNICIPALITY,
            municipality=obj.municipality,
            date=item.published_at,
        )

    def records(self) -> QuerySet[Mention]:
        return Mention.objects.select_related("item__source", "municipality")
