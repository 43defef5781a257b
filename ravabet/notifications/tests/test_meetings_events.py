"""Resolutions, progress, comments on minutes and a meeting's news draft tell the people
who answer for them, and no one in another municipality."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ravabet.lib.jalali import format_numeric
from ravabet.meetings import news
from ravabet.meetings.models import Resolution
from ravabet.newsroom.models import NewsItem
from ravabet.notifications.models import Kind, Notification
from ravabet.notifications.tasks import notify_deadlines

from .conftest import told


def test_a_resolution_given_to_a_municipality_tells_its_pr_head(
    client_for, lahijan_head, rudsar_head, rudsar_reporter, kelachay_head, held, rudsar
):
    Notification.objects.all().delete()  # the fixture's own resolutions
    response = client_for(lahijan_head).post(
        f"/office/meetings/{held.pk}/resolutions/",
        {
            "text": "برگزاری دوره آموزش عکاسی خبری",
            "owner_kind": "municipality",
            "owner_municipality": rudsar.pk,
            "deadline": format_numeric(timezone.localdate() + dt.timedelta(days=40)),
        },
    )
    assert response.status_code == 302
    resolution = Resolution.objects.get(text="برگزاری دوره آموزش عکاسی خبری")
    assert told(rudsar_head) == [(Kind.RESOLUTION_ASSIGNED, resolution.pk)]
    assert told(rudsar_reporter) == told(kelachay_head) == told(lahijan_head) == []
    assert Notification.objects.get().url == f"/office/resolutions/{resolution.pk}/"


def test_near_and_past_the_deadline_told_once_each(
    held, rudsar_head, lahijan_head, kelachay_head, rudsar_resolution
):
    Notification.objects.all().delete()
    today = timezone.localdate()
    Resolution.objects.filter(pk=rudsar_resolution.pk).update(deadline=today + dt.timedelta(days=2))
    notify_deadlines()
    notify_deadlines()
    assert told(rudsar_head) == [(Kind.RESOLUTION_DUE_SOON, rudsar_resolution.pk)]
    Resolution.objects.filter(pk=rudsar_resolution.pk).update(deadline=today - dt.timedelta(days=1))
    notify_deadlines(today)
    notify_deadlines(today)
    assert told(rudsar_head) == [
        (Kind.RESOLUTION_DUE_SOON, rudsar_resolution.pk),
        (Kind.RESOLUTION_OVERDUE, rudsar_resolution.pk),
    ]
    assert told(kelachay_head) == []
    # The secretariat's own resolution (due in 30 days) is not near yet.
    assert told(lahijan_head) == []


def test_progress_tells_the_secretariat(
    client_for, rudsar_head, lahijan_head, secretary, rudsar_resolution
):
    Notification.objects.all().delete()
    response = client_for(rudsar_head).post(
        f"/office/resolutions/{rudsar_resolution.pk}/",
        {"text": "فهرست تجربه‌ها گردآوری شد.", "status": "in_progress"},
    )
    assert response.status_code == 302
    assert (
        told(lahijan_head) == told(secretary) == [(Kind.RESOLUTION_PROGRESS, rudsar_resolution.pk)]
    )
    assert told(rudsar_head) == []


def test_a_comment_on_the_minutes_tells_the_secretariat(
    client_for, rudsar_head, lahijan_head, secretary, kelachay_head, held
):
    Notification.objects.all().delete()
    client_for(rudsar_head).post(
        f"/office/meetings/{held.pk}/comments/", {"text": "نام شهرداری رودبنه جا افتاده است."}
    )
    assert told(lahijan_head) == told(secretary) == [(Kind.MINUTES_COMMENT, held.pk)]
    assert told(rudsar_head) == told(kelachay_head) == []
    assert (
        Notification.objects.filter(user=secretary).get().url
        == f"/office/meetings/{held.pk}/#comments"
    )


def test_a_draft_from_the_meetings_record_tells_the_hosts_newsroom_and_links_only_for_it(
    client_for, secretary, lahijan_head, lahijan_manager, rudsar_head, held
):
    """Issue 11, 3.4: sent by secretariat staff who work for no newsroom, the link was a 404
    for them and nobody in the host's newsroom was told."""
    Notification.objects.all().delete()
    news.store_draft(held)
    url = f"/office/meetings/{held.pk}/news/"
    sender = client_for(secretary)
    assert sender.post(url, {"to_newsroom": "1"}).status_code == 302
    item = NewsItem.objects.get()
    assert told(lahijan_head) == [(Kind.NEWS_DRAFT_ARRIVED, item.pk)]
    assert told(secretary) == told(rudsar_head) == told(lahijan_manager) == []
    page = sender.get(url).content.decode()
    assert item.get_office_url() not in page  # no link that is a 404 for them
    assert item.title in page
    # The host's PR head opens the notification and lands on the item.
    head = client_for(lahijan_head)
    notification = Notification.objects.get()
    landing = head.get(f"/office/notifications/{notification.pk}/", follow=True)
    assert landing.status_code == 200 and landing.redirect_chain[-1][0] == item.get_office_url()
    assert item.get_office_url() in head.get(url).content.decode()
    # The item's author is the secretary, who is not told of its later steps either.
    head.post(f"/office/news/{item.pk}/approve/")
    assert told(secretary) == []
