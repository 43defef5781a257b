"""Writing, approval and publication through the staff pages, with the access rules."""

from __future__ import annotations

from datetime import timedelta

import jdatetime
import pytest
from django.utils import timezone

from ravabet.lib.jalali import TEHRAN
from ravabet.newsroom.models import NewsItem, Revision, Status

from .conftest import make_item

NEW_ITEM = {
    "kind": "news",
    "category": "urban_services",
    "surtitle": "شهردار رودسر خبر داد",
    "title": "آغاز لایروبی رودخانه پلرود پیش از بارندگی‌های پاییزی",
    "lead": "عملیات لایروبی رودخانه پلرود از امروز آغاز شد.",
    "body": (
        "این عملیات دو هفته طول می‌کشد.\n\nشهروندان از توقف خودرو در حاشیه رودخانه خودداری کنند."
    ),
    "tags": "لایروبی، رودخانه",
}


def test_reporter_writes_a_draft_and_a_revision_is_kept(client_for, rudsar_reporter, rudsar):
    client = client_for(rudsar_reporter)
    response = client.post("/office/m/rudsar/news/new/", NEW_ITEM)
    item = NewsItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/office/news/{item.pk}/"
    assert item.status == Status.DRAFT
    assert item.author == rudsar_reporter
    assert item.body == (
        "<p>این عملیات دو هفته طول می‌کشد.</p><p>شهروندان از توقف خودرو در حاشیه رودخانه "
        "خودداری کنند.</p>"
    )
    assert item.tag_list == ["لایروبی", "رودخانه"]
    assert list(item.revisions.values_list("number", "title")) == [(1, NEW_ITEM["title"])]
    page = client.get(f"/office/news/{item.pk}/").content.decode()
    assert NEW_ITEM["title"] in page
    assert "ارسال برای بررسی" in page  # "Send for review"


def test_every_edit_keeps_a_revision(client_for, rudsar_reporter, rudsar_draft):
    client = client_for(rudsar_reporter)
    client.post(f"/office/news/{rudsar_draft.pk}/edit/", NEW_ITEM | {"title": "عنوان دوم"})
    client.post(f"/office/news/{rudsar_draft.pk}/edit/", NEW_ITEM | {"title": "عنوان سوم"})
    assert list(Revision.objects.filter(item=rudsar_draft).values_list("number", "title")) == [
        (3, "عنوان سوم"),
        (2, "عنوان دوم"),
        (1, rudsar_draft.title),
    ]


def test_script_and_onerror_never_reach_a_page(client_for, rudsar_reporter, rudsar_head, citizen):
    client = client_for(rudsar_reporter)
    body = (
        '<p>متن خبر</p><script>alert("x")</script><img src=x onerror="alert(1)">'
        '<p onclick="steal()">پاراگراف <a href="javascript:alert(1)">پیوند</a></p>'
    )
    response = client.post("/office/m/rudsar/news/new/", NEW_ITEM | {"body": body}, follow=True)
    assert "بخش‌های ناامن متن" in response.content.decode()
    item = NewsItem.objects.get()
    for bad in ("<script", "onerror", "onclick", "javascript:", "<img"):
        assert bad not in item.body
    assert "<p>متن خبر</p>" in item.body
    head = client_for(rudsar_head)
    head.post(f"/office/news/{item.pk}/approve/")
    head.post(f"/office/news/{item.pk}/publish/", {"at": ""})
    for url in (f"/office/news/{item.pk}/", f"/m/rudsar/news/{item.pk}/"):
        page = (head if url.startswith("/office") else citizen).get(url).content.decode()
        assert "alert(" not in page and "onerror" not in page and "steal()" not in page


def test_the_head_approves_and_publishes(client_for, rudsar_head, rudsar_draft):
    client = client_for(rudsar_head)
    client.post(f"/office/news/{rudsar_draft.pk}/submit/")
    rudsar_draft.refresh_from_db()
    assert rudsar_draft.status == Status.IN_REVIEW
    client.post(f"/office/news/{rudsar_draft.pk}/approve/")
    rudsar_draft.refresh_from_db()
    assert (rudsar_draft.status, rudsar_draft.approved_by) == (Status.APPROVED, rudsar_head)
    client.post(f"/office/news/{rudsar_draft.pk}/publish/", {"at": ""})
    rudsar_draft.refresh_from_db()
    assert rudsar_draft.status == Status.PUBLISHED
    assert rudsar_draft.published_at is not None


