"""A delivery whose worker died between the claim and the outcome: settled as interrupted,
never sent again by itself. Against a real SMTP server, so "nothing sent" is what it saw."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from ravabet.core.management.commands.tick import periodic_tasks
from ravabet.media.actions import deliver_distribution, distribute_release
from ravabet.media.models import Delivery, DeliveryStatus, Distribution
from ravabet.newsroom.models import Kind
from ravabet.newsroom.tests.conftest import make_published
from ravabet.outbox.actions import settle_interrupted as settle_interrupted_deliveries

from .conftest import claimed_ago, kill_worker_while_sending

INTERRUPTED_REASON = "معلوم نیست ایمیل رفته است یا نه"


def _distribution(rudsar, rudsar_reporter, rudsar_head, journalists) -> Distribution:  # type: ignore[no-untyped-def]
    item = make_published(
        rudsar,
        rudsar_reporter,
        rudsar_head,
        title="اطلاعیه شهرداری رودسر درباره جمع‌آوری پسماند",
        kind=Kind.PRESS_RELEASE,
    )
    # Enqueued on commit, which never comes in a test: the job runs only when called.
    return distribute_release(item, journalists, rudsar_head, "http://testserver/")


def _recipients(smtp_server) -> list[str]:  # type: ignore[no-untyped-def]
    return [m["X-Envelope-To"] for m in smtp_server.messages]


def test_a_send_cut_short_is_interrupted_only_once_it_is_stale(
    rudsar, rudsar_reporter, rudsar_head, two_journalists, smtp_server
):
    distribution = _distribution(rudsar, rudsar_reporter, rudsar_head, two_journalists)
    kill_worker_while_sending(distribution.pk)
    stuck = distribution.deliveries.get(status=DeliveryStatus.SENDING)
    assert stuck.claimed_at is not None
    assert timezone.now() - stuck.claimed_at < timedelta(minutes=1)
    assert smtp_server.messages == []

    # Claimed just now, or a minute ago: it may still be on its way.
    assert settle_interrupted_deliveries() == 0
    claimed_ago(stuck, 1)
    assert settle_interrupted_deliveries() == 0
    stuck.refresh_from_db()
    assert stuck.status == DeliveryStatus.SENDING and stuck.reason == ""

    claimed_ago(stuck, 16)
    assert settle_interrupted_deliveries() == 1
    stuck.refresh_from_db()
    assert stuck.status == DeliveryStatus.INTERRUPTED
    assert INTERRUPTED_REASON in stuck.reason
    assert stuck.attempts == 1
    settled = (stuck.status, stuck.reason, stuck.attempts, stuck.claimed_at)

    # Idempotent: a second run finds nothing and changes nothing.
    assert settle_interrupted_deliveries() == 0
    stuck.refresh_from_db()
    assert (stuck.status, stuck.reason, stuck.attempts, stuck.claimed_at) == settled


def test_finished_and_waiting_deliveries_are_left_alone(
    rudsar, rudsar_reporter, rudsar_head, two_journalists, smtp_server
):
    distribution = _distribution(rudsar, rudsar_reporter, rudsar_head, two_journalists)
    sent, failed = distribution.deliveries.all()
    long_ago = timezone.now() - timedelta(hours=2)
    Delivery.objects.filter(pk=sent.pk).update(
        status=DeliveryStatus.SENT, claimed_at=long_ago, sent_at=long_ago
    )
    Delivery.objects.filter(pk=failed.pk).update(
        status=DeliveryStatus.FAILED, claimed_at=long_ago, reason="451 Try again later"
    )
    assert settle_interrupted_deliveries() == 0
    assert set(Delivery.objects.values_list("status", "reason")) == {
        (DeliveryStatus.SENT, ""),
        (DeliveryStatus.FAILED, "451 Try again later"),
    }


def test_an_interrupted_delivery_is_not_sent_by_the_job_or_the_bulk_retry(
    client_for,
    rudsar,
    rudsar_reporter,
    rudsar_head,
    two_journalists,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    distribution = _distribution(rudsar, rudsar_reporter, rudsar_head, two_journalists)
    kill_worker_while_sending(distribution.pk)
    stuck = distribution.deliveries.get(status=DeliveryStatus.SENDING)
    other = distribution.deliveries.exclude(pk=stuck.pk).get()
    claimed_ago(stuck, 30)
    settle_interrupted_deliveries()

    # The job runs again (as a scheduled retry would) while the mail server refuses.
    smtp_server.refuse = True
    assert deliver_distribution(distribution.pk) == {"sent": 0, "failed": 1}
    other.refresh_from_db()
    assert other.status == DeliveryStatus.FAILED

    # The bulk retry queues the failed one only, and only that one is sent.
    smtp_server.refuse = False
    client = client_for(rudsar_head)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/office/media/distributions/{distribution.pk}/retry/", follow=True)
    assert "۱ ارسال ناموفق دوباره در صف قرار گرفت" in response.content.decode()
    run_tasks()
    run_tasks()
    assert deliver_distribution(distribution.pk) == {"sent": 0, "failed": 0}
    assert _recipients(smtp_server) == [other.email]
    stuck.refresh_from_db()
    assert stuck.status == DeliveryStatus.INTERRUPTED

    page = client.get(f"/office/media/distributions/{distribution.pk}/").content.decode()
    assert "نیمه‌کاره" in page and INTERRUPTED_REASON in page
    assert "ممکن است ایمیل پیش‌تر" in page  # the warning beside "send again"


def test_the_periodic_tick_settles_them(
    rudsar,
    rudsar_reporter,
    rudsar_head,
    two_journalists,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    assert "ravabet.outbox.tasks.settle_interrupted" in {
        task.module_path for task in periodic_tasks()
    }
    distribution = _distribution(rudsar, rudsar_reporter, rudsar_head, two_journalists)
    kill_worker_while_sending(distribution.pk)
    stuck = distribution.deliveries.get(status=DeliveryStatus.SENDING)
    claimed_ago(stuck, 20)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("tick", stdout=StringIO())
    run_tasks()
    stuck.refresh_from_db()
    assert stuck.status == DeliveryStatus.INTERRUPTED
    assert smtp_server.messages == []
