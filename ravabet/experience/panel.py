"""The shared-experience card of the office dashboard (ravabet/office/panels.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from ravabet.network.models import Municipality, Network, User

from .models import Experience

LATEST = 5


def panel(user: User | AnonymousUser, place: Municipality | Network) -> dict[str, Any]:
    """The latest experiences of the place's networks, featured first."""
    networks = [place] if isinstance(place, Network) else list(place.networks.all())
    latest = list(
        Experience.objects.filter(network__in=networks)
        .select_related("municipality")
        .featured_first()[:LATEST]
    )
    return {"latest": latest, "networks": networks}
