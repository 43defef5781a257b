"""The workload card of the dashboard (ravabet/office/panels.py): the person's months still
to confirm; for the PR head, how many of the office's people confirmed last month; for a
network, the link to the members' aggregate."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from ravabet.network.models import PR_ROLES, Membership, Municipality, Network, Role, User

from .access import office_roles
from .models import WorkMonth


def _previous(year: int, month: int) -> tuple[int, int]:
    return (year, month - 1) if month > 1 else (year - 1, 12)


def panel(user: User | AnonymousUser, place: Municipality | Network) -> dict[str, Any]:
    from .actions import this_month

    if isinstance(place, Network):
        return {"network_view": True}
    roles = office_roles(user, place.pk)
    if not roles:
        return {"pr": False}
    year, month = this_month()
    last = _previous(year, month)
    waiting = list(
        WorkMonth.objects.filter(person_id=user.pk, municipality=place, confirmed_at__isnull=True)
        .exclude(year=year, month=month)
        .order_by("-year", "-month")[:3]
    )
    data: dict[str, Any] = {"pr": True, "waiting": waiting, "head": Role.PR_HEAD in roles}
    if data["head"]:
        people = (
            Membership.objects.filter(municipality=place, role__in=list(PR_ROLES))
            .values("user_id")
            .distinct()
            .count()
        )
        confirmed = WorkMonth.objects.filter(
            municipality=place, year=last[0], month=last[1], confirmed_at__isnull=False
        ).count()
        data.update({"people": people, "confirmed": confirmed, "last": last})
    return data
