"""What a notification email says, written when it is sent, in the recipient's language.

Every email carries a one-click unsubscribe (RFC 8058): the List-Unsubscribe header with
its List-Unsubscribe-Post companion, and the same signed link in the text.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ravabet.lib.i18n import local_digits
from ravabet.network.models import User
from ravabet.outbox.compose import Email, Skip, composer
from ravabet.outbox.models import Send

from .actions import DIGEST_SOURCE, INSTANT_SOURCE, delivery_of, email_language
from .models import Delivery, Kind, Notification
from .tokens import DIGEST, unsubscribe_url


def _headers(url: str) -> dict[str, str]:
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _language(user: User) -> str:
    return email_language(user.pk) or settings.LANGUAGE_CODE


def _absolute(path: str) -> str:
    return settings.SITE_URL + path if path else ""


def _open_url(notification: Notification) -> str:
    """Through the notification, so following the email's link marks it read too."""
    return _absolute(reverse("notifications:open", args=[notification.pk]))


@composer(INSTANT_SOURCE)
def instant(send: Send) -> Email | Skip:
    notification = (
        Notification.objects.for_display().select_related("user").filter(pk=send.key.split(":")[1])
    ).first()
    if notification is None:
        return Skip(_("The notification no longer exists."))
    user = notification.user
    if not user.is_active:
        return Skip(_("The account was closed."))
    if notification.read_at is not None:
        return Skip(_("Read in Ravabet before the email went out."))
    if delivery_of(user)[notification.kind] != Delivery.INSTANT:
        return Skip(_("The recipient no longer wants these emails at once."))
    with translation.override(_language(user)):
        unsubscribe = unsubscribe_url(user.pk, notification.kind)
        context = {
            "notification": notification,
            "link": _open_url(notification),
            "kind": Kind(notification.kind).label,
            "unsubscribe": unsubscribe,
            "preferences": _absolute(reverse("notifications:preferences")),
        }
        return Email(
            subject=notification.text[:200],
            body=render_to_string("notifications/email_instant.txt", context),
            headers=_headers(unsubscribe),
        )


@composer(DIGEST_SOURCE)
def digest(send: Send) -> Email | Skip:
    user = User.objects.filter(pk=send.key.split(":")[1]).first()
    if user is None or not user.is_active:
        return Skip(_("The account was closed."))
    notifications = list(
        Notification.objects.for_display().filter(user=user, emailed_in=send.key).unread()
    )
    if not notifications:
        return Skip(_("Everything in the digest was read in Ravabet first."))
    with translation.override(_language(user)):
        kinds = sorted({n.kind for n in notifications})
        context = {
            "items": [(n, _open_url(n)) for n in notifications],
            "unsubscribe_kinds": [(Kind(k).label, unsubscribe_url(user.pk, k)) for k in kinds],
            "preferences": _absolute(reverse("notifications:preferences")),
            "user": user,
        }
        return Email(
            subject=ngettext(
                "Ravabet: %(count)s notification from yesterday",
                "Ravabet: %(count)s notifications from yesterday and before",
                len(notifications),
            )
            % {"count": local_digits(len(notifications))},
            body=render_to_string("notifications/email_digest.txt", context),
            headers=_headers(unsubscribe_url(user.pk, DIGEST)),
        )
