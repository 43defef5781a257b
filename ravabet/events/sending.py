"""What the events' emails say, written when each is sent."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ravabet.lib import jalali
from ravabet.newsroom.models import NewsroomSettings
from ravabet.outbox.compose import Email, Skip, composer
from ravabet.outbox.models import Send

from .checklist import with_due_dates
from .ics import event_calendar
from .models import EventNotice, PressInvitation, Status, Task, TaskReminder


def when(event) -> str:  # type: ignore[no-untyped-def]
    if event.all_day:
        text = jalali.format_date(event.start_date, weekday=True)
        if event.end_date != event.start_date:
            text += " – " + jalali.format_date(event.end_date, weekday=True)
        return text
    return jalali.format_datetime(event.starts_at, weekday=True)


def _from_email(event) -> str:  # type: ignore[no-untyped-def]
    office = event.calendar_municipality
    config = NewsroomSettings.objects.filter(municipality=office).first()
    return (config or NewsroomSettings(municipality=office)).from_email()


@composer(PressInvitation)
def invitation(send: Send) -> Email | Skip:
    row = PressInvitation.objects.select_related(
        "journalist", "event__municipality", "event__network__host"
    ).get(pk=send.pk)
    event = row.event
    if event.status not in {Status.PLANNED, Status.CONFIRMED}:
        return Skip(_("The press conference is no longer planned."))
    if row.journalist is not None and not row.journalist.can_receive:
        return Skip(_("Unsubscribed before the invitation was sent."))
    unsubscribe = ""
    if row.journalist is not None:
        unsubscribe = row.base_url + reverse(
            "media:unsubscribe", args=[row.journalist.unsubscribe_token()]
        )
    context = {
        "event": event,
        "name": row.name,
        "when": when(event),
        "rsvp_url": row.rsvp_url(),
        "unsubscribe": unsubscribe,
        "office": event.calendar_municipality,
    }
    with translation.override("fa"):
        subject = _("Invitation: %(title)s") % {"title": event.title}
        body = render_to_string("events/email/invitation.txt", context)
    headers = {"List-Unsubscribe": f"<{unsubscribe}>"} if unsubscribe else {}
    return Email(
        subject=subject,
        body=body,
        from_email=_from_email(event),
        headers=headers,
        attachments=[("event.ics", event_calendar([event]), "text/calendar; charset=utf-8")],
    )


@composer(EventNotice)
def notice(send: Send) -> Email | Skip:
    row = EventNotice.objects.select_related(
        "invitation__event__municipality", "invitation__event__network__host"
    ).get(pk=send.pk)
    event = row.invitation.event
    if event.status != row.event_status:
        return Skip(_("The event's status changed again before the notice was sent."))
    context = {
        "event": event,
        "name": row.invitation.name,
        "when": when(event),
        "cancelled": event.status == Status.CANCELLED,
        "reason": event.status_reason,
        "office": event.calendar_municipality,
    }
    with translation.override("fa"):
        if event.status == Status.CANCELLED:
            subject = _("Cancelled: %(title)s") % {"title": event.title}
        else:
            subject = _("Postponed: %(title)s") % {"title": event.title}
        body = render_to_string("events/email/notice.txt", context)
    return Email(subject=subject, body=body, from_email=_from_email(event))


@composer(TaskReminder)
def reminder(send: Send) -> Email | Skip:
    row = TaskReminder.objects.get(pk=send.pk)
    task = Task.objects.select_related("event__municipality", "event__network__host").get(
        pk=row.task_id
    )
    if task.is_done:
        return Skip(_("The task was done before the reminder went out."))
    with_due_dates([task])
    context = {
        "task": task,
        "event": task.event,
        "due": jalali.format_date(task.due, weekday=True) if task.due else "",
        "url": settings.SITE_URL + task.event.get_absolute_url(),
    }
    with translation.override("fa"):
        subject = _("Due %(due)s: %(task)s") % {"due": context["due"], "task": task.title}
        body = render_to_string("events/email/reminder.txt", context)
    return Email(subject=subject, body=body)
