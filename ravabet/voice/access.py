"""The only way a view reaches a citizen's message: scoped to the user.

Another municipality's message is a 404; a manager (read-only) writing is a 403; contact
details need a PR role, and reading them leaves a line in the AccessLog.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ravabet.network.access import AnyUser, roles_in_municipality
from ravabet.network.models import (
    MUNICIPAL_ROLES,
    PR_ROLES,
    WRITING_ROLES,
    Municipality,
    Role,
    User,
)

from .models import AccessLog, Category, Holiday, Message, Photo


def _check(roles: frozenset[str], *, write: bool) -> None:
    if not roles & MUNICIPAL_ROLES:
        raise Http404(_("No such page, or it is not yours to see."))
    if write and not roles & WRITING_ROLES:
        raise PermissionDenied(_("Your role here can read but not change this."))


def get_message_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Message:
    try:
        message = Message.objects.with_related().get(pk=pk)
    except Message.DoesNotExist:
        raise Http404(_("No such message.")) from None
    _check(roles_in_municipality(user, message.municipality), write=write)
    return message


def get_photo_for_user(user: AnyUser, pk: int) -> Photo:
    """A citizen's photo, for whoever may see its message (the message page shows it)."""
    try:
        photo = Photo.objects.only("pk", "image", "message_id").get(pk=pk)
    except Photo.DoesNotExist:
        raise Http404(_("No such photo.")) from None
    get_message_for_user(user, photo.message_id)
    return photo


def can_see_contact(user: AnyUser, municipality: Municipality) -> bool:
    return bool(roles_in_municipality(user, municipality) & PR_ROLES)


def get_contact_for_user(user: AnyUser, pk: int) -> Message:
    """The message with its contact details, for a PR role of its municipality; logged."""
    message = get_message_for_user(user, pk)
    if not can_see_contact(user, message.municipality):
        raise PermissionDenied(_("Only the PR office may see a citizen's contact details."))
    AccessLog.objects.create(message=message, user=user if isinstance(user, User) else None)
    return message


def get_message_for_pin(user: AnyUser, pk: int) -> Message:
    """The message whose citizen the user may give a new PIN: the PR office, which first
    checks the caller against the contact details, and no read-only role."""
    message = get_message_for_user(user, pk, write=True)
    if not can_see_contact(user, message.municipality):
        raise PermissionDenied(_("Only the PR office may give a citizen a new PIN."))
    return message


def check_access_log_reader(user: AnyUser, municipality: Municipality) -> None:
    roles = roles_in_municipality(user, municipality)
    _check(roles, write=False)
    if Role.PR_HEAD not in roles:
        raise PermissionDenied(_("Only the PR head reads the access log."))


def get_voice_settings_municipality_for_user(
    user: AnyUser, slug: str, *, write: bool = False
) -> Municipality:
    """The municipality whose week, holidays and categories the user may see (its staff)
    or change (its PR head only: these set every message's deadline)."""
    try:
        municipality = Municipality.objects.get(slug=slug)
    except Municipality.DoesNotExist:
        raise Http404(_("No such municipality.")) from None
    roles = roles_in_municipality(user, municipality)
    _check(roles, write=False)
    if write and Role.PR_HEAD not in roles:
        raise PermissionDenied(_("Only the PR head changes the deadlines and holidays."))
    return municipality


def get_holiday_for_user(user: AnyUser, slug: str, pk: int, *, write: bool = False) -> Holiday:
    """One of the municipality's own holidays; the official ones are nobody's to change here."""
    municipality = get_voice_settings_municipality_for_user(user, slug, write=write)
    try:
        return Holiday.objects.get(pk=pk, municipality=municipality)
    except Holiday.DoesNotExist:
        raise Http404(_("No such holiday.")) from None


def get_category_for_user(user: AnyUser, slug: str, pk: int, *, write: bool = False) -> Category:
    municipality = get_voice_settings_municipality_for_user(user, slug, write=write)
    try:
        return Category.objects.get(pk=pk, municipality=municipality)
    except Category.DoesNotExist:
        raise Http404(_("No such category.")) from None
