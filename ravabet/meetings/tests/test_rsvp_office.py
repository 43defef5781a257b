"""Issue 11, 3.6: a member answers, checks and changes the answer from the meeting's page
in the office, and downloads the meeting as a calendar file."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from icalendar import Calendar

from ravabet.meetings import actions
from ravabet.meetings.models import RSVP


def test_a_member_answers_and_changes_from_the_office(client_for, rudsar_head, planned):
    actions.invite_members(planned)
    client = client_for(rudsar_head)
    page = client.get(f"/office/meetings/{planned.pk}/").content.decode()
    assert 'data-testid="rsvp-form"' in page and 'data-testid="ics"' in page
    client.post(f"/office/meetings/{planned.pk}/rsvp/", {"answer": "yes"})
    invitation = planned.invitations.get(user=rudsar_head)
    assert invitation.rsvp == RSVP.YES
    page = client.get(f"/office/meetings/{planned.pk}/").content.decode()
    assert str(RSVP.YES.label) in page.split('data-testid="my-rsvp"')[1][:300]
    client.post(f"/office/meetings/{planned.pk}/rsvp/", {"answer": "maybe"})
    invitation.refresh_from_db()
    assert invitation.rsvp == RSVP.MAYBE
    # A bad answer changes nothing and is no error page.
    assert client.post(f"/office/meetings/{planned.pk}/rsvp/", {"answer": "x"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.rsvp == RSVP.MAYBE


def test_no_answer_once_the_meeting_has_started(client_for, rudsar_head, planned):
    actions.invite_members(planned)
    planned.starts_at = timezone.now() - dt.timedelta(minutes=1)
    planned.save(update_fields=["starts_at"])
    client = client_for(rudsar_head)
    assert (
        'data-testid="rsvp-form"'
        not in client.get(f"/office/meetings/{planned.pk}/").content.decode()
    )
    client.post(f"/office/meetings/{planned.pk}/rsvp/", {"answer": "yes"})
    assert planned.invitations.get(user=rudsar_head).rsvp == RSVP.PENDING


def test_the_calendar_file_is_the_invitations_entry(client_for, rudsar_head, planned):
    rudsar_head.email = "rudsar-head@example.org"
    rudsar_head.save(update_fields=["email"])
    actions.invite_members(planned)
    response = client_for(rudsar_head).get(f"/office/meetings/{planned.pk}/meeting.ics")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["UID"]) == f"meeting-{planned.uid}@ravabet"
    assert event.decoded("DTSTART") == planned.starts_at
    assert str(event["ATTENDEE"]) == "mailto:rudsar-head@example.org"
