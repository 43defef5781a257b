"""The crisis room card of the office dashboard (ravabet/office/panels.py): the open
incidents with their last statement number and what waits for the spokesperson, and the
contacts not verified lately."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q

from ravabet.network.models import Municipality, Network, User

from .models import Contact, Incident, StatementStatus

SHOWN = 5


def panel(user: User | AnonymousUser, place: Municipality | Network) -> dict[str, Any]:
    incidents = list(
        Incident.objects.of(place)
        .open()
        .select_related("spokesperson")
        .annotate(
            waiting=Count(
                "statements",
                filter=Q(
                    statements__status__in=[StatementStatus.AWAITING, StatementStatus.APPROVED]
                ),
                distinct=True,
            )
        )
        .order_by("-opened_at", "-pk")[:SHOWN]
    )
    stale = None
    if isinstance(place, Municipality):
        stale = Contact.objects.filter(municipality=place).stale().count()
    return {"incidents": incidents, "stale_contacts": stale}
