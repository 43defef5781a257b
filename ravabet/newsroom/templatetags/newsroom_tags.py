from __future__ import annotations

from typing import Any

from django import template

from ravabet.network.models import Municipality, Network

from ..models import ChannelPost, NewsItem

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


@register.simple_tag
def newsroom_panel(
    municipality: Municipality | None = None, network: Network | None = None
) -> dict[str, Any]:
    from ravabet.media.models import Delivery

    data: dict[str, Any] = {"municipality": municipality or None, "network": network or None}
    if municipality:
        items = NewsItem.objects.of_municipality(municipality).select_related("municipality")
        data["waiting"] = list(items.waiting_for_approval().order_by("updated_at")[:LATEST])
        data["published"] = list(items.published().public_order()[:LATEST])
        posts = ChannelPost.objects.filter(item__municipality=municipality).select_related(
            "item__municipality"
        )
        deliveries = Delivery.objects.filter(
            distribution__item__municipality=municipality
        ).select_related("distribution__item")
        data["failed_posts"] = list(posts.failed()[:LATEST])
        data["failed_deliveries"] = list(deliveries.failed()[:LATEST])
        # Listed apart from failures: these wait for a person, nothing retries them.
        data["interrupted_posts"] = list(posts.interrupted().order_by("-updated_at")[:LATEST])
        data["interrupted_deliveries"] = list(
            deliveries.interrupted().order_by("-claimed_at")[:LATEST]
        )
    elif network:
        data["published"] = list(
            NewsItem.objects.published()
            .of_network(network)
            .select_related("municipality")
            .public_order()[:LATEST]
        )
    return data
