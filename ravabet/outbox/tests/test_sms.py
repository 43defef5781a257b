"""Text messages through a real SMS gateway's API (Kavenegar's), against a local stand-in
that speaks HTTP: accepted once, retried with backoff when the gateway fails or does not
answer, never sent twice (not by a second task, not after a worker died mid-send)."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ravabet.core.tests.test_settings import _manage
from ravabet.outbox.actions import RETRY_DELAY, deliver, queue, retry_delay, settle_interrupted
from ravabet.outbox.actions import send_due as sweep
from ravabet.outbox.compose import Text, composer
from ravabet.outbox.models import Send, Status, Transport

from .conftest import WorkerKilled, later
from .sms_gateway import SENDER, sms_gateway  # noqa: F401  (fixture)

# The database queue's own rows are read and moved here (conftest: db_queue).
pytestmark = pytest.mark.db_queue

NUMBER = "09121234567"


@composer("tests.sms")
def text(send: Send) -> Text:
    return Text("شهرداری رودسر: پیام شما پاسخ داده شد")


def _sms(key: str) -> Send:
    row: Send
    row, _queued = queue(
        key=key, source="tests.sms", transport=Transport.SMS, target=NUMBER, enqueue=False
    )
    return row


def test_a_text_is_handed_to_the_gateway_once(db, sms_gateway, run_tasks):  # noqa: F811
    send = _sms("sms:1")
    assert deliver([send.pk]).sent == 1
    assert deliver([send.pk]).sent == 0  # a second task finds nothing to claim
    (delivered,) = sms_gateway.delivered
    assert delivered.receptor == NUMBER and delivered.sender == SENDER
    assert delivered.message == "شهرداری رودسر: پیام شما پاسخ داده شد"
    assert delivered.localid == str(send.pk)
    send.refresh_from_db()
    assert send.status == Status.SENT and send.external_id == str(delivered.messageid)
    assert (
        queue(key="sms:1", source="tests.sms", transport=Transport.SMS, target=NUMBER)[1] is False
    )


def test_a_failing_gateway_is_retried_with_backoff_then_sent_once(
    db,
    sms_gateway,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    sms_gateway.script = ["500", "500"]
    send = _sms("sms:2")
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver([send.pk]).failed == 1
    send.refresh_from_db()
    assert send.status == Status.FAILED and "500" in send.reason
    assert send.retry_after is not None
    first_wait = send.retry_after - send.updated_at
    assert abs(first_wait - RETRY_DELAY) < timedelta(seconds=5)
    # The retry is a delayed task, due when the row says.
    task = DBTaskResult.objects.get(status="READY")
    assert abs(task.run_after - send.retry_after) < timedelta(seconds=5)
    assert deliver([send.pk]).failed == 1  # the retry's task: the gateway fails again
    send.refresh_from_db()
    assert send.retry_after is not None
    assert abs((send.retry_after - send.updated_at) - 2 * RETRY_DELAY) < timedelta(seconds=5)
    assert [retry_delay(n) for n in (1, 2, 3)] == [RETRY_DELAY, 2 * RETRY_DELAY, 4 * RETRY_DELAY]
    assert sms_gateway.delivered == []
    assert deliver([send.pk]).sent == 1
    assert len(sms_gateway.delivered) == 1 and sms_gateway.requests == 3


def test_a_timeout_is_retried_and_the_gateway_does_not_send_it_twice(db, sms_gateway):  # noqa: F811
    # The gateway took the message but answered after our timeout: it may have left, so
    # the retry carries the same localid, which the gateway sends only once.
    sms_gateway.script = ["timeout"]
    send = _sms("sms:3")
    assert deliver([send.pk]).failed == 1
    send.refresh_from_db()
    assert send.status == Status.FAILED and send.retry_after is not None
    assert "did not answer" in send.reason or "پاسخ نداد" in send.reason
    assert deliver([send.pk]).sent == 1
    assert sms_gateway.requests == 2
    assert len(sms_gateway.delivered) == 1


def test_a_refused_number_is_not_retried_and_an_empty_account_is(db, sms_gateway):  # noqa: F811
    sms_gateway.script = ["411", "418"]
    refused, empty = _sms("sms:4"), _sms("sms:5")
    assert deliver([refused.pk, empty.pk]).failed == 2
    refused.refresh_from_db()
    empty.refresh_from_db()
    assert refused.retry_after is None and "411" in refused.reason
    assert empty.retry_after is not None and "418" in empty.reason


def test_a_wrong_api_key_is_a_plain_failure(db, sms_gateway, settings):  # noqa: F811
    settings.SMS_API_KEY = "wrong-key-1234"
    send = _sms("sms:6")
    assert deliver([send.pk]).failed == 1
    send.refresh_from_db()
    assert send.retry_after is None and "403" in send.reason


def test_a_worker_killed_mid_send_never_sends_it_again(db, sms_gateway):  # noqa: F811
    from ravabet.outbox.transports import KavenegarGateway

    real = KavenegarGateway.send

    def accepted_then_killed(self, number, message, local_id):  # type: ignore[no-untyped-def]
        real(self, number, message, local_id)
        raise WorkerKilled  # the gateway accepted it; nothing was recorded

    send = _sms("sms:7")
    with (
        mock.patch.object(KavenegarGateway, "send", accepted_then_killed),
        pytest.raises(WorkerKilled),
    ):
        deliver([send.pk])
    send.refresh_from_db()
    assert send.status == Status.SENDING
    # The task run again, the sweep, a second worker: none may claim it.
    assert deliver([send.pk]).sent == 0
    later(minutes=60)
    assert sweep() == 0
    assert settle_interrupted() == 1
    send.refresh_from_db()
    assert send.status == Status.INTERRUPTED
    assert "text message" in send.reason or "پیامک" in send.reason
    assert sweep() == 0 and deliver([send.pk]).sent == 0
    assert len(sms_gateway.delivered) == 1


def test_without_a_gateway_every_text_fails_plainly(db, settings):
    settings.SMS_GATEWAY = ""
    send = _sms("sms:8")
    assert deliver([send.pk]).failed == 1
    send.refresh_from_db()
    assert send.retry_after is None and send.sent_at is None
    assert send.updated_at <= timezone.now()


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"RAVABET_SMS_GATEWAY": "smsir"}, "RAVABET_SMS_GATEWAY"),
        ({"RAVABET_SMS_GATEWAY": "kavenegar"}, "RAVABET_SMS_API_KEY"),
        (
            {
                "RAVABET_SMS_GATEWAY": "kavenegar",
                "RAVABET_SMS_API_KEY": "4A6F-good-key",
                "RAVABET_SMS_SENDER": "+98 1000",
            },
            "RAVABET_SMS_SENDER",
        ),
        ({"RAVABET_SMS_TIMEOUT": "0"}, "RAVABET_SMS_TIMEOUT"),
    ],
)
def test_bad_sms_settings_stop_the_start_plainly(env, named):
    result = _manage("check", RAVABET_DEBUG="1", **env)
    assert result.returncode != 0
    assert named in result.stderr and "Traceback" not in result.stderr


def test_every_automatic_retry_falls_inside_kavenegars_localid_window():
    """Kavenegar keeps a localid for its status lookup for 12 hours (its REST
    documentation, statuslocalmessageid); the de-duplication of a retry counts on it, so
    the last automatic attempt must leave within that window."""
    from ravabet.outbox.actions import MAX_ATTEMPTS

    total = sum((retry_delay(n) for n in range(1, MAX_ATTEMPTS)), timedelta())
    assert total < timedelta(hours=12)
