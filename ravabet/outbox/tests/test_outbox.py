"""The outbox's own rules, with sends of no app (as a capability to come would make)."""

from __future__ import annotations

from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from ravabet.outbox.actions import MAX_ATTEMPTS, deliver, queue, requeue
from ravabet.outbox.compose import Email, Skip, Text, composer
from ravabet.outbox.models import Send, Status, Transport

from .conftest import recipients

# The database queue's own rows are read and moved here (conftest: db_queue).
pytestmark = pytest.mark.db_queue

WRITTEN: dict[str, Any] = {}


@composer("tests.note")
def note(send: Send) -> Email | Skip:
    what = WRITTEN.get(send.key, "write")
    if what == "skip":
        return Skip("Nothing to say any more.")
    if what == "crash":
        raise ValueError("the record is gone")
    return Email(subject="یادداشت", body="متن یادداشت")


@composer("tests.text")
def text(send: Send) -> Text:
    return Text("پیام کوتاه")


def _note(key: str, target: str = "someone@example.org", **kw: Any) -> tuple[Send, bool]:
    return queue(key=key, source="tests.note", transport=Transport.EMAIL, target=target, **kw)


def test_a_key_is_sent_once_however_often_it_is_queued(
    db, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send, queued = _note("note:1")
        again, queued_again = _note("note:1")
    assert queued and not queued_again and again.pk == send.pk
    assert DBTaskResult.objects.ready().count() == 1
    run_tasks()
    assert recipients(smtp_server) == {"someone@example.org": 1}
    assert _note("note:1")[1] is False  # sent: queueing it again does nothing
    send.refresh_from_db()
    assert send.status == Status.SENT and send.attempts == 1 and send.sent_at is not None
    assert send.external_id == f"<outbox-{send.pk}@testserver>"


def test_a_failure_that_may_pass_is_retried_later_and_queueing_again_resumes_it(
    db, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    smtp_server.refuse = True
    send, _queued = _note("note:2", enqueue=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver([send.pk]).failed == 1
    send.refresh_from_db()
    assert send.status == Status.FAILED and send.reason.startswith("451")
    assert send.retry_after is not None  # a delayed task is the timer
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    smtp_server.refuse = False
    assert _note("note:2", enqueue=False)[1] is True
    assert deliver([send.pk]).sent == 1
    assert deliver([send.pk]).sent == 0
    assert recipients(smtp_server) == {"someone@example.org": 1}


def test_after_the_last_attempt_only_a_person_retries(db, smtp_server):
    smtp_server.refuse = True
    send, _queued = _note("note:3", enqueue=False)
    Send.objects.filter(pk=send.pk).update(attempts=MAX_ATTEMPTS - 1)
    deliver([send.pk])
    send.refresh_from_db()
    assert send.status == Status.FAILED and send.retry_after is None
    assert deliver([send.pk]).failed == 0  # nothing to claim
    assert requeue(send, from_statuses=[Status.FAILED])
    assert not requeue(send, from_statuses=[Status.FAILED])


def test_skipped_and_broken_sends_are_recorded_not_sent(db, smtp_server):
    WRITTEN.update({"note:4": "skip", "note:5": "crash"})
    skipped, _ = _note("note:4", enqueue=False)
    broken, _ = _note("note:5", enqueue=False)
    counts = deliver([skipped.pk, broken.pk])
    assert (counts.sent, counts.failed, counts.skipped) == (0, 1, 1)
    skipped.refresh_from_db()
    broken.refresh_from_db()
    assert skipped.status == Status.SKIPPED and skipped.reason == "Nothing to say any more."
    assert broken.status == Status.FAILED and "the record is gone" in broken.reason
    assert broken.retry_after is None
    assert smtp_server.messages == []


def test_sms_is_an_interface_that_fails_plainly_until_a_gateway_comes(db):
    send, _ = queue(
        model=Send,
        key="text:1",
        source="tests.text",
        transport=Transport.SMS,
        target="09121234567",
        enqueue=False,
    )
    assert deliver([send.pk]).failed == 1
    send.refresh_from_db()
    assert send.status == Status.FAILED and send.retry_after is None
    assert "پیامک" in send.reason


def test_the_database_refuses_an_unknown_status(db):
    from django.db import IntegrityError, transaction

    send, _ = _note("note:6", enqueue=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Send.objects.filter(pk=send.pk).update(status="lost")


def test_the_operator_sees_the_sends_in_the_admin_and_cannot_change_them(db):
    from django.test import Client

    from ravabet.conftest import make_user

    admin = make_user("site-admin")
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    client = Client()
    client.force_login(admin)
    send, _ = _note("note:7", enqueue=False)
    page = client.get("/admin/outbox/send/")
    assert page.status_code == 200 and "note:7" in page.content.decode()
    assert client.get("/admin/outbox/send/add/").status_code == 403
    assert client.post(f"/admin/outbox/send/{send.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Send.objects.filter(pk=send.pk).exists()
