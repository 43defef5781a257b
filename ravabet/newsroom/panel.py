"""The newsroom card of the office dashboard (ravabet/office/panels.py); press-release
deliveries in the same card are media's (ravabet/media/panel.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from ravabet.network.models import Municipality, Network, User

from .models import ChannelPost, NewsItem

LATEST = 5


def panel(user: User | AnonymousUser, place: Municipality | Network) -> dict[str, Any]:
    """A municipality's news waiting for approval (the PR head's, a manager's), published
    lately, and channel posts that failed or were cut short; a network's: its members'
    news published lately."""
    if isinstance(place, Network):
        return {
            "published": list(
                NewsItem.objects.published()
                .of_network(place)
                .select_related("municipality")
                .public_order()[:LATEST]
            )
        }
    items = NewsItem.objects.of_municipality(place).select_related("municipality")
    posts = ChannelPost.objects.filter(item__municipality=place).select_related(
        "item__municipality"
    )
    return {
        "waiting": list(items.waiting_for_approval().order_by("updated_at")[:LATEST]),
        "awaiting_manager": list(items.awaiting_manager().order_by("updated_at")[:LATEST]),
        "published": list(items.published().public_order()[:LATEST]),
        "failed_posts": list(posts.failed()[:LATEST]),
        # Listed apart from failures: these wait for a person, nothing retries them.
        "interrupted_posts": list(posts.interrupted().order_by("-updated_at")[:LATEST]),
    }
