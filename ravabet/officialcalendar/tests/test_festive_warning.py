"""Festive news published on a day of mourning gets a warning that names the day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ravabet.lib import jalali
from ravabet.newsroom.actions import approve_item, save_news_item
from ravabet.newsroom.models import NewsItem, Status
from ravabet.officialcalendar.official import OfficialCalendar

pytestmark = pytest.mark.django_db


def approved(rudsar, reporter, head, *, festive: bool) -> NewsItem:  # type: ignore[no-untyped-def]
    item = save_news_item(
        NewsItem(
            municipality=rudsar,
            title="جشن بازگشایی بوستان ساحلی",
            lead="بوستان ساحلی رودسر با جشنی برای شهروندان بازگشایی می‌شود.",
            festive=festive,
        ),
        reporter,
    )
    approve_item(item, head)
    return item


def next_khordad_14() -> dt.date:
    """The next 14 Khordad (a Jalali date: never an estimate)."""
    year = jalali.to_jalali(timezone.localdate())[0]
    day = jalali.from_jalali(year, 3, 14)
    return day if day > timezone.localdate() else jalali.from_jalali(year + 1, 3, 14)


def test_scheduling_festive_news_on_a_day_of_mourning_warns_and_names_the_day(
    client_for, rudsar, rudsar_reporter, rudsar_head
) -> None:  # type: ignore[no-untyped-def]
    item = approved(rudsar, rudsar_reporter, rudsar_head, festive=True)
    day = next_khordad_14()
    response = client_for(rudsar_head).post(
        reverse("newsroom:publish", args=[item.pk]),
        {"at": f"{jalali.format_numeric(day)} 10:00"},
        follow=True,
    )
    html = response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.APPROVED and item.publish_at is not None  # scheduled anyway
    assert "رحلت حضرت امام خمینی" in html
    assert jalali.format_date(day, weekday=True) in html
    assert 'class="message warning"' in html


def test_news_not_marked_festive_gets_no_warning(
    client_for, rudsar, rudsar_reporter, rudsar_head
) -> None:  # type: ignore[no-untyped-def]
    item = approved(rudsar, rudsar_reporter, rudsar_head, festive=False)
    day = next_khordad_14()
    html = (
        client_for(rudsar_head)
        .post(
            reverse("newsroom:publish", args=[item.pk]),
            {"at": f"{jalali.format_numeric(day)} 10:00"},
            follow=True,
        )
        .content.decode()
    )
    assert 'class="message warning"' not in html


def test_festive_news_published_now_on_an_ordinary_day_gets_no_warning(
    client_for, rudsar, rudsar_reporter, rudsar_head
) -> None:  # type: ignore[no-untyped-def]
    if OfficialCalendar.for_municipality(rudsar).mourning_on(timezone.localdate()):
        pytest.skip("today is a day of mourning")
    item = approved(rudsar, rudsar_reporter, rudsar_head, festive=True)
    html = (
        client_for(rudsar_head)
        .post(reverse("newsroom:publish", args=[item.pk]), {"at": ""}, follow=True)
        .content.decode()
    )
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert 'class="message warning"' not in html


def test_the_festive_flag_is_on_the_news_form(client_for, rudsar, rudsar_reporter) -> None:  # type: ignore[no-untyped-def]
    html = (
        client_for(rudsar_reporter).get(reverse("newsroom:new", args=["rudsar"])).content.decode()
    )
    assert 'name="festive"' in html
