from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from ravabet.lib import jalali
from ravabet.network.models import Membership, Role

from .models import Escalation, Message


@task()
def escalate_message(message_id: int, stage: str) -> bool:
    """Tell the PR heads that a message is overdue; once per message and stage."""
    message = Message.objects.with_related().filter(pk=message_id).first()
    if message is None or not message.is_overdue():
        return False
    heads = [
        m.user.email
        for m in Membership.objects.filter(
            municipality=message.municipality, role=Role.PR_HEAD
        ).select_related("user")
        if m.user.email and m.user.is_active
    ]
    # The row lock makes a second worker wait and then see sent_at: never two emails.
    with transaction.atomic():
        escalation, _created = Escalation.objects.get_or_create(message=message, stage=stage)
        escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
        if escalation.sent_at:
            return False
        _send(message, heads)
        escalation.sent_at = timezone.now()
        escalation.save(update_fields=["sent_at"])
    return True


def _send(message: Message, heads: list[str]) -> None:
    if heads:
        with translation.override(settings.LANGUAGE_CODE):
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
        send_mail(subject, body, None, heads)


@task()
def escalate_overdue() -> int:
    from .actions import enqueue_overdue_escalations

    with transaction.atomic():
        return enqueue_overdue_escalations()


# Enqueued by `manage.py tick` (cron, or `make run`); each is idempotent.
PERIODIC = [escalate_overdue]
