from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ravabet.voice.actions import enqueue_overdue_escalations, reply_to_message
from ravabet.voice.models import Escalation


def test_overdue_messages_escalate_once_per_stage(
    rudsar,
    rudsar_head,
    rudsar_reporter,
    make_message,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    rudsar_head.email = "head@rudsar.example"
    rudsar_head.save()
    today = timezone.localdate()
    late = make_message(rudsar, due_on=today - dt.timedelta(days=1))
    very_late = make_message(rudsar, due_on=today - dt.timedelta(days=30))
    make_message(rudsar)  # not due yet
    answered = make_message(rudsar, due_on=today - dt.timedelta(days=5))
    reply_to_message(answered, rudsar_head, "پاسخ داده شد")

    with django_capture_on_commit_callbacks(execute=True):
        assert enqueue_overdue_escalations() == 3
    run_tasks()
    # Issue 9: the very late message's two stages fall due on one tick; only the latest
    # is sent, the earlier is recorded as passed (below): one alert, not two at once.
    assert len(smtp_server.messages) == 2
    assert {m["To"] for m in smtp_server.messages} == {"head@rudsar.example"}
    assert late.display_code in "".join(m["Subject"] for m in smtp_server.messages)
    assert set(Escalation.objects.values_list("message_id", "stage")) == {
        (late.pk, "overdue"),
        (very_late.pk, "overdue"),
        (very_late.pk, "long_overdue"),
    }

    # The next run (and a retried task) sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert enqueue_overdue_escalations() == 0
    from ravabet.voice.tasks import escalate_message

    with django_capture_on_commit_callbacks(execute=True):
        escalate_message.enqueue(late.pk, "overdue")
    run_tasks()
    assert len(smtp_server.messages) == 2


def test_a_failing_mail_server_is_retried_later_without_duplicates(
    rudsar,
    rudsar_head,
    make_message,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    rudsar_head.email = "head@rudsar.example"
    rudsar_head.save()
    make_message(rudsar, due_on=timezone.localdate() - dt.timedelta(days=1))
    smtp_server.refuse = True
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_overdue_escalations()
    run_tasks()
    assert not smtp_server.messages
    assert not Escalation.objects.filter(sent_at__isnull=False).exists()
    smtp_server.refuse = False
    with django_capture_on_commit_callbacks(execute=True):
        assert enqueue_overdue_escalations() == 1
    run_tasks()
    assert len(smtp_server.messages) == 1
