"""A citizen is told when their message is answered: by email when they gave an address,
by SMS when they gave a mobile number and agreed; once per answer, whatever happens."""

from __future__ import annotations

from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse

from ravabet.lib.bidi import LRI, PDI
from ravabet.outbox.actions import deliver, settle_interrupted
from ravabet.outbox.actions import send_due as sweep
from ravabet.outbox.models import Send, Status, Transport
from ravabet.outbox.tests.conftest import WorkerKilled, later
from ravabet.voice import actions

NUMBER = "09121234567"
SECRET_TEXT = "زباله‌های کوچه سوم دو روز است جمع‌آوری نشده"


def answer(client, message, capture, text="ماموران امروز کوچه را پاکسازی کردند"):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        response = client.post(reverse("voice:reply", args=[message.pk]), {"text": text})
    assert response.status_code == 302
    return response


def test_the_citizen_gets_an_email_and_an_sms_once(
    client_for,
    rudsar,
    rudsar_head,
    make_message,
    smtp_server,
    sms_gateway,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    message = make_message(rudsar, email="maryam@example.org", mobile=NUMBER)
    head = client_for(rudsar_head)
    answer(head, message, django_capture_on_commit_callbacks)
    run_tasks()
    run_tasks()  # a second run (or a second worker) sends nothing more

    (email,) = smtp_server.messages
    assert email["To"] == "maryam@example.org"
    body = email.get_content()
    link = settings.SITE_URL + message.get_tracking_url()
    assert link in body and message.display_code in email["Subject"]
    assert "ماموران" not in body and SECRET_TEXT not in body  # the answer needs the PIN

    (sms,) = sms_gateway.texts_to(NUMBER)
    assert f"{LRI}{message.display_code}{PDI}" in sms  # the code isolated: not «۲۴۲۸-۷۹۹۶»
    assert sms.rstrip().endswith(link)
    assert "رودسر" in sms and "پاسخ" in sms
    for personal in ("مریم", SECRET_TEXT, "ماموران", "0012345679"):
        assert personal not in sms
    assert len(sms) <= 160

    sends = Send.objects.filter(key__startswith="voice.answer:")
    assert {(s.transport, s.status) for s in sends} == {
        (Transport.EMAIL, Status.SENT),
        (Transport.SMS, Status.SENT),
    }
    # The same answer queued again (a double click, a retried task) sends nothing.
    reply = message.replies.get()
    with django_capture_on_commit_callbacks(execute=True):
        actions.tell_citizen_answered(message, reply)
    run_tasks()
    assert len(smtp_server.messages) == 1 and len(sms_gateway.delivered) == 1


def test_no_sms_without_consent_or_number_and_no_email_without_an_address(
    client_for,
    rudsar,
    rudsar_head,
    make_message,
    smtp_server,
    sms_gateway,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    no_consent = make_message(rudsar, consent=False, mobile=NUMBER)
    no_number = make_message(rudsar, mobile="")
    head = client_for(rudsar_head)
    answer(head, no_consent, django_capture_on_commit_callbacks)
    answer(head, no_number, django_capture_on_commit_callbacks)
    run_tasks()
    assert sms_gateway.delivered == [] and smtp_server.messages == []
    assert not Send.objects.filter(key__startswith="voice.answer:").exists()


def test_a_second_answer_is_told_again_and_a_merged_message_is_not(
    client_for,
    rudsar,
    rudsar_head,
    make_message,
    sms_gateway,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    message = make_message(rudsar)
    head = client_for(rudsar_head)
    answer(head, message, django_capture_on_commit_callbacks)
    run_tasks()
    answer(head, message, django_capture_on_commit_callbacks, text="پیگیری تکمیل شد")
    run_tasks()
    assert len(sms_gateway.texts_to(NUMBER)) == 2

    duplicate = make_message(rudsar, mobile="09351112233")
    reply = actions.reply_to_message(duplicate, rudsar_head, "پاسخ")
    actions.merge_message(duplicate, message)
    (row,) = Send.objects.filter(key=actions.answer_key(reply, Transport.SMS))
    assert deliver([row.pk]).skipped == 1
    assert sms_gateway.texts_to("09351112233") == []


def test_the_gateway_failing_then_the_worker_dying_never_sends_twice(
    client_for,
    rudsar,
    rudsar_head,
    make_message,
    sms_gateway,
    django_capture_on_commit_callbacks,
):
    from ravabet.outbox.transports import KavenegarGateway

    message = make_message(rudsar)
    reply = actions.reply_to_message(message, rudsar_head, "انجام شد")
    row = Send.objects.get(key=actions.answer_key(reply, Transport.SMS))
    sms_gateway.script = ["500"]
    assert deliver([row.pk]).failed == 1  # the gateway failed: a retry is due
    real = KavenegarGateway.send

    def accepted_then_killed(self, number, text, local_id):  # type: ignore[no-untyped-def]
        real(self, number, text, local_id)
        raise WorkerKilled

    with (
        mock.patch.object(KavenegarGateway, "send", accepted_then_killed),
        pytest.raises(WorkerKilled),
    ):
        deliver([row.pk])
    assert deliver([row.pk]).sent == 0  # the task runs again: nothing to claim
    later(minutes=120)
    settle_interrupted()
    assert sweep() == 0
    row.refresh_from_db()
    assert row.status == Status.INTERRUPTED
    assert len(sms_gateway.texts_to(NUMBER)) == 1
