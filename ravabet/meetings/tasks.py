"""Email that leaves the secretariat: invitations, meeting reminders, resolution reminders.

Each task takes ids and claims its work with a conditional UPDATE (or a unique row)
before sending, so running it twice never sends twice.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from ravabet.lib import jalali
from ravabet.network.models import Membership, Role

from .ics import invitation_calendar
from .models import (
    OPEN_STATUSES,
    Invitation,
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


def _invitation_email(invitation: Invitation, *, reminder: bool) -> EmailMessage:
    meeting = invitation.meeting
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "meeting": meeting,
            "invitation": invitation,
            "reminder": reminder,
            "when": jalali.format_datetime(meeting.starts_at, weekday=True),
            "rsvp_url": rsvp_url(invitation),
        }
        subject = render_to_string("meetings/email/invitation_subject.txt", context).strip()
        body = render_to_string("meetings/email/invitation.txt", context)
    message = EmailMessage(subject, body, to=[invitation.email])
    message.attach(
        "invite.ics",
        invitation_calendar(meeting, invitation),
        'text/calendar; charset="utf-8"; method=REQUEST',
    )
    return message


@task()
def send_invitation(invitation_id: int) -> bool:
    """Send the invitation for the meeting's current SEQUENCE, once."""
    invitation = (
        Invitation.objects.select_related("meeting__network__host", "meeting__municipality")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.email:
        return False
    meeting = invitation.meeting
    claimed = Invitation.objects.filter(
        pk=invitation.pk, sent_sequence__lt=meeting.sequence
    ).update(sent_sequence=meeting.sequence, sent_at=timezone.now())
    if not claimed:
        return False
    previous = invitation.sent_sequence
    try:
        _invitation_email(invitation, reminder=False).send()
    except Exception:
        # Give the claim back so the retry sends it.
        Invitation.objects.filter(pk=invitation.pk).update(sent_sequence=previous)
        raise
    return True


@task()
def send_meeting_reminder(invitation_id: int) -> bool:
    invitation = (
        Invitation.objects.select_related("meeting__network__host", "meeting__municipality")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.email:
        return False
    if invitation.meeting.status != MeetingStatus.PLANNED:
        return False
    now = timezone.now()
    if not Invitation.objects.filter(pk=invitation.pk, reminded_at__isnull=True).update(
        reminded_at=now
    ):
        return False
    try:
        _invitation_email(invitation, reminder=True).send()
    except Exception:
        Invitation.objects.filter(pk=invitation.pk).update(reminded_at=None)
        raise
    return True


def _owner_emails(resolution: Resolution) -> list[str]:
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


@task()
def send_resolution_reminder(resolution_id: int, kind: str) -> bool:
    resolution = Resolution.objects.with_owner().filter(pk=resolution_id).first()
    if resolution is None or resolution.status not in OPEN_STATUSES:
        return False
    recipients = _owner_emails(resolution)
    if not recipients:
        return False
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                resolution=resolution, kind=kind, deadline=resolution.deadline
            )
            with translation.override(settings.LANGUAGE_CODE):
                context = {
                    "resolution": resolution,
                    "kind": kind,
                    "overdue": kind == ReminderKind.AFTER,
                    "deadline": jalali.format_date(resolution.deadline),
                    "url": site_url(resolution.get_absolute_url()),
                }
                subject = render_to_string("meetings/email/reminder_subject.txt", context).strip()
                body = render_to_string("meetings/email/reminder.txt", context)
            # Sent inside the transaction: if the server refuses, the record is rolled
            # back and the next run tries again.
            EmailMessage(subject, body, to=recipients).send()
    except IntegrityError:
        return False
    return True


def due_resolution_reminders(today: dt.date) -> list[tuple[int, str]]:
    """(resolution, kind) pairs whose reminder is due and not yet sent."""
    due: list[tuple[int, str]] = []
    open_ones = Resolution.objects.filter(status__in=OPEN_STATUSES)
    soon = open_ones.filter(
        deadline__gte=today, deadline__lte=today + dt.timedelta(days=REMIND_BEFORE_DAYS)
    ).exclude(reminders__kind=ReminderKind.BEFORE)
    due += [(pk, ReminderKind.BEFORE.value) for pk in soon.values_list("pk", flat=True)]
    late = open_ones.filter(deadline__lt=today).exclude(reminders__kind=ReminderKind.AFTER)
    due += [(pk, ReminderKind.AFTER.value) for pk in late.values_list("pk", flat=True)]
    return due


@task()
def send_due_reminders() -> int:
    """Run daily (manage.py meetings_reminders): meeting reminders and resolution reminders."""
    now = timezone.now()
    count = 0
    for meeting in Meeting.objects.filter(status=MeetingStatus.PLANNED, starts_at__gt=now):
        if meeting.starts_at - dt.timedelta(days=meeting.reminder_days) > now:
            continue
        for pk in (
            meeting.invitations.filter(reminded_at__isnull=True)
            .exclude(email="")
            .values_list("pk", flat=True)
        ):
            count += bool(send_meeting_reminder.call(pk))
    for pk, kind in due_resolution_reminders(timezone.localdate()):
        count += bool(send_resolution_reminder.call(pk, kind))
    return count


# Enqueued by `manage.py tick` (cron, or `make run`); each is idempotent.
PERIODIC = [send_due_reminders]
