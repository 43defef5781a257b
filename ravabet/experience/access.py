"""Experiences belong to a network: its members' staff, secretariat and observers read them;
a member's PR office writes its own; the secretariat features."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ravabet.network.access import AnyUser, Rights, require, rights_in_network

from .models import Experience, ExperienceAttachment


def get_experience_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[Experience, Rights]:
    """``write``: edit it (its own municipality's PR office or the secretariat)."""
    try:
        experience = Experience.objects.select_related("network__host", "municipality").get(pk=pk)
    except Experience.DoesNotExist:
        raise Http404(_("No such experience.")) from None
    rights = require(rights_in_network(user, experience.network))
    if write and not may_edit(rights, experience):
        raise PermissionDenied(_("Only the office that wrote this experience may change it."))
    return experience, rights


def may_edit(rights: Rights, experience: Experience) -> bool:
    return rights.write or (
        rights.municipality is not None and rights.municipality.pk == experience.municipality_id
    )


def get_attachment_for_user(user: AnyUser, pk: int) -> tuple[ExperienceAttachment, Rights]:
    """An experience's file, for whoever may read the experience."""
    try:
        attachment = ExperienceAttachment.objects.select_related("experience__network").get(pk=pk)
    except ExperienceAttachment.DoesNotExist:
        raise Http404(_("No such file.")) from None
    return attachment, require(rights_in_network(user, attachment.experience.network))
