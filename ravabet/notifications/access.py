"""The only way a view reaches a notification: its recipient's, or a 404 (another person's
notification is not confirmed to exist). A notification belongs to a person, not a place:
there are no rights to return beside it."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from ravabet.network.access import AnyUser

from .models import Notification


def get_notification_for_user(user: AnyUser, pk: int) -> Notification:
    notification = Notification.objects.for_user(user).for_display().filter(pk=pk).first()
    if notification is None:
        raise Http404(_("No such notification."))
    return notification
