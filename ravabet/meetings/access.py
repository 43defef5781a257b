"""The only way a view reaches a meeting or a resolution: scoped to the user.

A network's meeting: its secretariat writes; its observers and the staff of its member
municipalities read; anybody else gets a 404. An office's own meeting: its PR head and
PR staff write, its manager reads. A resolution is written (progress posted) by the PR
office of the municipality that owns it, and closed by whoever writes the meeting.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ravabet.network.access import AnyUser, Rights, require, rights_in

from .models import (
    AgendaItem,
    Meeting,
    MinutesAttachment,
    MinutesComment,
    OwnerKind,
    ProgressUpdate,
    Resolution,
)


def _meeting_rights(user: AnyUser, meeting: Meeting, *, write: bool) -> Rights:
    return require(
        rights_in(user, meeting.owner),
        write=write,
        refused=_("Your role here can read this meeting but not change it."),
    )


def get_meeting_for_user(user: AnyUser, pk: int, *, write: bool = False) -> tuple[Meeting, Rights]:
    try:
        meeting = Meeting.objects.select_related("network__host", "municipality").get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404(_("No such meeting.")) from None
    return meeting, _meeting_rights(user, meeting, write=write)


def get_agenda_item_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[AgendaItem, Rights]:
    try:
        item = AgendaItem.objects.select_related(
            "meeting__network__host", "meeting__municipality"
        ).get(pk=pk)
    except AgendaItem.DoesNotExist:
        raise Http404(_("No such agenda item.")) from None
    return item, _meeting_rights(user, item.meeting, write=write)


def get_comment_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[MinutesComment, Rights]:
    """A comment on the minutes; ``write``: the meeting's secretariat (to settle it)."""
    try:
        comment = MinutesComment.objects.select_related(
            "meeting__network__host", "meeting__municipality"
        ).get(pk=pk)
    except MinutesComment.DoesNotExist:
        raise Http404(_("No such comment.")) from None
    return comment, _meeting_rights(user, comment.meeting, write=write)


def may_comment(user: AnyUser, meeting: Meeting, rights: Rights) -> bool:
    """The secretariat and the people invited (their accounts) comment on the minutes."""
    if rights.write:
        return True
    return meeting.invitations.filter(user_id=user.pk).exists() if user.pk else False


def may_update_resolution(resolution: Resolution, rights: Rights) -> bool:
    """The owner's PR head posts progress; the secretariat (who convened) may too."""
    if rights.write:
        return True
    if resolution.owner_kind == OwnerKind.SECRETARIAT or resolution.owner_municipality_id is None:
        return False
    return (
        rights.head
        and rights.municipality is not None
        and rights.municipality.pk == resolution.owner_municipality_id
    )


def get_resolution_for_user(
    user: AnyUser, pk: int, *, write: bool = False, manage: bool = False
) -> tuple[Resolution, Rights]:
    """``write``: post progress (owner's PR head or the secretariat); ``manage``: change
    or close it (whoever writes the meeting)."""
    try:
        resolution = Resolution.objects.with_owner().get(pk=pk)
    except Resolution.DoesNotExist:
        raise Http404(_("No such resolution.")) from None
    rights = require(
        rights_in(user, resolution.meeting.owner),
        write=manage,
        refused=_("Only the secretariat may change or close this resolution."),
    )
    if write and not may_update_resolution(resolution, rights):
        raise PermissionDenied(
            _("Only the PR head of the municipality that owns this resolution may report on it.")
        )
    return resolution, rights


def get_attachment_for_user(user: AnyUser, pk: int) -> tuple[MinutesAttachment, Rights]:
    """A file attached to the minutes, for whoever may read the meeting."""
    try:
        attachment = MinutesAttachment.objects.select_related(
            "meeting__network", "meeting__municipality"
        ).get(pk=pk)
    except MinutesAttachment.DoesNotExist:
        raise Http404(_("No such file.")) from None
    return attachment, _meeting_rights(user, attachment.meeting, write=False)


def get_progress_update_for_user(user: AnyUser, pk: int) -> tuple[ProgressUpdate, Rights]:
    """A progress report (and its attachment), for whoever may read the resolution."""
    try:
        update = ProgressUpdate.objects.select_related(
            "resolution__meeting__network", "resolution__meeting__municipality"
        ).get(pk=pk)
    except ProgressUpdate.DoesNotExist:
        raise Http404(_("No such progress report.")) from None
    return update, _meeting_rights(user, update.resolution.meeting, write=False)
