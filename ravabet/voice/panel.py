"""The citizens' voice card of the office dashboard (ravabet/office/panels.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Avg, Count, Q
from django.utils import timezone

from ravabet.network.models import Municipality, Network, User

from .models import OPEN_STATUSES, Message, Rating, Status
from .report import Period


def panel(user: User | AnonymousUser, place: Municipality | Network) -> dict[str, Any]:
    """New and overdue messages and this month's satisfaction, in two queries; a network's
    card only links to the network report, so it asks nothing."""
    if isinstance(place, Network):
        return {}
    counts = Message.objects.filter(municipality=place).aggregate(
        new=Count("id", filter=Q(status=Status.NEW)),
        overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, due_on__lt=timezone.localdate())),
    )
    period = Period.parse(None)
    start, end = period.utc_bounds()
    rating = Rating.objects.filter(
        message__municipality=place,
        message__received_at__gte=start,
        message__received_at__lt=end,
    ).aggregate(avg=Avg("score"), n=Count("id"))
    return {**counts, "satisfaction": rating["avg"], "ratings": rating["n"], "period": period}
