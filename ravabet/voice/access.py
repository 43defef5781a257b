"""The only way a view reaches a citizen's message: scoped to the user.

Another municipality's message is a 404; a manager (read-only) writing is a 403; contact
details are the PR office's (who write), and reading them leaves a line in the AccessLog;
the PR head alone reads that log and sets the office's week, holidays and categories.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from ravabet.network.access import (
    AnyUser,
    Rights,
    get_municipality_for_user,
    require,
    rights_in_municipality,
)
from ravabet.network.models import User

from .models import AccessLog, Category, Holiday, Message, Photo


def get_message_for_user(user: AnyUser, pk: int, *, write: bool = False) -> tuple[Message, Rights]:
    try:
        message = Message.objects.with_related().get(pk=pk)
    except Message.DoesNotExist:
        raise Http404(_("No such message.")) from None
    return message, require(rights_in_municipality(user, message.municipality), write=write)


def get_photo_for_user(user: AnyUser, pk: int) -> tuple[Photo, Rights]:
    """A citizen's photo, for whoever may see its message (the message page shows it)."""
    try:
        photo = Photo.objects.select_related("message__municipality").get(pk=pk)
    except Photo.DoesNotExist:
        raise Http404(_("No such photo.")) from None
    return photo, require(rights_in_municipality(user, photo.message.municipality))


def get_contact_for_user(user: AnyUser, pk: int) -> tuple[Message, Rights]:
    """The message with its contact details, for a PR role of its municipality; logged."""
    message, rights = get_message_for_user(user, pk)
    require(
        rights, write=True, refused=_("Only the PR office may see a citizen's contact details.")
    )
    AccessLog.objects.create(message=message, user=user if isinstance(user, User) else None)
    return message, rights


def get_message_for_pin(user: AnyUser, pk: int) -> tuple[Message, Rights]:
    """The message whose citizen the user may give a new PIN: the PR office, which first
    checks the caller against the contact details, and no read-only role."""
    return get_message_for_user(user, pk, write=True)


def get_holiday_for_user(
    user: AnyUser, slug: str, pk: int, *, write: bool = False
) -> tuple[Holiday, Rights]:
    """One of the municipality's own holidays; the official ones are nobody's to change here."""
    municipality, rights = get_municipality_for_user(user, slug, head=write)
    try:
        return Holiday.objects.get(pk=pk, municipality=municipality), rights
    except Holiday.DoesNotExist:
        raise Http404(_("No such holiday.")) from None


def get_category_for_user(
    user: AnyUser, slug: str, pk: int, *, write: bool = False
) -> tuple[Category, Rights]:
    municipality, rights = get_municipality_for_user(user, slug, head=write)
    try:
        return Category.objects.get(pk=pk, municipality=municipality), rights
    except Category.DoesNotExist:
        raise Http404(_("No such category.")) from None
