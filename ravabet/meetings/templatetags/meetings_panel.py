from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from ravabet.lib.jalali import JalaliQuarter
from ravabet.network.models import Municipality, Network

from ..models import Meeting, MeetingStatus, Resolution

register = template.Library()


@register.simple_tag
def meetings_panel(
    municipality: Municipality | None = None, network: Network | None = None
) -> dict[str, Any]:
    """What the dashboard shows: the next meeting, owned resolutions (overdue first), and
    for the secretariat the quarters of this year still without a network meeting."""
    data: dict[str, Any] = {}
    now = timezone.now()
    if network is not None:
        # One query serves both the next meeting and this year's quarters.
        year = JalaliQuarter.current().year
        meetings = list(
            Meeting.objects.of_network(network)
            .not_cancelled()
            .filter(starts_at__gte=JalaliQuarter(year, 1).start_utc())
            .order_by("starts_at")
        )
        data["next"] = next(
            (m for m in meetings if m.status == MeetingStatus.PLANNED and m.starts_at >= now), None
        )
        held = {m.quarter_number for m in meetings if m.quarter_year == year}
        data["missing"] = [JalaliQuarter(year, n) for n in range(1, 5) if n not in held]
        data["resolutions"] = list(
            Resolution.objects.of_network(network).open().with_owner().order_by("deadline")[:8]
        )
        data["network"] = network
    elif municipality is not None:
        upcoming = Meeting.objects.upcoming().select_related("network", "municipality")
        data["next"] = upcoming.filter(network__members=municipality).first() or (
            upcoming.filter(municipality=municipality).first()
        )
        data["resolutions"] = list(
            Resolution.objects.owned_by(municipality).open().with_owner().order_by("deadline")[:8]
        )
        data["networks"] = list(municipality.networks.all())
    return data
