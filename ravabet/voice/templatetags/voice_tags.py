from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Avg, Count, Q
from django.utils import timezone

from ravabet.network.models import Municipality

from ..models import OPEN_STATUSES, Message, Rating, Status
from ..report import Period

register = template.Library()


@register.simple_tag
def voice_panel(municipality: Municipality) -> dict[str, Any]:
    """New and overdue messages and this month's satisfaction, in two queries."""
    counts = Message.objects.filter(municipality=municipality).aggregate(
        new=Count("id", filter=Q(status=Status.NEW)),
        overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, due_on__lt=timezone.localdate())),
    )
    period = Period.parse(None)
    start, end = period.utc_bounds()
    rating = Rating.objects.filter(
        message__municipality=municipality,
        message__received_at__gte=start,
        message__received_at__lt=end,
    ).aggregate(avg=Avg("score"), n=Count("id"))
    return {**counts, "satisfaction": rating["avg"], "ratings": rating["n"], "period": period}
