"""Checklist reminders go out through the outbox once each; overdue tasks show on the
dashboard."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ravabet.events import actions
from ravabet.events.models import Event, Kind, TaskReminder
from ravabet.events.tasks import send_task_reminders


def test_each_due_task_is_reminded_once(rudsar, rudsar_head, rudsar_reporter, smtp_server):
    rudsar_head.email = "head@rudsar.example"
    rudsar_head.save()
    rudsar_reporter.email = "reporter@rudsar.example"
    rudsar_reporter.save()
    soon = timezone.localdate() + dt.timedelta(days=2)
    event = Event(municipality=rudsar, kind=Kind.PRESS_CONFERENCE, title="نشست فوری")
    event.set_days(soon, soon)
    actions.create_event(event, rudsar_head)
    sent = send_task_reminders.call()
    # Hall, journalists (clamped to today), kit and photographer: due by tomorrow at the latest.
    due = TaskReminder.objects.count()
    assert sent == due == len(smtp_server.messages) >= 2
    assert {m["To"] for m in smtp_server.messages} <= {
        "head@rudsar.example",
        "reporter@rudsar.example",
    }
    assert send_task_reminders.call() == 0
    assert len(smtp_server.messages) == due


def test_overdue_tasks_are_on_the_dashboard(client_for, rudsar, rudsar_head):
    soon = timezone.localdate() + dt.timedelta(days=1)
    event = Event(municipality=rudsar, kind=Kind.PRESS_CONFERENCE, title="نشست فوری")
    event.set_days(soon, soon)
    actions.create_event(event, rudsar_head)
    event.tasks.update(due_override=timezone.localdate() - dt.timedelta(days=2))
    page = client_for(rudsar_head).get("/office/m/rudsar/").content.decode()
    assert 'data-testid="overdue-tasks"' in page and "Book the hall" in page
