"""The only way a view reaches a round, a problem or a report: scoped to the user.

In a network: its secretariat sees and does everything; a member's PR office sees its own
answers and the network's aggregates; the governorate observer sees the issued reports.
Anybody else (another network's staff, a manager, a stranger): 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ravabet.network.access import AnyUser, Rights, get_network_for_user, rights_in_network
from ravabet.network.models import Municipality, Network, Role

from .models import MemberSnapshot, Problem, Report, Round


@dataclass(frozen=True)
class Seat:
    """Where the user sits in a network's diagnosis."""

    rights: Rights

    @property
    def secretariat(self) -> bool:
        return self.rights.write

    @property
    def observer(self) -> bool:
        return Role.OBSERVER in self.rights.roles

    @property
    def member(self) -> Municipality | None:
        """The municipality whose PR office the user answers for."""
        return self.rights.municipality

    @property
    def diagnosis(self) -> bool:
        """Rounds and the problem register: the secretariat and the members' PR offices."""
        return self.secretariat or self.member is not None

    @property
    def reports(self) -> bool:
        return self.diagnosis or self.observer


def _not_found() -> Http404:
    return Http404(_("No such page, or it is not yours to see."))


def seat_in(user: AnyUser, network: Network, *, reports: bool = False) -> Seat:
    seat = Seat(rights_in_network(user, network))
    if not (seat.reports if reports else seat.diagnosis):
        raise _not_found()
    return seat


def get_network_seat(
    user: AnyUser, slug: str, *, write: bool = False, reports: bool = False
) -> tuple[Network, Seat]:
    network, _rights = get_network_for_user(user, slug)
    seat = seat_in(user, network, reports=reports)
    if write and not seat.secretariat:
        raise PermissionDenied(_("Only the network's secretariat may do this."))
    return network, seat


def get_round_for_user(user: AnyUser, pk: int, *, write: bool = False) -> tuple[Round, Seat]:
    try:
        found = Round.objects.select_related("network__host", "questionnaire").get(pk=pk)
    except Round.DoesNotExist:
        raise _not_found() from None
    seat = seat_in(user, found.network)
    if write and not seat.secretariat:
        raise PermissionDenied(_("Only the network's secretariat may do this."))
    return found, seat


def get_problem_for_user(user: AnyUser, pk: int, *, write: bool = False) -> tuple[Problem, Seat]:
    try:
        problem = Problem.objects.select_related("network__host", "owner").get(pk=pk)
    except Problem.DoesNotExist:
        raise _not_found() from None
    seat = seat_in(user, problem.network)
    if write and not seat.secretariat:
        raise PermissionDenied(_("Only the network's secretariat may change the register."))
    return problem, seat


def get_report_for_user(user: AnyUser, pk: int) -> tuple[Report, Seat]:
    try:
        report = Report.objects.select_related("network__host", "issued_by").get(pk=pk)
    except Report.DoesNotExist:
        raise _not_found() from None
    return report, seat_in(user, report.network, reports=True)


def get_member_report_for_user(
    user: AnyUser, pk: int, slug: str
) -> tuple[Report, MemberSnapshot, Seat]:
    """A member's part of a report: the secretariat and the observer see every member's,
    a member's PR office its own only. The part and its report are read in one query
    (none, or not the user's to see: 404 alike)."""
    member = (
        MemberSnapshot.objects.select_related(
            "report__network__host", "report__issued_by", "municipality"
        )
        .filter(report_id=pk, municipality__slug=slug)
        .first()
    )
    if member is None:
        raise _not_found()
    report = member.report
    seat = seat_in(user, report.network, reports=True)
    if not (seat.secretariat or seat.observer) and (
        seat.member is None or seat.member.slug != slug
    ):
        raise _not_found()
    return report, member, seat
