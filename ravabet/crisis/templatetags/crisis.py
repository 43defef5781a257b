"""The crisis bar at the top of every office page (one query), and the banner of an open
incident's latest statement on a municipality's or the network's public page."""

from __future__ import annotations

from typing import Any

from django import template

from ravabet.network.models import Municipality, Network

from ..actions import open_incidents_for
from ..models import IncidentStatus, Statement, StatementStatus

register = template.Library()


@register.inclusion_tag("crisis/_bar.html", takes_context=True)
def crisis_bar(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = context.get("user")
    if request is None or user is None or not user.is_authenticated:
        return {"incidents": []}
    if not request.path.startswith("/office/"):
        return {"incidents": []}
    return {"incidents": open_incidents_for(user)}


@register.inclusion_tag("crisis/_banner.html")
def crisis_banner(place: Municipality | Network) -> dict[str, Any]:
    statements = Statement.objects.filter(
        status=StatementStatus.PUBLISHED, incident__status=IncidentStatus.OPEN
    )
    if isinstance(place, Network):
        statements = statements.filter(incident__municipalities__in=place.members.values("pk"))
    else:
        statements = statements.filter(incident__municipalities=place)
    latest = list(statements.select_related("incident").distinct().newest_first()[:3])
    return {"statements": latest, "place": place}
