"""The meetings card of the office dashboard (ravabet/office/panels.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from ravabet.lib.jalali import JalaliQuarter
from ravabet.network.models import Municipality, Network, User

from .models import Meeting, MeetingStatus, Resolution

RESOLUTIONS = 8


def panel(user: User | AnonymousUser, place: Municipality | Network) -> dict[str, Any]:
    """The next meeting, owned resolutions (overdue first), and for the secretariat the
    quarters of this year still without a network meeting."""
    if isinstance(place, Network):
        return _network_panel(place)
    upcoming = Meeting.objects.upcoming().select_related("network", "municipality")
    return {
        "next": upcoming.filter(network__members=place).first()
        or upcoming.filter(municipality=place).first(),
        "resolutions": list(
            Resolution.objects.owned_by(place)
            .open()
            .with_owner()
            .order_by("deadline")[:RESOLUTIONS]
        ),
        "networks": list(place.networks.all()),
    }


def _network_panel(network: Network) -> dict[str, Any]:
    now = timezone.now()
    year = JalaliQuarter.current().year
    # One query serves both the next meeting and this year's quarters.
    meetings = list(
        Meeting.objects.of_network(network)
        .not_cancelled()
        .filter(starts_at__gte=JalaliQuarter(year, 1).start_utc())
        .order_by("starts_at")
    )
    held = {m.quarter_number for m in meetings if m.quarter_year == year}
    return {
        "next": next(
            (m for m in meetings if m.status == MeetingStatus.PLANNED and m.starts_at >= now), None
        ),
        "missing": [JalaliQuarter(year, n) for n in range(1, 5) if n not in held],
        "resolutions": list(
            Resolution.objects.of_network(network)
            .open()
            .with_owner()
            .order_by("deadline")[:RESOLUTIONS]
        ),
    }
