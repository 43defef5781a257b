"""The PR head, having asked the journalist, sends an interrupted delivery again: once,
to that journalist only; nobody else may, and another municipality cannot even see it."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from ravabet.media.actions import distribute_release
from ravabet.media.models import Delivery, DeliveryStatus
from ravabet.newsroom.models import Kind
from ravabet.newsroom.tests.conftest import make_published
from ravabet.outbox.actions import settle_interrupted as settle_interrupted_deliveries

from .conftest import claimed_ago, kill_worker_while_sending

# The database queue's own rows are read and moved here (conftest: db_queue).
pytestmark = pytest.mark.db_queue

WARNING = "ممکن است ایمیل پیش‌تر به دست"


@pytest.fixture
def interrupted(rudsar, rudsar_reporter, rudsar_head, two_journalists, smtp_server) -> Delivery:  # type: ignore[no-untyped-def]
    """A release whose first send was cut short and settled; the other journalist got it."""
    item = make_published(
        rudsar,
        rudsar_reporter,
        rudsar_head,
        title="اطلاعیه شهرداری رودسر درباره بازگشایی بازار روز",
        kind=Kind.PRESS_RELEASE,
    )
    distribution = distribute_release(item, two_journalists, rudsar_head, "http://testserver/")
    kill_worker_while_sending(distribution.pk)
    delivery = distribution.deliveries.get(status=DeliveryStatus.SENDING)
    claimed_ago(delivery, 20)
    assert settle_interrupted_deliveries() == 1
    from ravabet.media.actions import deliver_distribution

    assert deliver_distribution(distribution.pk) == {"sent": 1, "failed": 0}
    smtp_server.messages.clear()
    delivery.refresh_from_db()
    return delivery


def _url(delivery: Delivery) -> str:
    return f"/office/media/deliveries/{delivery.pk}/send-again/"


def test_the_head_sends_it_again_exactly_once_to_that_journalist(
    client_for,
    rudsar_head,
    interrupted,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    client = client_for(rudsar_head)
    page_url = f"/office/media/distributions/{interrupted.distribution_id}/"
    page = client.get(page_url).content.decode()
    assert 'data-testid="interrupted-note"' in page
    assert "ارسال به ۱ خبرنگار نیمه‌کاره ماند" in page
    # The name is isolated from the sentence around it (a Persian name in an English one).
    assert f"{WARNING} <bdi>{interrupted.name}</bdi> رسیده باشد" in page
    assert _url(interrupted) in page
    assert "فقط مدیر روابط عمومی" not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(interrupted))
    assert response.status_code == 302 and response["Location"] == page_url
    interrupted.refresh_from_db()
    assert interrupted.status == DeliveryStatus.QUEUED and interrupted.reason == ""
    # A second click (or a stale page) is refused; nothing more is queued.
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(_url(interrupted), follow=True).content.decode()
    assert "فقط ارسالِ نیمه‌کاره را می‌توان دوباره فرستاد" in page
    assert DBTaskResult.objects.ready().count() == 1
    run_tasks()
    run_tasks()
    assert [m["X-Envelope-To"] for m in smtp_server.messages] == [interrupted.email]
    interrupted.refresh_from_db()
    assert interrupted.status == DeliveryStatus.SENT and interrupted.attempts == 2
    page = client.get(page_url).content.decode()
    assert 'data-testid="interrupted-note"' not in page and _url(interrupted) not in page


def test_others_cannot_send_it_again(
    client_for,
    lahijan_head,
    rudsar_reporter,
    rudsar_head,
    interrupted,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(lahijan_head).post(_url(interrupted)).status_code == 404
        assert client_for(rudsar_reporter).post(_url(interrupted)).status_code == 403
        assert client_for(rudsar_head).get(_url(interrupted)).status_code == 405
        missing = client_for(rudsar_head).post("/office/media/deliveries/999999/send-again/")
        assert missing.status_code == 404
    assert (
        client_for(lahijan_head)
        .get(f"/office/media/distributions/{interrupted.distribution_id}/")
        .status_code
        == 404
    )
    # The reporter sees what happened but is not offered the button.
    page = (
        client_for(rudsar_reporter)
        .get(f"/office/media/distributions/{interrupted.distribution_id}/")
        .content.decode()
    )
    assert "نیمه‌کاره" in page and _url(interrupted) not in page
    assert "فقط مدیر روابط عمومی" in page
    run_tasks()
    before = (interrupted.status, interrupted.reason, interrupted.attempts)
    interrupted.refresh_from_db()
    assert (interrupted.status, interrupted.reason, interrupted.attempts) == before
    assert interrupted.status == DeliveryStatus.INTERRUPTED
    assert smtp_server.messages == []


def test_the_dashboard_and_the_item_page_show_it(
    client_for, rudsar_reporter, rudsar_head, interrupted
):
    dashboard = client_for(rudsar_reporter).get("/office/m/rudsar/").content.decode()
    assert 'data-testid="interrupted"' in dashboard
    panel = dashboard.split('data-testid="interrupted"', 1)[1]
    assert "نیمه‌کاره" in panel.split("</h3>", 1)[0]
    assert interrupted.email in panel and "معلوم نیست رسیده است یا نه" in panel
    assert f"/office/media/distributions/{interrupted.distribution_id}/" in panel
    item = interrupted.distribution.item
    page = client_for(rudsar_head).get(f"/office/news/{item.pk}/").content.decode()
    assert 'data-testid="distribution-interrupted"' in page
    assert "برای ۱ خبرنگار نیمه‌کاره ماند" in page
