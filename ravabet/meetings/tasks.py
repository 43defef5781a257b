"""Email that leaves the secretariat: invitations, meeting reminders, resolution reminders.

Each is an outbox send (meetings.InvitationSend, meetings.ReminderSent) with a key per
logical email, so queueing twice, or running a task twice, never sends twice. What
they say is written at send time, in `sending.py`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from ravabet.network.models import Membership, Role
from ravabet.outbox.actions import deliver, queue
from ravabet.outbox.models import Status as SendStatus
from ravabet.outbox.models import Transport

from .models import (
    OPEN_STATUSES,
    Invitation,
    InvitationSend,
    Meeting,
    MeetingStatus,
    ReminderKind,
    ReminderSent,
    Resolution,
)

RSVP_SALT = "ravabet.meetings.rsvp"
REMIND_BEFORE_DAYS = 3


def site_url(path: str) -> str:
    return settings.SITE_URL + path


def rsvp_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": str(invitation.rsvp_nonce)}, salt=RSVP_SALT)


def rsvp_url(invitation: Invitation) -> str:
    return site_url(reverse("meetings:rsvp", args=[rsvp_token(invitation)]))


def queue_invitation(invitation: Invitation, sequence: int, *, reminder: bool = False) -> int:
    """The outbox row for this version of the invitation (or the reminder); its pk if it
    is queued now (new, or failed before), else 0."""
    row, queued = queue(
        model=InvitationSend,
        key=InvitationSend.key_for(invitation.pk, sequence, reminder=reminder),
        transport=Transport.EMAIL,
        target=invitation.email,
        enqueue=False,
        invitation=invitation,
        sequence=sequence,
        reminder=reminder,
    )
    return row.pk if queued else 0


def owner_emails(resolution: Resolution) -> list[str]:
    if resolution.owner_email:
        return [resolution.owner_email]
    if resolution.owner_municipality_id is not None:
        users = Membership.objects.filter(
            municipality_id=resolution.owner_municipality_id, role=Role.PR_HEAD
        ).values_list("user__email", flat=True)
    else:
        users = Membership.objects.filter(
            network=resolution.meeting.network, role=Role.SECRETARIAT
        ).values_list("user__email", flat=True)
    return sorted({email for email in users if email})


def due_resolution_reminders(today: dt.date) -> list[tuple[int, str]]:
    """(resolution, kind) pairs whose reminder is due and not yet sent (or failed)."""

    def reminded(kind: str) -> Exists:
        return Exists(
            ReminderSent.objects.filter(resolution=OuterRef("pk"), kind=kind).exclude(
                status=SendStatus.FAILED
            )
        )

    due: list[tuple[int, str]] = []
    open_ones = Resolution.objects.filter(status__in=OPEN_STATUSES)
    soon = open_ones.filter(
        deadline__gte=today, deadline__lte=today + dt.timedelta(days=REMIND_BEFORE_DAYS)
    ).exclude(reminded(ReminderKind.BEFORE))
    due += [(pk, ReminderKind.BEFORE.value) for pk in soon.values_list("pk", flat=True)]
    late = open_ones.filter(deadline__lt=today).exclude(reminded(ReminderKind.AFTER))
    due += [(pk, ReminderKind.AFTER.value) for pk in late.values_list("pk", flat=True)]
    return due


def _queue_resolution_reminder(resolution_id: int, kind: str) -> int:
    resolution = Resolution.objects.with_owner().filter(pk=resolution_id).first()
    if resolution is None:
        return 0
    recipients = owner_emails(resolution)
    if not recipients:
        return 0
    row, queued = queue(
        model=ReminderSent,
        key=ReminderSent.key_for(resolution.pk, kind, resolution.deadline),
        transport=Transport.EMAIL,
        target=", ".join(recipients),
        enqueue=False,
        resolution=resolution,
        kind=kind,
        deadline=resolution.deadline,
    )
    return row.pk if queued else 0


@task()
def send_due_reminders() -> int:
    """Run by the tick (and manage.py meetings_reminders): queue the due meeting and
    resolution reminders in the outbox and send them now; returns how many were sent."""
    now = timezone.now()
    pks: list[int] = []
    for meeting in Meeting.objects.filter(status=MeetingStatus.PLANNED, starts_at__gt=now):
        if meeting.starts_at - dt.timedelta(days=meeting.reminder_days) > now:
            continue
        for invitation in meeting.invitations.exclude(email=""):
            pks.append(queue_invitation(invitation, meeting.sequence, reminder=True))
    for pk, kind in due_resolution_reminders(timezone.localdate()):
        pks.append(_queue_resolution_reminder(pk, kind))
    return deliver([pk for pk in pks if pk]).sent


# Enqueued by `manage.py tick` (cron, or `make run`); each is idempotent.
PERIODIC = [send_due_reminders]
