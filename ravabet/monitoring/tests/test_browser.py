"""Done when (issue 14): the Rudsar PR head adds a feed served by the test server; its items
arrive through the worker; a mention of the Rudsar mayor written with Arabic ي and no
ZWNJ is found; three wire copies form one cluster; a press release distributed earlier
shows two pickups; the daily bulletin reaches the test SMTP server."""

from __future__ import annotations

import datetime as dt
import re
from email.utils import format_datetime

import pytest
from django.utils import timezone

from ravabet.conftest import PASSWORD, screenshot
from ravabet.media.actions import distribute_release
from ravabet.media.models import Distribution, Journalist
from ravabet.monitoring.actions import save_watch
from ravabet.monitoring.models import Cluster, Item, Mention, Pickup
from ravabet.monitoring.tests.conftest import MAYOR_ARABIC, STORY, Route, rss
from ravabet.newsroom.models import Kind, NewsItem, Status

pytestmark = pytest.mark.browser

RELEASE_LEAD = "شهرداری رودسر از آغاز عملیات لکه‌گیری و آسفالت معابر اصلی شهر از روز شنبه خبر داد."
RELEASE_BODY = (
    "<p>به گزارش روابط عمومی شهرداری رودسر، معاون خدمات شهری شهرداری گفت در این مرحله بیش "
    "از دوازده هزار متر مربع از معابر فرسوده خیابان امام، بلوار ساحلی و کوچه‌های محله "
    "چاکسر لکه‌گیری و روکش می‌شود و کار تا پایان ماه ادامه دارد.</p><p>وی از شهروندان خواست "
    "در روزهای اجرای طرح از پارک خودرو در حاشیه این معابر خودداری کنند و افزود برنامه "
    "زمان‌بندی هر خیابان در صفحه شهرداری منتشر می‌شود.</p>"
)
RELEASE_TEXT = (
    "معاون خدمات شهری شهرداری گفت در این مرحله بیش از دوازده هزار متر مربع از معابر فرسوده "
    "خیابان امام، بلوار ساحلی و کوچه‌های محله چاکسر لکه‌گیری و روکش می‌شود و کار تا پایان "
    "ماه ادامه دارد. وی از شهروندان خواست در روزهای اجرای طرح از پارک خودرو در حاشیه این "
    "معابر خودداری کنند و افزود برنامه زمان‌بندی هر خیابان در صفحه شهرداری منتشر می‌شود."
)


def log_in(page, user) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/office/"))


def _feed(server_url: str, now: dt.datetime) -> bytes:
    def at(hours: float) -> str:
        return format_datetime(now - dt.timedelta(hours=hours))

    story = STORY.format(mayor="شهردار رودسر")
    items = [
        {
            "title": "دیدار شهردار با کسبه بازار",
            "link": "http://gilan-emrooz.test/news/101",
            "date": at(5),
            "summary": f"{MAYOR_ARABIC} شهردار رودسر امروز با کسبه بازار روز دیدار کرد.",
        },
        # One story, three agencies: another headline, a new lead, paragraphs cut.
        {
            "title": "پیاده‌راه ساحلی رودسر تا پایان پاییز",
            "link": "http://irna-gilan.test/news/201",
            "date": at(4),
            "summary": story,
        },
        {
            "title": "بخش نخست پیاده‌راه برای نوروز آماده است",
            "link": "http://sharghe-gilan.test/news/202",
            "date": at(3),
            "summary": "رودسر - خبرنگار ما: " + story[: int(len(story) * 0.8)],
        },
        {
            "title": "۱۲۰ میلیارد ریال برای پیاده‌راه ساحلی",
            "link": "http://rudsar-khabar.test/news/203",
            "date": at(2),
            "summary": "به گزارش رودسر خبر، " + story[40:],
        },
        # The press release, carried by two outlets (one in part).
        {
            "title": "آغاز لکه‌گیری معابر رودسر",
            "link": "http://irna-gilan.test/news/301",
            "date": at(1.5),
            "summary": RELEASE_LEAD + " " + RELEASE_TEXT,
        },
        {
            "title": "آسفالت معابر اصلی رودسر",
            "link": "http://gilan-emrooz.test/news/302",
            "date": at(1),
            "summary": "شهرداری رودسر اعلام کرد: " + RELEASE_TEXT[:260],
        },
    ]
    return rss(items, title="گیل خبر")


