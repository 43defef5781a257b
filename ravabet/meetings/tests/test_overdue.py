"""Issue 11, 3.14: an overdue resolution offers "remind the owner" (an outbox email, at most
once a day, with a confirmation naming who it goes to) and "extend the deadline" (a new
Jalali date and a required reason, kept in the history with who and when)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import ERROR, SUCCESS, get_messages
from django.utils import timezone

from ravabet.lib.jalali import format_numeric


@pytest.fixture
def overdue(rudsar_head, rudsar_resolution):  # type: ignore[no-untyped-def]
    rudsar_head.email = "rudsar-head@example.org"
    rudsar_head.save(update_fields=["email"])
    rudsar_resolution.deadline = timezone.localdate() - dt.timedelta(days=5)
    rudsar_resolution.save(update_fields=["deadline"])
    return rudsar_resolution


def _messages(response, level):  # type: ignore[no-untyped-def]
    return [str(m) for m in get_messages(response.wsgi_request) if m.level == level]


def test_the_overdue_resolution_offers_both(client_for, lahijan_head, rudsar_head, overdue):
    page = client_for(lahijan_head).get(f"/office/resolutions/{overdue.pk}/").content.decode()
    assert 'data-testid="remind-owner"' in page and 'data-testid="extend-deadline"' in page
    # The owner reports progress; the secretariat's buttons are not theirs.
    page = client_for(rudsar_head).get(f"/office/resolutions/{overdue.pk}/").content.decode()
    assert 'data-testid="remind-owner"' not in page


def test_remind_the_owner_once_a_day(
    client_for, lahijan_head, overdue, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    from ravabet.meetings.models import OwnerReminder

    client = client_for(lahijan_head)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/office/resolutions/{overdue.pk}/remind/")
    assert response.status_code == 302
    (confirmation,) = _messages(response, SUCCESS)
    assert "rudsar-head@example.org" in confirmation and "رودسر" in confirmation
    run_tasks()
    (message,) = smtp_server.messages
    assert message["X-Envelope-To"] == "rudsar-head@example.org"
    body = message.get_body(("plain",)).get_content()
    assert overdue.text in body and f"/office/resolutions/{overdue.pk}/" in body
    # Again the same day: refused, clearly, and nothing more is sent.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(f"/office/resolutions/{overdue.pk}/remind/")
    run_tasks()
    assert _messages(again, ERROR)
    assert len(smtp_server.messages) == 1
    assert OwnerReminder.objects.count() == 1


def test_no_reminder_for_a_resolution_not_overdue(client_for, lahijan_head, rudsar_resolution):
    from ravabet.meetings.models import OwnerReminder

    response = client_for(lahijan_head).post(f"/office/resolutions/{rudsar_resolution.pk}/remind/")
    assert _messages(response, ERROR)
    assert not OwnerReminder.objects.exists()


def test_extend_the_deadline_with_a_reason(client_for, lahijan_head, overdue):
    from ravabet.meetings.models import DeadlineChange

    client = client_for(lahijan_head)
    old = overdue.deadline
    new = timezone.localdate() + dt.timedelta(days=30)
    assert client.get(f"/office/resolutions/{overdue.pk}/deadline/").status_code == 200
    # No reason: refused, in words, nothing saved.
    refused = client.post(
        f"/office/resolutions/{overdue.pk}/deadline/",
        {"deadline": format_numeric(new), "reason": ""},
    )
    assert refused.status_code == 400
    assert not DeadlineChange.objects.exists()
    # Not later than the present deadline: refused.
    earlier = client.post(
        f"/office/resolutions/{overdue.pk}/deadline/",
        {"deadline": format_numeric(old - dt.timedelta(days=1)), "reason": "x"},
    )
    assert earlier.status_code == 400
    response = client.post(
        f"/office/resolutions/{overdue.pk}/deadline/",
        {"deadline": format_numeric(new), "reason": "هماهنگی با استانداری طول کشید."},
    )
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.deadline == new and not overdue.is_overdue
    (change,) = overdue.deadline_changes.all()
    assert (change.old_deadline, change.new_deadline, change.changed_by) == (old, new, lahijan_head)
    assert change.reason == "هماهنگی با استانداری طول کشید."
    page = client.get(f"/office/resolutions/{overdue.pk}/").content.decode()
    history = page.split('data-testid="deadline-history"')[1]
    assert "هماهنگی با استانداری" in history and format_numeric(new)[:4] in history.translate(
        str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
    )


def test_a_bad_date_is_a_clear_error(client_for, lahijan_head, overdue):
    response = client_for(lahijan_head).post(
        f"/office/resolutions/{overdue.pk}/deadline/", {"deadline": "۱۴۰۵/۱۳/۴۰", "reason": "x"}
    )
    assert response.status_code == 400
    assert 'class="error" role="alert"' in response.content.decode()
