"""Invitations through the task queue to a real SMTP server; the .ics parsed back."""

import datetime as dt
import re
import uuid

from django.core import signing
from django.utils import timezone
from icalendar import Calendar

from ravabet.lib.jalali import format_numeric_datetime
from ravabet.meetings import actions
from ravabet.meetings.models import RSVP, ReminderSent

from .conftest import guest, in_days


def _ics(message) -> Calendar:
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return Calendar.from_ical(parts[0].get_payload(decode=True))


def _invite_and_send(client, meeting, django_capture_on_commit_callbacks, run_tasks):
    client.post(f"/office/meetings/{meeting.pk}/invite-members/")
    client.post(
        f"/office/meetings/{meeting.pk}/guests/",
        {
            "name": "حمید صادقی",
            "title": "نماینده خبرگزاری صدا و سیما",
            "organisation": "صدا و سیمای مرکز گیلان",
            "email": "sadeghi@irib.example",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/office/meetings/{meeting.pk}/send/")
    run_tasks()


def test_invitations_reach_members_and_guests_with_a_calendar_entry(
    client_for,
    lahijan_head,
    rudsar_head,
    planned,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    lahijan_head.email, rudsar_head.email = "lahijan@example.org", "rudsar@example.org"
    lahijan_head.save()
    rudsar_head.save()
    _invite_and_send(
        client_for(lahijan_head), planned, django_capture_on_commit_callbacks, run_tasks
    )
    recipients = sorted(m["X-Envelope-To"] for m in smtp_server.messages)
    assert recipients == ["lahijan@example.org", "rudsar@example.org", "sadeghi@irib.example"]
    message = next(m for m in smtp_server.messages if m["X-Envelope-To"] == "sadeghi@irib.example")
    assert planned.title in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert "حمید صادقی" in body
    calendar = _ics(message)
    assert calendar["METHOD"] == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert str(event["UID"]) == f"meeting-{planned.uid}@ravabet"
    assert int(str(event["SEQUENCE"])) == 0
    assert event.decoded("DTSTART") == planned.starts_at
    assert event["DTSTART"].params["TZID"] == "Asia/Tehran"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Tehran"
    assert str(event["SUMMARY"]) == planned.title
    # Running the queue again sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_invitations(planned)
    run_tasks()
    assert len(smtp_server.messages) == 3


def test_a_new_time_updates_the_same_calendar_entry(
    client_for, lahijan_head, planned, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    guest(planned)
    client = client_for(lahijan_head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/office/meetings/{planned.pk}/send/")
    run_tasks()
    first = _ics(smtp_server.messages[0]).walk("VEVENT")[0]
    new_time = in_days(11, hour=9)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/office/meetings/{planned.pk}/edit/",
            {
                "title": planned.title,
                "starts_at": format_numeric_datetime(new_time),
                "duration_minutes": planned.duration_minutes,
                "place": planned.place,
                "reminder_days": 2,
            },
        )
    run_tasks()
    assert len(smtp_server.messages) == 2
    second = _ics(smtp_server.messages[1]).walk("VEVENT")[0]
    assert second["UID"] == first["UID"]
    assert int(str(second["SEQUENCE"])) == int(str(first["SEQUENCE"])) + 1
    assert second.decoded("DTSTART") == new_time


def test_a_refusing_server_leaves_the_invitation_to_be_retried(
    client_for, lahijan_head, planned, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    invitation = guest(planned)
    smtp_server.refuse = True
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_invitations(planned)
    run_tasks()
    invitation.refresh_from_db()
    assert invitation.sent_sequence == -1
    smtp_server.refuse = False
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_invitations(planned)
    run_tasks()
    assert len(smtp_server.messages) == 1


def _rsvp_link(message) -> str:
    body = message.get_body(("plain",)).get_content()
    match = re.search(r"https?://\S+/meetings/rsvp/\S+/", body)
    assert match is not None, body
    return match.group(0)


def test_rsvp_link_shows_and_changes_the_answer_until_the_meeting_starts(
    citizen, planned, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    """Issue 11, 3.6: the emailed link was one-time ("already used" when opened again)."""
    invitation = guest(planned)
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_invitations(planned)
    run_tasks()
    path = "/" + _rsvp_link(smtp_server.messages[0]).split("/", 3)[3]
    assert citizen.get(path).status_code == 200
    response = citizen.post(path, {"answer": "yes"})
    assert response.status_code == 200
    assert 'data-testid="rsvp-done"' in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.rsvp == RSVP.YES
    # Opened again, the link shows the answer given, with the choice to change it.
    again = citizen.get(path)
    assert again.status_code == 200
    page = again.content.decode()
    assert 'data-testid="rsvp-current"' in page and str(RSVP.YES.label) in page
    assert re.search(r'<input type="radio" name="answer" value="yes"[^>]*checked', page)
    changed = citizen.post(path, {"answer": "no"})
    assert changed.status_code == 200
    invitation.refresh_from_db()
    assert invitation.rsvp == RSVP.NO
    # Once the meeting has started, the link shows the answer but takes no new one.
    planned.starts_at = timezone.now() - dt.timedelta(minutes=5)
    planned.save(update_fields=["starts_at"])
    late = citizen.post(path, {"answer": "yes"})
    assert late.status_code == 410
    assert 'data-testid="rsvp-closed"' in late.content.decode()
    invitation.refresh_from_db()
    assert invitation.rsvp == RSVP.NO


def test_rsvp_link_cannot_be_forged(citizen, planned):
    from ravabet.meetings.tasks import RSVP_SALT, rsvp_token

    invitation = guest(planned)
    # The id alone, or with a made-up nonce, is not a link; a tampered signature neither.
    forged = signing.dumps({"i": invitation.pk, "n": str(uuid.uuid4())}, salt=RSVP_SALT)
    assert citizen.get(f"/meetings/rsvp/{forged}/").status_code == 400
    assert citizen.get(f"/meetings/rsvp/{rsvp_token(invitation)}x/").status_code == 400
    assert citizen.post(f"/meetings/rsvp/{forged}/", {"answer": "yes"}).status_code == 400
    invitation.refresh_from_db()
    assert invitation.rsvp == RSVP.PENDING


def test_a_forged_rsvp_link_is_refused(citizen, planned):
    invitation = guest(planned)
    forged = signing.dumps({"i": invitation.pk, "n": str(invitation.rsvp_nonce)}, salt="other")
    response = citizen.post(f"/meetings/rsvp/{forged}/", {"answer": "yes"})
    assert response.status_code == 400
    assert 'data-testid="rsvp-error"' in response.content.decode()
    tampered = citizen.post(f"/meetings/rsvp/{'x' * 40}/", {"answer": "yes"})
    assert tampered.status_code == 400
    invitation.refresh_from_db()
    assert invitation.rsvp == RSVP.PENDING


def test_the_meeting_reminder_goes_once(
    planned, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    guest(planned)
    planned.starts_at = timezone.now() + dt.timedelta(days=1)
    planned.save()
    from ravabet.meetings.tasks import send_due_reminders

    assert send_due_reminders.call() == 1
    assert send_due_reminders.call() == 0
    assert len(smtp_server.messages) == 1
    assert (
        "یادآوری" in smtp_server.messages[0]["Subject"]
        or "Reminder" in smtp_server.messages[0]["Subject"]
    )


def test_owner_reminders_before_and_after_the_deadline_once_each(
    rudsar_head, rudsar_resolution, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    rudsar_head.email = "rudsar@example.org"
    rudsar_head.save()
    rudsar_resolution.deadline = timezone.localdate() + dt.timedelta(days=2)
    rudsar_resolution.save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("meetings_reminders")
    run_tasks()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("meetings_reminders")
    run_tasks()
    assert [m["X-Envelope-To"] for m in smtp_server.messages] == ["rudsar@example.org"]
    rudsar_resolution.deadline = timezone.localdate() - dt.timedelta(days=1)
    rudsar_resolution.save()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("meetings_reminders")
        run_tasks()
    assert len(smtp_server.messages) == 2
    assert set(ReminderSent.objects.values_list("kind", flat=True)) == {"before", "after"}
