"""The "Diagnosis and reports" card of the office dashboard (ravabet/office/panels.py):
what concerns each role. A member's office: the open round to answer and its problems in
the register. The secretariat: the round's progress and the report to issue. The
observer: the issued reports. All read this quarter's figures from the metric
dictionary, as kept per member (actions.figures_for: refreshed by the tick, recomputed when
older than a quarter of an hour), in a fixed number of queries whatever the number of members
and of their records; the card says when they were computed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q

from ravabet.lib.jalali import JalaliQuarter
from ravabet.network.access import rights_in
from ravabet.network.models import Municipality, Network, Role, User

from . import metrics
from .actions import figures_for
from .models import Problem, ProblemReport, Report, Response, Round, RoundStatus

REPORTS = 5


def _figures(
    ids: list[int], quarter: JalaliQuarter, pk: int | None
) -> tuple[list[tuple[Any, str, bool]], dt.datetime]:
    """Each metric's name, its value as shown (or "not enough data") and whether it has one,
    from the kept figures (actions.figures_for), and when they were computed."""
    from .report import shown

    computed, as_of = figures_for(ids, quarter)
    figures = computed.total if pk is None else computed.members[pk]
    return [(m, shown(figures[m.key]), figures[m.key].enough) for m in metrics.METRICS], as_of


def panel(user: User | AnonymousUser, place: Municipality | Network) -> dict[str, Any]:
    quarter = JalaliQuarter.current()
    rights = rights_in(user, place)
    if isinstance(place, Network):
        secretariat = rights.write
        observer = Role.OBSERVER in rights.roles
        member = rights.municipality
        open_round = (
            Round.objects.of_network(place)
            .open()
            .annotate(answered=Count("responses", filter=Q(responses__submitted_at__isnull=False)))
            .latest_first()
            .first()
        )
        reports = list(Report.objects.of_network(place).latest_versions().latest_first()[:REPORTS])
        last_quarter = quarter.previous()
        issued_last = any(
            (r.quarter_year, r.quarter_number) == (last_quarter.year, last_quarter.number)
            for r in reports
        )
        ids = list(place.members.values_list("pk", flat=True)) if secretariat or member else []
        figures, as_of = _figures(ids, quarter, None) if secretariat else ([], None)
        return {
            "network": place,
            "secretariat": secretariat,
            "observer": observer,
            "member": member,
            "round": open_round if (secretariat or member) else None,
            "members_count": len(ids),
            "reports": reports if (secretariat or observer or member) else [],
            "to_issue": last_quarter if secretariat and not issued_last else None,
            "open_problems": (
                Problem.objects.of_network(place).unresolved().count() if secretariat else 0
            ),
            "figures": figures,
            "as_of": as_of,
            "quarter": quarter,
        }
    # A municipality's dashboard: its PR office answers for it.
    if rights.municipality is None:
        return {"municipality": place, "office": False}
    rounds = list(
        Round.objects.filter(network__members=place, status=RoundStatus.OPEN)
        .select_related("network")
        .order_by("-quarter_year", "-quarter_number")
    )
    answered = set(
        Response.objects.filter(
            round__in=rounds, municipality=place, submitted_at__isnull=False
        ).values_list("round_id", flat=True)
    )
    problems = list(
        ProblemReport.objects.filter(municipality=place)
        .exclude(problem__status="resolved")
        .select_related("problem")
        .order_by("-raised_at")[:REPORTS]
    )
    reports = list(
        Report.objects.filter(network__members=place)
        .latest_versions()
        .select_related("network")
        .latest_first()[:3]
    )
    figures, as_of = _figures([place.pk], quarter, place.pk)
    return {
        "municipality": place,
        "office": True,
        "rounds": [(r, r.pk in answered) for r in rounds],
        "problems": problems,
        "reports": reports,
        "figures": figures,
        "as_of": as_of,
        "quarter": quarter,
    }
