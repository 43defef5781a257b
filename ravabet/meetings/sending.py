"""What the secretariat's emails say, written when each is sent (so an invitation is
the meeting as it is now, and one a newer version replaced is not sent at all)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ravabet.lib import jalali
from ravabet.outbox.compose import Email, Skip, composer
from ravabet.outbox.models import Send
from ravabet.outbox.models import Status as SendStatus

from .ics import invitation_calendar
from .models import (
    OPEN_STATUSES,
    InvitationSend,
    MeetingStatus,
    OwnerReminder,
    ReminderKind,
    ReminderSent,
    Resolution,
)
from .tasks import rsvp_url, site_url


@composer(InvitationSend)
def invitation_email(send: Send) -> Email | Skip:
    row = InvitationSend.objects.select_related(
        "invitation__meeting__network__host", "invitation__meeting__municipality"
    ).get(pk=send.pk)
    invitation = row.invitation
    meeting = invitation.meeting
    if row.reminder and meeting.status != MeetingStatus.PLANNED:
        return Skip(_("The meeting is no longer planned."))
    if not row.reminder and row.sequence != meeting.sequence:
        return Skip(_("A newer version of the invitation replaced this one."))
    # "Changed" only to someone who was sent an earlier version: a meeting edited before
    # anyone was invited is, for each invitee, simply an invitation.
    changed = (
        not row.reminder
        and InvitationSend.objects.filter(
            invitation=invitation,
            reminder=False,
            status=SendStatus.SENT,
            sequence__lt=row.sequence,
        ).exists()
    )
    context = {
        "meeting": meeting,
        "invitation": invitation,
        "reminder": row.reminder,
        "changed": changed,
        "when": jalali.format_datetime(meeting.starts_at, weekday=True),
        "rsvp_url": rsvp_url(invitation),
    }
    return Email(
        subject=render_to_string("meetings/email/invitation_subject.txt", context).strip(),
        body=render_to_string("meetings/email/invitation.txt", context),
        attachments=[
            (
                "invite.ics",
                invitation_calendar(meeting, invitation),
                'text/calendar; charset="utf-8"; method=REQUEST',
            )
        ],
    )


@composer(ReminderSent)
def resolution_reminder(send: Send) -> Email | Skip:
    row = ReminderSent.objects.get(pk=send.pk)
    resolution = Resolution.objects.with_owner().get(pk=row.resolution_id)
    if resolution.status not in OPEN_STATUSES:
        return Skip(_("The resolution was closed before the reminder went out."))
    context = {
        "resolution": resolution,
        "kind": row.kind,
        "overdue": row.kind == ReminderKind.AFTER,
        "deadline": jalali.format_date(resolution.deadline),
        "url": site_url(resolution.get_absolute_url()),
    }
    return Email(
        subject=render_to_string("meetings/email/reminder_subject.txt", context).strip(),
        body=render_to_string("meetings/email/reminder.txt", context),
    )


@composer(OwnerReminder)
def owner_reminder(send: Send) -> Email | Skip:
    row = OwnerReminder.objects.select_related("requested_by").get(pk=send.pk)
    resolution = Resolution.objects.with_owner().get(pk=row.resolution_id)
    if not resolution.is_overdue:
        return Skip(_("The resolution is no longer overdue."))
    context = {
        "resolution": resolution,
        "overdue": True,
        "asked_by": row.requested_by.get_full_name() if row.requested_by else "",
        "deadline": jalali.format_date(resolution.deadline),
        "url": site_url(resolution.get_absolute_url()),
    }
    return Email(
        subject=render_to_string("meetings/email/reminder_subject.txt", context).strip(),
        body=render_to_string("meetings/email/reminder.txt", context),
    )
