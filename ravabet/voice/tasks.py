from __future__ import annotations

from django.db import transaction
from django_tasks import task


@task()
def escalate_message(message_id: int, stage: str) -> bool:
    """Send the recorded alert for a message and stage, if it is still to be sent (the
    outbox claims it: never two emails). The periodic tick records and queues them."""
    from ravabet.outbox.actions import deliver_one

    from .models import Escalation

    escalation = Escalation.objects.filter(message_id=message_id, stage=stage).first()
    return escalation is not None and deliver_one(escalation.pk) == "sent"


@task()
def escalate_overdue() -> int:
    from .actions import enqueue_overdue_escalations

    with transaction.atomic():
        return enqueue_overdue_escalations()


# Enqueued by `manage.py tick` (cron, or `make run`); each is idempotent.
PERIODIC = [escalate_overdue]