def test_publishing_without_approval_is_refused_with_a_message(
    client_for, rudsar_head, rudsar_draft
):
    response = client_for(rudsar_head).post(
        f"/office/news/{rudsar_draft.pk}/publish/", {"at": ""}, follow=True
    )
    assert "هنوز تأیید نشده" in response.content.decode()
    rudsar_draft.refresh_from_db()
    assert rudsar_draft.status == Status.DRAFT
    assert rudsar_draft.published_at is None


def test_a_reporter_cannot_approve_or_publish(client_for, rudsar_reporter, rudsar_draft):
    client = client_for(rudsar_reporter)
    assert client.post(f"/office/news/{rudsar_draft.pk}/approve/").status_code == 403
    assert client.post(f"/office/news/{rudsar_draft.pk}/publish/").status_code == 403
    assert client.post(f"/office/news/{rudsar_draft.pk}/withdraw/").status_code == 403
    rudsar_draft.refresh_from_db()
    assert rudsar_draft.status == Status.DRAFT


def test_a_manager_reads_but_does_not_write(client_for, lahijan_manager, lahijan, lahijan_head):
    item = make_item(lahijan, lahijan_head)
    client = client_for(lahijan_manager)
    assert client.get(f"/office/news/{item.pk}/").status_code == 200
    assert client.get("/office/m/lahijan/news/").status_code == 200
    assert client.get(f"/office/news/{item.pk}/edit/").status_code == 403
    assert client.post(f"/office/news/{item.pk}/submit/").status_code == 403
    assert client.get("/office/m/lahijan/news/new/").status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/office/news/{pk}/",
        "/office/news/{pk}/edit/",
        "/office/news/{pk}/revisions/",
    ],
)
def test_another_municipality_gets_404(client_for, lahijan_head, rudsar_draft, url):
    assert client_for(lahijan_head).get(url.format(pk=rudsar_draft.pk)).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "submit",
        "approve",
        "publish",
        "withdraw",
        "photos",
        "channel",
        "revisions/1/restore",
        "return",
        "edit",
    ],
)
def test_another_municipality_cannot_post(client_for, lahijan_head, rudsar_draft, url):
    response = client_for(lahijan_head).post(f"/office/news/{rudsar_draft.pk}/{url}/")
    assert response.status_code == 404


def test_another_municipalitys_newsroom_is_404(client_for, lahijan_head, rudsar, observer):
    assert client_for(lahijan_head).get("/office/m/rudsar/news/").status_code == 404
    assert client_for(observer).get("/office/m/rudsar/news/").status_code == 404
    assert client_for(lahijan_head).get("/office/m/rudsar/news/new/").status_code == 404
    assert client_for(lahijan_head).get("/office/m/rudsar/news/import/").status_code == 404
    assert client_for(lahijan_head).post("/office/m/rudsar/news/import/").status_code == 404


