from __future__ import annotations

from django import template

from ravabet.network.models import Municipality

from ..models import NewsItem

register = template.Library()

LATEST = 5


@register.simple_tag
def latest_news(municipality: Municipality) -> list[NewsItem]:
    return list(
        NewsItem.objects.published()
        .of_municipality(municipality)
        .only("pk", "title", "published_at", "municipality__slug")
        .select_related("municipality")
        .public_order()[:LATEST]
    )
