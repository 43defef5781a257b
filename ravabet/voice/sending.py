"""What an overdue alert says, written when it is sent."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from ravabet.lib import jalali
from ravabet.outbox.compose import Email, Skip, composer
from ravabet.outbox.models import Send

from .models import Escalation, Message


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