def test_anonymous_is_sent_to_login(citizen, rudsar_draft):
    response = citizen.get(f"/office/news/{rudsar_draft.pk}/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_staff_list_filters_and_htmx_partial(client_for, rudsar_head, rudsar, rudsar_reporter):
    make_item(rudsar, rudsar_reporter, title="خبر اول درباره پارک")
    second = make_item(rudsar, rudsar_reporter, title="خبر دوم درباره ترافیک")
    client = client_for(rudsar_head)
    client.post(f"/office/news/{second.pk}/submit/")
    response = client.get("/office/m/rudsar/news/?status=in_review", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page and 'id="news-rows"' in page
    assert "خبر دوم" in page and "خبر اول" not in page
    full = client.get("/office/m/rudsar/news/?q=پارک").content.decode()
    assert "<html" in full and "خبر اول" in full and "خبر دوم" not in full


def test_staff_list_query_count_does_not_grow(
    client_for, rudsar_head, rudsar, rudsar_reporter, django_assert_max_num_queries
):
    for n in range(12):
        make_item(rudsar, rudsar_reporter, title=f"خبر شماره {n}")
    client = client_for(rudsar_head)
    with django_assert_max_num_queries(12):
        assert client.get("/office/m/rudsar/news/").status_code == 200


def test_scheduled_publication_runs_once_at_the_jalali_time(
    client_for, rudsar_head, rudsar_draft, run_tasks, django_capture_on_commit_callbacks
):
    client = client_for(rudsar_head)
    client.post(f"/office/news/{rudsar_draft.pk}/approve/")
    later = (timezone.now() + timedelta(minutes=2)).astimezone(TEHRAN)
    typed = jdatetime.datetime.fromgregorian(datetime=later).strftime("%Y/%m/%d %H:%M")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/office/news/{rudsar_draft.pk}/publish/", {"at": typed})
    assert response.status_code == 302
    rudsar_draft.refresh_from_db()
    assert rudsar_draft.status == Status.APPROVED
    assert rudsar_draft.publish_at is not None
    assert abs((rudsar_draft.publish_at - later).total_seconds()) < 60
    run_tasks()  # not due yet: nothing happens
    rudsar_draft.refresh_from_db()
    assert rudsar_draft.status == Status.APPROVED
    # The moment comes: the task publishes it, once.
    from ravabet.newsroom.actions import publish_if_due

    NewsItem.objects.filter(pk=rudsar_draft.pk).update(
        publish_at=timezone.now() - timedelta(seconds=1)
    )
    assert publish_if_due(rudsar_draft.pk) is True
    assert publish_if_due(rudsar_draft.pk) is False
    rudsar_draft.refresh_from_db()
    assert rudsar_draft.status == Status.PUBLISHED


@pytest.mark.db_queue
def test_scheduled_task_publishes_through_the_worker(
    rudsar_head, rudsar_draft, run_tasks, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from ravabet.newsroom.actions import approve_item, publish_item

    approve_item(rudsar_draft, rudsar_head)
    with django_capture_on_commit_callbacks(execute=True):
        publish_item(rudsar_draft, rudsar_head, at=timezone.now() + timedelta(hours=1))
    # Move the queued task (and the schedule) into the past, as if the hour had passed.
    NewsItem.objects.filter(pk=rudsar_draft.pk).update(publish_at=timezone.now())
    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))
    assert run_tasks() == 1
    rudsar_draft.refresh_from_db()
    assert rudsar_draft.status == Status.PUBLISHED


def test_a_past_schedule_is_refused(client_for, rudsar_head, rudsar_draft):
    client = client_for(rudsar_head)
    client.post(f"/office/news/{rudsar_draft.pk}/approve/")
    response = client.post(f"/office/news/{rudsar_draft.pk}/publish/", {"at": "1400/01/01 10:00"})
    assert response.status_code == 400
    assert "گذشته" in response.content.decode()
    rudsar_draft.refresh_from_db()
    assert rudsar_draft.status == Status.APPROVED


def test_withdrawal_needs_a_reason_and_shows_the_correction(
    client_for, rudsar_head, rudsar_published, citizen
):
    client = client_for(rudsar_head)
    response = client.post(f"/office/news/{rudsar_published.pk}/withdraw/", {"reason": ""})
    assert response.status_code == 400
    rudsar_published.refresh_from_db()
    assert rudsar_published.status == Status.PUBLISHED
    client.post(
        f"/office/news/{rudsar_published.pk}/withdraw/",
        {"reason": "رقم اعتبار نادرست بود", "correction": "اعتبار پروژه ۱۰ میلیارد ریال است."},
    )
    rudsar_published.refresh_from_db()
    assert rudsar_published.status == Status.WITHDRAWN
    page = citizen.get(f"/m/rudsar/news/{rudsar_published.pk}/").content.decode()
    assert "اعتبار پروژه ۱۰ میلیارد ریال است." in page
    assert rudsar_published.title not in citizen.get("/m/rudsar/news/").content.decode()


def test_editing_after_approval_returns_to_review(
    client_for, rudsar_reporter, rudsar_head, rudsar_draft
):
    client_for(rudsar_head).post(f"/office/news/{rudsar_draft.pk}/approve/")
    client_for(rudsar_reporter).post(f"/office/news/{rudsar_draft.pk}/edit/", NEW_ITEM)
    rudsar_draft.refresh_from_db()
    assert rudsar_draft.status == Status.IN_REVIEW


def test_a_reporter_cannot_edit_a_published_item(client_for, rudsar_reporter, rudsar_published):
    assert (
        client_for(rudsar_reporter).get(f"/office/news/{rudsar_published.pk}/edit/").status_code
        == 403
    )


def test_the_database_refuses_an_unknown_status(rudsar_draft):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        NewsItem.objects.filter(pk=rudsar_draft.pk).update(status="lost")
    with pytest.raises(IntegrityError), transaction.atomic():
        NewsItem.objects.filter(pk=rudsar_draft.pk).update(status=Status.PUBLISHED)
