"""The periodic work of notifications: each run is idempotent (one notification per
occasion, one digest per person per day)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django_tasks import task

# A resolution is "near its deadline" this many days before it (as its reminder email).
DUE_SOON_DAYS = 3


def notify_deadlines(today: dt.date | None = None) -> int:
    """Resolutions near their deadline or past it, and citizens' messages past theirs: each
    told once per deadline (a deadline moved is a new occasion). Returns how many were made."""
    from ravabet.meetings.models import Resolution
    from ravabet.voice.models import Message

    from .actions import notify
    from .models import Kind, Notification
    from .recipients import pr_office, resolution_owners

    today = today or timezone.localdate()
    made = 0

    def told(kind: str, ids: list[int]) -> set[tuple[int, str]]:
        return set(
            Notification.objects.filter(kind=kind, target_id__in=ids).values_list(
                "target_id", "occasion"
            )
        )

    open_ones = Resolution.objects.open().with_owner()
    soon = list(
        open_ones.filter(deadline__gte=today, deadline__lte=today + dt.timedelta(DUE_SOON_DAYS))
    )
    late = list(open_ones.filter(deadline__lt=today))
    for kind, rows in ((Kind.RESOLUTION_DUE_SOON, soon), (Kind.RESOLUTION_OVERDUE, late)):
        done = told(kind, [r.pk for r in rows])
        for resolution in rows:
            occasion = resolution.deadline.isoformat()
            if (resolution.pk, occasion) in done:
                continue
            made += len(
                notify(
                    resolution_owners(resolution),
                    kind,
                    target=resolution,
                    occasion=occasion,
                    params={
                        "title": resolution.text[:120],
                        "deadline": resolution.deadline.isoformat(),
                    },
                )
            )
    overdue = list(Message.objects.overdue(today).only("pk", "code", "municipality_id", "due_on"))
    done = told(Kind.MESSAGE_OVERDUE, [m.pk for m in overdue])
    for message in overdue:
        occasion = message.due_on.isoformat()
        if (message.pk, occasion) in done:
            continue
        made += len(
            notify(
                pr_office(message.municipality_id),
                Kind.MESSAGE_OVERDUE,
                target=message,
                occasion=occasion,
                params={"code": message.spoken_code},
            )
        )
    return made


@task()
def notify_due() -> int:
    with transaction.atomic():
        return notify_deadlines()


@task()
def send_digests() -> int:
    from .actions import queue_digests

    return queue_digests()


# Enqueued by `manage.py tick` (cron, or `make run`); each is idempotent.
PERIODIC = [notify_due, send_digests]
