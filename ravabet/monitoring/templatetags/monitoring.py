"""The press-release pickups shown on the media app's distribution page."""

from __future__ import annotations

import math
from typing import Any

from django import template

from ..models import Pickup

register = template.Library()


@register.simple_tag
def pickups_of(release: Any, since: Any) -> dict[str, Any]:
    """Outlets that carried `release` (a news item) after `since` (its distribution)."""
    rows = list(
        Pickup.objects.filter(release=release, item__published_at__gte=since)
        .select_related("item__source")
        .order_by("item__published_at", "pk")
    )
    outlets: dict[str, Pickup] = {}
    for row in rows:
        outlets.setdefault(row.item.host, row)
    hours = 0
    if rows:
        latest = max(r.item.published_at for r in rows)
        hours = max(1, math.ceil((latest - since).total_seconds() / 3600))
    return {"rows": rows, "outlets": len(outlets), "hours": hours}
