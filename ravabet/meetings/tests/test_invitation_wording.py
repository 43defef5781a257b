"""Issue 11, 3.7: a meeting edited before any invitation went out is, for each invitee,
an invitation, not "time or place changed"; someone sent an earlier version is told of
the change."""

from __future__ import annotations

from ravabet.lib.jalali import format_numeric_datetime
from ravabet.meetings import actions

from .conftest import guest, in_days


def _edit(client, meeting, days):  # type: ignore[no-untyped-def]
    return client.post(
        f"/office/meetings/{meeting.pk}/edit/",
        {
            "title": meeting.title,
            "starts_at": format_numeric_datetime(in_days(days, hour=9)),
            "duration_minutes": meeting.duration_minutes,
            "place": meeting.place,
            "reminder_days": 2,
        },
    )


def _body(message) -> str:  # type: ignore[no-untyped-def]
    return message.get_body(("plain",)).get_content()


def test_first_invitation_after_an_edit_is_an_invitation(
    client_for, lahijan_head, planned, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    guest(planned)
    client = client_for(lahijan_head)
    assert _edit(client, planned, 12).status_code == 302
    planned.refresh_from_db()
    assert planned.sequence == 1  # the calendar's SEQUENCE still counts the change
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_invitations(planned)
    run_tasks()
    (message,) = smtp_server.messages
    assert message["Subject"].strip().startswith(("دعوت", "Invitation"))
    assert "زمان یا محل جلسه زیر تغییر کرده" not in _body(message)
    assert "has changed" not in _body(message)

    # A second change reaches them as a change.
    with django_capture_on_commit_callbacks(execute=True):
        assert _edit(client, planned, 13).status_code == 302
    run_tasks()
    assert len(smtp_server.messages) == 2
    changed = smtp_server.messages[1]
    assert not changed["Subject"].strip().startswith(("دعوت", "Invitation"))
    assert "زمان یا محل جلسه زیر تغییر کرده" in _body(changed) or "has changed" in _body(changed)


def test_a_guest_added_after_a_change_gets_an_invitation(
    client_for, lahijan_head, planned, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    guest(planned, "first@example.org")
    client = client_for(lahijan_head)
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_invitations(planned)
    run_tasks()
    with django_capture_on_commit_callbacks(execute=True):
        _edit(client, planned, 12)
    run_tasks()
    planned.refresh_from_db()
    guest(planned, "late@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_invitations(planned)
    run_tasks()
    by_to = {m["X-Envelope-To"]: m for m in smtp_server.messages}
    assert by_to["late@example.org"]["Subject"].strip().startswith(("دعوت", "Invitation"))
