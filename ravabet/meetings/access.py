"""The only way a view reaches a meeting or a resolution: scoped to the user.

A network's meeting: its secretariat writes; its observers and the staff of its member
municipalities read; anybody else gets a 404. An office's own meeting: its PR head and
PR staff write, its manager reads. A resolution is written (progress posted) by the PR
office of the municipality that owns it, and closed by whoever writes the meeting.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ravabet.network.models import (
    MUNICIPAL_ROLES,
    PR_ROLES,
    Membership,
    Municipality,
    Network,
    Role,
    User,
)

from .models import AgendaItem, Meeting, MinutesAttachment, OwnerKind, ProgressUpdate, Resolution

AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class Rights:
    read: bool = False
    write: bool = False  # convene, minute, approve, create and close resolutions
    propose: bool = False  # propose agenda items (a member's PR office)
    municipality: Municipality | None = None  # the member the user speaks for


def _memberships(user: AnyUser) -> list[tuple[str, int | None, int | None]]:
    return list(
        Membership.objects.for_user(user).values_list("role", "municipality_id", "network_id")
    )


def rights_in_network(user: AnyUser, network: Network) -> Rights:
    rows = _memberships(user)
    network_roles = {role for role, _m, n in rows if n == network.pk}
    member_ids = set(network.members.values_list("pk", flat=True))
    municipal = [(role, m) for role, m, _n in rows if m in member_ids and role in MUNICIPAL_ROLES]
    pr_of = [m for role, m in municipal if role in PR_ROLES]
    municipality = Municipality.objects.filter(pk=pr_of[0]).first() if pr_of else None
    return Rights(
        read=bool(network_roles or municipal),
        write=Role.SECRETARIAT in network_roles,
        propose=bool(pr_of),
        municipality=municipality,
    )


def rights_in_municipality(user: AnyUser, municipality: Municipality) -> Rights:
    roles = {
        role
        for role, m, _n in _memberships(user)
        if m == municipality.pk and role in MUNICIPAL_ROLES
    }
    pr = bool(roles & PR_ROLES)
    return Rights(read=bool(roles), write=pr, propose=pr, municipality=municipality if pr else None)


def rights_for_meeting(user: AnyUser, meeting: Meeting) -> Rights:
    if meeting.network is not None:
        return rights_in_network(user, meeting.network)
    if meeting.municipality is None:  # the check constraint makes this impossible
        return Rights()
    return rights_in_municipality(user, meeting.municipality)


def _check(rights: Rights, *, write: bool) -> None:
    if not rights.read:
        raise Http404(_("No such meeting, or it is not yours to see."))
    if write and not rights.write:
        raise PermissionDenied(_("Your role here can read this meeting but not change it."))


def get_meeting_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Meeting:
    try:
        meeting = Meeting.objects.select_related("network__host", "municipality").get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404(_("No such meeting.")) from None
    _check(rights_for_meeting(user, meeting), write=write)
    return meeting


def get_agenda_item_for_user(user: AnyUser, pk: int, *, write: bool = False) -> AgendaItem:
    try:
        item = AgendaItem.objects.select_related(
            "meeting__network__host", "meeting__municipality"
        ).get(pk=pk)
    except AgendaItem.DoesNotExist:
        raise Http404(_("No such agenda item.")) from None
    _check(rights_for_meeting(user, item.meeting), write=write)
    return item


def may_comment(user: AnyUser, meeting: Meeting) -> bool:
    """The secretariat and the people invited (their accounts) comment on the minutes."""
    if rights_for_meeting(user, meeting).write:
        return True
    return meeting.invitations.filter(user_id=user.pk).exists() if user.pk else False


def may_update_resolution(user: AnyUser, resolution: Resolution, rights: Rights) -> bool:
    """The owner's PR office posts progress; the secretariat (who convened) may too."""
    if rights.write:
        return True
    if resolution.owner_kind == OwnerKind.SECRETARIAT or resolution.owner_municipality_id is None:
        return False
    return (
        Membership.objects.for_user(user)
        .filter(municipality_id=resolution.owner_municipality_id, role=Role.PR_HEAD)
        .exists()
    )


def get_resolution_for_user(
    user: AnyUser, pk: int, *, write: bool = False, manage: bool = False
) -> Resolution:
    """``write``: post progress (owner's PR head or the secretariat); ``manage``: change
    or close it (whoever writes the meeting)."""
    try:
        resolution = Resolution.objects.with_owner().get(pk=pk)
    except Resolution.DoesNotExist:
        raise Http404(_("No such resolution.")) from None
    rights = rights_for_meeting(user, resolution.meeting)
    if not rights.read:
        raise Http404(_("No such resolution, or it is not yours to see."))
    if manage and not rights.write:
        raise PermissionDenied(_("Only the secretariat may change or close this resolution."))
    if write and not may_update_resolution(user, resolution, rights):
        raise PermissionDenied(
            _("Only the PR head of the municipality that owns this resolution may report on it.")
        )
    return resolution


def get_attachment_for_user(user: AnyUser, pk: int) -> MinutesAttachment:
    """A file attached to the minutes, for whoever may read the meeting."""
    try:
        attachment = MinutesAttachment.objects.get(pk=pk)
    except MinutesAttachment.DoesNotExist:
        raise Http404(_("No such file.")) from None
    get_meeting_for_user(user, attachment.meeting_id)
    return attachment


def get_progress_update_for_user(user: AnyUser, pk: int) -> ProgressUpdate:
    """A progress report (and its attachment), for whoever may read the resolution."""
    try:
        update = ProgressUpdate.objects.get(pk=pk)
    except ProgressUpdate.DoesNotExist:
        raise Http404(_("No such progress report.")) from None
    get_resolution_for_user(user, update.resolution_id)
    return update
