"""An event's checklist task due soon tells its owner in Ravabet, once; its email is the
events' own reminder, not a second one."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ravabet.events import actions
from ravabet.events.models import Event, Kind, TaskReminder
from ravabet.events.tasks import send_task_reminders
from ravabet.notifications.models import Kind as Notice
from ravabet.notifications.models import Notification


def test_a_task_due_tells_its_owner_once_and_emails_once(
    client_for, rudsar, rudsar_head, rudsar_reporter, lahijan_head, smtp_server, run_tasks
):
    rudsar_head.email = "head@rudsar.example"
    rudsar_head.save()
    rudsar_reporter.email = "reporter@rudsar.example"
    rudsar_reporter.save()
    soon = timezone.localdate() + dt.timedelta(days=2)
    event = Event(municipality=rudsar, kind=Kind.PRESS_CONFERENCE, title="نشست خبری فوری")
    event.set_days(soon, soon)
    actions.create_event(event, rudsar_head)
    send_task_reminders.call()
    run_tasks()
    reminded = TaskReminder.objects.count()
    assert reminded >= 2
    notices = Notification.objects.filter(kind=Notice.EVENT_TASK_DUE)
    assert notices.count() == reminded
    assert set(notices.values_list("user_id", flat=True)) <= {rudsar_head.pk, rudsar_reporter.pk}
    assert not Notification.objects.filter(user=lahijan_head).exists()
    # One email per task: the reminder; the notification waits in Ravabet.
    assert len(smtp_server.messages) == reminded
    send_task_reminders.call()
    run_tasks()
    assert notices.count() == reminded and len(smtp_server.messages) == reminded
    notice = notices.earliest("pk")
    owner = client_for(notice.user)
    assert "نشست خبری فوری" in owner.get("/office/notifications/").content.decode()
    response = owner.get(f"/office/notifications/{notice.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/office/events/{event.pk}/"
