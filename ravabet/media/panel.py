"""Press-release deliveries on the office dashboard, shown in the newsroom card
(ravabet/office/panels.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from ravabet.network.models import Municipality, Network, User

from .models import Delivery

LATEST = 5


def panel(user: User | AnonymousUser, place: Municipality | Network) -> dict[str, Any]:
    """A municipality's deliveries that failed or were cut short; a network sends none."""
    if isinstance(place, Network):
        return {}
    deliveries = Delivery.objects.filter(distribution__item__municipality=place).select_related(
        "distribution__item"
    )
    return {
        "failed_deliveries": list(deliveries.failed()[:LATEST]),
        # Listed apart from failures: these wait for a person, nothing retries them.
        "interrupted_deliveries": list(deliveries.interrupted().order_by("-claimed_at")[:LATEST]),
    }