def test_the_pr_head_adds_a_feed_and_reads_what_the_press_says(
    page, transactional_db, rudsar, rudsar_head, smtp_server, run_tasks, feed_server, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.MONITORING_READ_TIMEOUT = 0.5
    rudsar_head.email = "head@rudsar.test"
    rudsar_head.save(update_fields=["email"])
    save_watch(rudsar, name="شهردار رودسر", kind="mayor", aliases=["مهدی رحیمی‌پور"])
    save_watch(rudsar, name="شهرداری رودسر", kind="municipality", aliases=[])
    now = timezone.now()
    release = NewsItem.objects.create(
        municipality=rudsar,
        author=rudsar_head,
        kind=Kind.PRESS_RELEASE,
        title="آغاز عملیات لکه‌گیری و آسفالت معابر اصلی رودسر",
        lead=RELEASE_LEAD,
        body=RELEASE_BODY,
        status=Status.PUBLISHED,
        published_at=now - dt.timedelta(hours=3),
    )
    journalist = Journalist.objects.create(
        municipality=rudsar, name="سارا احمدی", email="sara@example.org", consent=True
    )
    distribution = distribute_release(release, [journalist], rudsar_head, page.base)
    Distribution.objects.filter(pk=distribution.pk).update(created_at=now - dt.timedelta(hours=2))
    feed_server.add("/rss/all.xml", Route(_feed(feed_server.url, now)))
    feed_server.add(
        "/",
        Route(
            b'<html><head><link rel="alternate" type="application/rss+xml" '
            b'title="RSS" href="/rss/all.xml"></head><body></body></html>',
            content_type="text/html; charset=utf-8",
        ),
    )

    log_in(page, rudsar_head)
    page.goto(page.base + "/office/m/rudsar/monitoring/sources/")
    page.fill("input[name=url]", feed_server.url + "/")
    page.get_by_test_id("save-source").click()
    page.wait_for_url(re.compile(r"/office/monitoring/sources/\d+/$"))
    assert "گیل خبر" in page.locator("h1").inner_text()

    run_tasks()  # the worker reads the feed, then (a second batch) the full texts
    run_tasks()
    assert Item.objects.count() == 6
    page.reload()
    assert page.get_by_test_id("item-count").inner_text() == "۶"

    # The mayor, written with Arabic yeh and without the ZWNJ, is found.
    mayor = Mention.objects.get(
        watch__name="شهردار رودسر", item__title="دیدار شهردار با کسبه بازار"
    )
    assert MAYOR_ARABIC in mayor.snippet
    page.goto(page.base + "/office/m/rudsar/monitoring/")
    mentions = page.get_by_test_id("mentions").inner_text()
    assert "دیدار شهردار با کسبه بازار" in mentions
    screenshot(page, "monitoring-mentions-desktop")

    # Three wire copies: one story, three outlets.
    cluster = Cluster.objects.get(item_count=3)
    assert cluster.outlet_count == 3
    assert cluster.first_item == Item.objects.get(url__endswith="/news/201")
    page.goto(page.base + f"/office/m/rudsar/monitoring/items/{cluster.first_item_id}/")
    assert page.get_by_test_id("cluster").locator("li").count() == 3

    # The release distributed earlier: two pickups, on the distribution page.
    assert Pickup.objects.filter(release=release).count() == 2
    page.goto(page.base + distribution.get_office_url())
    summary = page.get_by_test_id("pickup-summary").inner_text()
    assert "۲" in summary
    screenshot(page, "monitoring-pickups-desktop")

    # The daily bulletin, to a subscriber, through the outbox.
    # The bulletin of the day the story broke, in Tehran: "today" would miss it in the
    # hours after Tehran's midnight (20:30 UTC), when the story is yesterday's.
    story_day = timezone.localtime(now - dt.timedelta(hours=4)).date()
    page.goto(page.base + f"/office/m/rudsar/monitoring/bulletin/?day={story_day.isoformat()}")
    page.get_by_test_id("subscribe").click()
    page.wait_for_url(re.compile(r"/bulletin/"))
    page.goto(page.base + f"/office/m/rudsar/monitoring/bulletin/?day={story_day.isoformat()}")
    page.get_by_test_id("send-bulletin").click()
    page.wait_for_url(re.compile(r"/bulletin/\?day="))
    run_tasks()
    bulletins = [m for m in smtp_server.messages if "head@rudsar.test" in m["X-Envelope-To"]]
    assert len(bulletins) == 1
    html = bulletins[0].get_body(("html",)).get_content()
    assert 'dir="rtl"' in html and "پیاده‌راه ساحلی رودسر تا پایان پاییز" in html
    assert page.console_errors == []
