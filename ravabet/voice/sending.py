"""What the voice app sends, written when it is sent: the PR heads' overdue alerts, and
the citizen's news that their message was answered (email, SMS)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from ravabet.lib import jalali
from ravabet.lib.bidi import ltr_text
from ravabet.outbox.compose import Email, Skip, Text, composer
from ravabet.outbox.models import Send

from .models import Escalation, Message, Reply


@composer(Escalation)
def overdue_alert(send: Send) -> Email | Skip:
    escalation = Escalation.objects.get(pk=send.pk)
    message = Message.objects.with_related().get(pk=escalation.message_id)
    if not message.is_overdue():
        return Skip(_("Answered before the alert went out."))
    # The outbox renders in the site's language (it is the PR heads' inbox).
    subject = _("Overdue citizen's message %(code)s") % {"code": message.display_code}
    body = _(
        "The message %(code)s (%(category)s) was due on %(due)s and has not been "
        "answered.\n\n%(url)s"
    ) % {
        "code": message.display_code,
        "category": message.category.name,
        "due": jalali.format_date(message.due_on),
        "url": settings.SITE_URL + message.get_office_url(),
    }
    return Email(subject=subject, body=body)


def _answered(send: Send) -> tuple[Message, Reply] | Skip:
    """The message and the reply this send tells of, or why there is nothing to tell."""
    reply = Reply.objects.filter(pk=int(send.key.split(":")[1])).first()
    if reply is None:
        return Skip(_("The reply was removed before the citizen was told."))
    message = Message.objects.with_related().get(pk=reply.message_id)
    if message.merged_into_id:
        return Skip(_("The message was merged into another one."))
    return message, reply


@composer("voice.answer-sms")
def answered_sms(send: Send) -> Text | Skip:
    """Short, and nothing personal (a phone's lock screen shows it): who, the code, the link."""
    found = _answered(send)
    if isinstance(found, Skip):
        return found
    message, _reply = found
    if not message.consent or message.mobile != send.target:
        return Skip(_("The citizen's number or consent is no longer on the message."))
    text = _(
        "Municipality of %(municipality)s: your message %(code)s was answered. Read the "
        "answer with your PIN:\n%(url)s"
    ) % {
        "municipality": message.municipality.name,
        "code": ltr_text(message.display_code),
        "url": settings.SITE_URL + message.get_tracking_url(),
    }
    return Text(text)


@composer("voice.answer-email")
def answered_email(send: Send) -> Email | Skip:
    found = _answered(send)
    if isinstance(found, Skip):
        return found
    message, _reply = found
    if message.email != send.target:
        return Skip(_("The citizen's email address is no longer on the message."))
    context = {
        "municipality": message.municipality.name,
        "code": ltr_text(message.display_code),
        "url": settings.SITE_URL + message.get_tracking_url(),
    }
    subject = (
        _("Your message %(code)s to the municipality of %(municipality)s was answered") % context
    )
    body = (
        _(
            "Hello,\n\nThe public-relations office of the municipality of %(municipality)s "
            "answered your message %(code)s. Read the answer on its tracking page, with the "
            "PIN you received when you sent it:\n\n%(url)s\n\nIf the answer does not "
            "settle it, you can reopen the message there.\n"
        )
        % context
    )
    return Email(subject=subject, body=body)
