"""The monitoring card of the office dashboard (ravabet/office/panels.py): today's mentions
and the open right-of-reply tasks."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from ravabet.network.models import Municipality, Network, User

from .models import Mention, ReplyTask

LATEST = 5


def panel(user: User | AnonymousUser, place: Municipality | Network) -> dict[str, Any]:
    """A municipality's: a network has no watch lists of its own (its members do)."""
    if isinstance(place, Network):
        return {}
    today = Mention.objects.of(place).on_day(timezone.localdate())
    return {
        "today_count": today.count(),
        "today": list(today.with_item()[:LATEST]),
        "replies": list(
            ReplyTask.objects.of(place).open().select_related("owner", "clipping__item")[:LATEST]
        ),
        "today_date": timezone.localdate(),
    }
