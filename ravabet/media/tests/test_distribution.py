"""Sending a press release to journalists by email, against a real SMTP server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ravabet.media.models import Delivery, DeliveryStatus, Distribution
from ravabet.newsroom.models import Kind, NewsroomSettings
from ravabet.newsroom.tests.conftest import make_item, make_published, photo_bytes

# The database queue's own rows are read and moved here (conftest: db_queue).
pytestmark = pytest.mark.db_queue


def _release(rudsar, rudsar_reporter, rudsar_head):  # type: ignore[no-untyped-def]
    return make_published(
        rudsar,
        rudsar_reporter,
        rudsar_head,
        title="اطلاعیه شهرداری رودسر درباره قطع موقت آب",
        kind=Kind.PRESS_RELEASE,
        body="<p>متن اطلاعیه</p><script>alert(1)</script>",
    )


def send(client, item, journalists, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return client.post(
            f"/office/news/{item.pk}/distribute/", {"journalists": [j.pk for j in journalists]}
        )


def test_release_goes_to_each_chosen_journalist_once(
    client_for,
    rudsar,
    rudsar_reporter,
    rudsar_head,
    two_journalists,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    NewsroomSettings.objects.create(
        municipality=rudsar,
        sender_name="روابط عمومی شهرداری رودسر",
        sender_email="pr@rudsar.example.org",
    )
    item = _release(rudsar, rudsar_reporter, rudsar_head)
    client = client_for(rudsar_reporter)
    client_for(rudsar_head).post(
        f"/office/news/{item.pk}/photos/",
        {"image": SimpleUploadedFile("p.jpg", photo_bytes()), "caption": "عکس اطلاعیه"},
    )
    response = send(client, item, two_journalists, django_capture_on_commit_callbacks)
    distribution = Distribution.objects.get()
    assert response["Location"] == f"/office/media/distributions/{distribution.pk}/"
    assert set(distribution.deliveries.values_list("status", flat=True)) == {DeliveryStatus.QUEUED}
    run_tasks()
    assert len(smtp_server.messages) == 2
    assert sorted(m["X-Envelope-To"] for m in smtp_server.messages) == [
        "keyvan@example.org",
        "samira@example.org",
    ]
    message = smtp_server.messages[0]
    assert "pr@rudsar.example.org" in message["From"]
    assert str(message["Subject"]).strip() == item.title
    assert (
        str(message["List-Unsubscribe"]).strip().startswith("<http://testserver/press/unsubscribe/")
    )
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "متن اطلاعیه" in text and "http://testserver/m/rudsar/news/" in text
    assert 'dir="rtl"' in html and "<script" not in html
    # Photos travel as links, not attachments.
    assert '<a href="http://testserver/media/news/rudsar/' in html and "عکس اطلاعیه" in html
    assert "http://testserver/media/news/rudsar/" in text
    assert not list(message.iter_attachments())
    assert "/press/unsubscribe/" in html and "/press/unsubscribe/" in text
    assert set(distribution.deliveries.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    # Running the job again sends nothing more.
    from ravabet.media.actions import deliver_distribution

    assert deliver_distribution(distribution.pk) == {"sent": 0, "failed": 0}
    assert len(smtp_server.messages) == 2
    page = client.get(f"/office/media/distributions/{distribution.pk}/").content.decode()
    assert page.count("ارسال شد") >= 2


def test_a_failing_server_is_retried_later_without_resending(
    client_for,
    rudsar,
    rudsar_reporter,
    rudsar_head,
    two_journalists,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    from django_tasks_db.models import DBTaskResult

    item = _release(rudsar, rudsar_reporter, rudsar_head)
    client = client_for(rudsar_head)
    smtp_server.refuse = True
    send(client, item, two_journalists, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()
    distribution = Distribution.objects.get()
    deliveries = list(distribution.deliveries.all())
    assert {d.status for d in deliveries} == {DeliveryStatus.FAILED}
    assert all(d.reason.startswith("451") for d in deliveries)
    assert smtp_server.messages == []
    page = client.get(f"/office/media/distributions/{distribution.pk}/").content.decode()
    assert "451 4.3.0 Try again later" in page and "ناموفق" in page
    # A later attempt is already queued (not due yet).
    later = DBTaskResult.objects.ready().count()
    waiting = DBTaskResult.objects.filter(status="READY", run_after__gt=timezone.now()).count()
    assert waiting == 1 and later == 0
    # The server recovers and the time comes: both are sent, once.
    smtp_server.refuse = False
    DBTaskResult.objects.filter(status="READY").update(
        run_after=timezone.now() - timedelta(seconds=1)
    )
    run_tasks()
    assert len(smtp_server.messages) == 2
    assert set(distribution.deliveries.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    # A manual retry now has nothing to do.
    response = client.post(f"/office/media/distributions/{distribution.pk}/retry/", follow=True)
    assert "چیزی برای تلاش دوباره نیست" in response.content.decode()
    run_tasks()
    assert len(smtp_server.messages) == 2


def test_one_sent_one_failed_then_retry_sends_only_the_failed(
    client_for,
    rudsar,
    rudsar_reporter,
    rudsar_head,
    two_journalists,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    item = _release(rudsar, rudsar_reporter, rudsar_head)
    client = client_for(rudsar_head)
    send(client, item, two_journalists, django_capture_on_commit_callbacks)
    distribution = Distribution.objects.get()
    # Mark one as already served (as if a previous run got that far).
    first = distribution.deliveries.get(email="samira@example.org")
    first.status = DeliveryStatus.SENT
    first.save()
    run_tasks()
    assert [m["X-Envelope-To"] for m in smtp_server.messages] == ["keyvan@example.org"]


def test_a_down_server_is_recorded(
    client_for,
    rudsar,
    rudsar_reporter,
    rudsar_head,
    two_journalists,
    settings,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    item = _release(rudsar, rudsar_reporter, rudsar_head)
    send(client_for(rudsar_head), item, two_journalists, django_capture_on_commit_callbacks)
    run_tasks()
    reasons = set(Delivery.objects.values_list("status", "reason"))
    assert all(
        status == DeliveryStatus.FAILED and "به سرور ایمیل دسترسی نبود" in reason
        for status, reason in reasons
    )


def test_unsubscribe_is_signed_and_honoured(
    client,
    client_for,
    rudsar,
    rudsar_reporter,
    rudsar_head,
    two_journalists,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    item = _release(rudsar, rudsar_reporter, rudsar_head)
    samira = two_journalists[0]
    url = f"/press/unsubscribe/{samira.unsubscribe_token()}/"
    assert client.get("/press/unsubscribe/forged-token/").status_code == 404
    assert "لغو شود" in client.get(url).content.decode()
    page = client.post(url).content.decode()  # works without a session or CSRF token
    assert "فرستاده نمی‌شود" in page
    samira.refresh_from_db()
    assert samira.unsubscribed_at is not None
    # She is no longer offered, and a forged POST including her is skipped.
    form_page = client_for(rudsar_head).get(f"/office/news/{item.pk}/distribute/").content.decode()
    assert "سمیرا احمدی" not in form_page and "کیوان رستمی" in form_page
    from ravabet.media.actions import distribute_release

    with django_capture_on_commit_callbacks(execute=True):
        distribute_release(item, two_journalists, rudsar_head, "http://testserver/")
    run_tasks()
    assert [m["X-Envelope-To"] for m in smtp_server.messages] == ["keyvan@example.org"]
    assert Delivery.objects.get(email="samira@example.org").status == DeliveryStatus.SKIPPED


def test_only_published_items_and_own_journalists(
    client_for, rudsar, rudsar_reporter, rudsar_head, lahijan_head, two_journalists
):
    draft = make_item(rudsar, rudsar_reporter)
    page = (
        client_for(rudsar_head)
        .post(
            f"/office/news/{draft.pk}/distribute/",
            {"journalists": [two_journalists[0].pk]},
            follow=True,
        )
        .content.decode()
    )
    assert "فقط خبر منتشرشده" in page
    assert not Distribution.objects.exists()
    item = _release(rudsar, rudsar_reporter, rudsar_head)
    assert client_for(lahijan_head).get(f"/office/news/{item.pk}/distribute/").status_code == 404
    page = client_for(rudsar_head).post(f"/office/news/{item.pk}/distribute/", {}).content.decode()
    assert "دست‌کم یک خبرنگار انتخاب کنید" in page


def test_distribution_page_access(
    client_for,
    rudsar,
    rudsar_reporter,
    rudsar_head,
    lahijan_head,
    two_journalists,
    django_capture_on_commit_callbacks,
):
    item = _release(rudsar, rudsar_reporter, rudsar_head)
    send(client_for(rudsar_head), item, two_journalists, django_capture_on_commit_callbacks)
    distribution = Distribution.objects.get()
    assert (
        client_for(lahijan_head).get(f"/office/media/distributions/{distribution.pk}/").status_code
        == 404
    )
    assert (
        client_for(lahijan_head)
        .post(f"/office/media/distributions/{distribution.pk}/retry/")
        .status_code
        == 404
    )
