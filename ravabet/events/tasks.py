"""Reminders of checklist tasks: once each, through the outbox, to the task's owner.

Due dates are counted when the scan runs (checklist.py), so a task whose event moved or
whose calendar was corrected is reminded on its new date.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_tasks import task

from ravabet.notifications.actions import notify
from ravabet.notifications.models import Kind as Notice
from ravabet.outbox.actions import deliver, queue
from ravabet.outbox.models import Transport

from .checklist import with_due_dates
from .models import Task, TaskReminder

# Remind this many days before the due date (0: on the day).
REMIND_DAYS_BEFORE = 1
# Tasks of events that ended longer ago than this are left alone.
LOOK_BACK_DAYS = 60


def due_for_reminder(today: dt.date) -> list[Task]:
    """Open tasks with an owner who has an address, due by tomorrow, not yet reminded."""
    tasks = list(
        Task.objects.open()
        .live()
        .filter(event__end_date__gte=today - dt.timedelta(days=LOOK_BACK_DAYS))
        .could_be_due_by(today + dt.timedelta(days=REMIND_DAYS_BEFORE))
        .exclude(owner__isnull=True)
        .exclude(owner__email="")
        .exclude(Exists(TaskReminder.objects.filter(task=OuterRef("pk"))))
        .select_related("owner", "event__municipality", "event__network__host")
    )
    horizon = today + dt.timedelta(days=REMIND_DAYS_BEFORE)
    return [t for t in with_due_dates(tasks) if t.due is not None and t.due <= horizon]


@task()
def send_task_reminders() -> int:
    """Run by the tick: queue and send the due reminders; returns how many were sent."""
    pks = []
    for item in due_for_reminder(timezone.localdate()):
        if item.owner is None:  # the scan keeps only tasks with an owner
            continue
        row, queued = queue(
            model=TaskReminder,
            key=TaskReminder.key_for(item.pk),
            transport=Transport.EMAIL,
            target=item.owner.email,
            enqueue=False,
            task=item,
        )
        if queued:
            pks.append(row.pk)
        notify(
            [item.owner],
            Notice.EVENT_TASK_DUE,
            target=item.event,
            occasion=f"task:{item.pk}",
            params={
                "title": item.title,
                "event": item.event.title,
                "deadline": item.due.isoformat() if item.due else "",
            },
        )
    return deliver(pks).sent


# Enqueued by `manage.py tick`; idempotent (one reminder per task, by its outbox key).
PERIODIC = [send_task_reminders]
