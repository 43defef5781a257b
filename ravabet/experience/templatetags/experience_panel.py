from __future__ import annotations

from typing import Any

from django import template

from ravabet.network.models import Municipality, Network

from ..models import Experience

register = template.Library()


@register.simple_tag
def experience_panel(
    municipality: Municipality | None = None, network: Network | None = None
) -> dict[str, Any]:
    networks = [network] if network is not None else []
    if municipality is not None:
        networks = list(municipality.networks.all())
    latest = list(
        Experience.objects.filter(network__in=networks)
        .select_related("municipality")
        .featured_first()[:5]
    )
    return {"latest": latest, "networks": networks}
