"""Each step of a news item tells exactly the people it waits on, in its own municipality."""

from __future__ import annotations

from ravabet.newsroom.models import NewsItem
from ravabet.notifications.models import Kind, Notification

from .conftest import make_item, told


def test_submitting_tells_the_pr_head_only(
    client_for, rudsar_reporter, rudsar_head, rudsar_staff2, lahijan_head, kelachay_head, rudsar
):
    item = make_item(rudsar, rudsar_reporter)
    response = client_for(rudsar_reporter).post(f"/office/news/{item.pk}/submit/")
    assert response.status_code == 302
    assert told(rudsar_head) == [(Kind.NEWS_SUBMITTED, item.pk)]
    # Not the reporter who submitted, not other staff, not another municipality's head.
    assert told(rudsar_reporter) == told(rudsar_staff2) == []
    assert told(lahijan_head) == told(kelachay_head) == []
    notification = Notification.objects.get()
    assert notification.actor == rudsar_reporter
    assert notification.url == f"/office/news/{item.pk}/"


def test_returned_approved_and_published_tell_the_author(
    client_for, rudsar_reporter, rudsar_head, rudsar
):
    item = make_item(rudsar, rudsar_reporter)
    head = client_for(rudsar_head)
    client_for(rudsar_reporter).post(f"/office/news/{item.pk}/submit/")
    head.post(f"/office/news/{item.pk}/return/")
    client_for(rudsar_reporter).post(f"/office/news/{item.pk}/submit/")
    head.post(f"/office/news/{item.pk}/approve/")
    head.post(f"/office/news/{item.pk}/publish/", {"at": ""})
    assert NewsItem.objects.get().status == "published"
    assert [k for k, _pk in told(rudsar_reporter)] == [
        Kind.NEWS_RETURNED,
        Kind.NEWS_APPROVED,
        Kind.NEWS_PUBLISHED,
    ]
    # Submitted twice (after the return): two occasions, two notifications for the head.
    assert [k for k, _pk in told(rudsar_head)] == [Kind.NEWS_SUBMITTED, Kind.NEWS_SUBMITTED]


def test_the_head_approving_their_own_item_tells_nobody(client_for, rudsar_head, rudsar):
    item = make_item(rudsar, rudsar_head)
    client_for(rudsar_head).post(f"/office/news/{item.pk}/approve/")
    assert Notification.objects.count() == 0


def test_the_sentence_is_in_the_readers_language(client_for, rudsar_reporter, rudsar_head, rudsar):
    item = make_item(rudsar, rudsar_reporter, title="جشنواره گل")
    client_for(rudsar_reporter).post(f"/office/news/{item.pk}/submit/")
    head = client_for(rudsar_head)
    persian = head.get("/office/notifications/").content.decode()
    assert "برای بررسی" in persian and "جشنواره گل" in persian
    head.cookies["django_language"] = "en"
    english = head.get("/office/notifications/").content.decode()
    assert "sent the news item" in english and "for your review" in english
    assert "<bdi>جشنواره گل</bdi>" in english
