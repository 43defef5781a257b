"""Feeds read from a real HTTP server in this process: every dialect and every failure."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.exceptions import ValidationError

from ravabet.lib import jalali
from ravabet.monitoring import pipeline
from ravabet.monitoring.actions import add_source
from ravabet.monitoring.fetcher import MAX_BYTES
from ravabet.monitoring.models import MIN_POLL, Cluster, FullText, Item, Mention, Source
from ravabet.monitoring.tests.conftest import MAYOR_ARABIC, STORY, Route, atom, rss

pytestmark = pytest.mark.django_db

RFC = "Mon, 30 Nov 2026 08:15:00 +0000"


def poll(source: Source) -> pipeline.Read:
    result = pipeline.poll_source(source)
    source.refresh_from_db()
    return result


def test_rss_items_are_stored_once_and_the_mayor_is_found_in_arabic_spelling(
    feed_server, rudsar, mayor_watch, make_source
) -> None:
    body = rss(
        [
            {
                "title": "بازدید شهردار از پیاده‌راه ساحلی",
                "link": feed_server.url + "/a/1?utm_source=rss",
                "date": RFC,
                "summary": STORY.format(mayor=MAYOR_ARABIC),
            },
            {
                "title": "برگزاری جشنواره برنج",
                "link": feed_server.url + "/a/2",
                "date": RFC,
                "summary": "جشنواره برنج در آستانه اشرفیه برگزار شد.",
            },
        ]
    )
    source = make_source(rudsar, feed_server.add("/rss.xml", Route(body)))
    first = poll(source)
    assert (first.new, first.mentions) == (2, 1)
    assert source.item_count == 2 and source.last_success_at and not source.last_error
    mention = Mention.objects.get()
    assert mention.watch == mayor_watch and mention.municipality == rudsar
    assert "رحیمیپور" in mention.alias and MAYOR_ARABIC in mention.snippet
    item = mention.item
    assert item.published_at == dt.datetime(2026, 11, 30, 8, 15, tzinfo=dt.UTC)
    assert not item.date_guessed and item.fulltext == FullText.PENDING
    assert Item.objects.get(title="برگزاری جشنواره برنج").fulltext == FullText.NOT_NEEDED
    # Read again: the same two items, nothing stored twice; the interval backs off.
    interval = source.poll_interval
    second = poll(source)
    assert (second.new, second.seen) == (0, 2)
    assert Item.objects.count() == 2 and Mention.objects.count() == 1
    assert source.poll_interval > interval and source.item_count == 2


def test_atom_feed(feed_server, rudsar, make_source) -> None:
    body = atom(
        [
            {"title": "خبر اول", "link": feed_server.url + "/b/1", "date": "2026-11-29T10:00:00Z"},
            {"title": "خبر دوم", "link": feed_server.url + "/b/2", "date": "2026-11-29T11:30:00Z"},
        ]
    )
    source = make_source(
        rudsar, feed_server.add("/atom.xml", Route(body, content_type="application/atom+xml"))
    )
    assert poll(source).new == 2
    assert sorted(Item.objects.values_list("published_at", flat=True)) == [
        dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 29, 11, 30, tzinfo=dt.UTC),
    ]


@pytest.mark.parametrize(
    "written",
    ["۱۴۰۵/۰۹/۰۹ - ۱۱:۴۵", "یکشنبه ۹ آذر ۱۴۰۵ - ۱۱:۴۵", "۹ آذر ۱۴۰۵، ساعت ۱۱:۴۵"],
)
def test_persian_dates_in_both_forms(feed_server, rudsar, make_source, written) -> None:
    body = rss([{"title": "خبر", "link": feed_server.url + "/c/1", "date": written}])
    source = make_source(rudsar, feed_server.add("/fa.xml", Route(body)))
    assert poll(source).new == 1
    item = Item.objects.get()
    assert not item.date_guessed
    local = item.published_at.astimezone(jalali.TEHRAN)
    assert jalali.to_jalali(local.date()) == (1405, 9, 9)
    assert (local.hour, local.minute) == (11, 45)


def test_an_undated_item_takes_the_fetch_time_flagged(feed_server, rudsar, make_source) -> None:
    body = rss([{"title": "بی‌تاریخ", "link": feed_server.url + "/d/1"}])
    source = make_source(rudsar, feed_server.add("/undated.xml", Route(body)))
    before = dt.datetime.now(dt.UTC)
    poll(source)
    item = Item.objects.get()
    assert item.date_guessed and item.published_at >= before - dt.timedelta(seconds=1)


def test_broken_xml_is_an_error_on_the_source(feed_server, rudsar, make_source) -> None:
    source = make_source(
        rudsar, feed_server.add("/broken.xml", Route(b"<rss><channel><item><title>x</ti"))
    )
    assert poll(source).new == 0
    assert "RSS" in source.last_error and source.last_error_at and source.last_success_at is None
    assert source.next_poll_at is not None


def test_a_huge_body_is_cut_at_the_limit(feed_server, rudsar, make_source) -> None:
    source = make_source(rudsar, feed_server.add("/huge.xml", Route(stream=MAX_BYTES + 500_000)))
    poll(source)
    assert "بزرگ" in source.last_error
    declared = feed_server.add("/huge2.xml", Route(b"x", headers={"X-Pad": "1"}, stream=0))
    assert declared


def test_a_redirect_loop_is_an_error(feed_server, rudsar, make_source) -> None:
    feed_server.add("/loop1", Route(status=302, headers={"Location": "/loop2"}))
    feed_server.add("/loop2", Route(status=302, headers={"Location": "/loop1"}))
    source = make_source(rudsar, feed_server.url + "/loop1")
    poll(source)
    assert "حلقه" in source.last_error


def test_a_redirect_is_followed(feed_server, rudsar, make_source) -> None:
    body = rss([{"title": "منتقل شده", "link": feed_server.url + "/e/1", "date": RFC}])
    feed_server.add("/new.xml", Route(body))
    source = make_source(
        rudsar, feed_server.add("/old.xml", Route(status=301, headers={"Location": "/new.xml"}))
    )
    assert poll(source).new == 1


def test_a_wrong_declared_encoding_still_reads_persian(feed_server, rudsar, make_source) -> None:
    body = rss(
        [{"title": "آغاز لایروبی رودخانه", "link": feed_server.url + "/f/1", "date": RFC}],
        encoding="ISO-8859-1",
    )
    source = make_source(
        rudsar,
        feed_server.add(
            "/latin.xml", Route(body, content_type="application/rss+xml; charset=ISO-8859-1")
        ),
    )
    assert poll(source).new == 1
    assert Item.objects.get().title == "آغاز لایروبی رودخانه"


def test_windows_1256_declared_as_utf8(feed_server, rudsar, make_source) -> None:
    # The old code page has the Arabic yeh, not the Persian one.
    text = rss(
        [{"title": "آغاز لايروبي", "link": feed_server.url + "/g/1", "date": RFC}], title="خبرگزاري"
    )
    body = text.decode("utf-8").encode("cp1256")
    source = make_source(rudsar, feed_server.add("/cp.xml", Route(body)))
    assert poll(source).new == 1
    assert Item.objects.get().title == "آغاز لايروبي"


def test_a_slow_feed_times_out_and_does_not_hold_up_the_others(
    feed_server, rudsar, make_source, settings, run_tasks, django_capture_on_commit_callbacks
) -> None:
    from ravabet.monitoring.tasks import poll_due_sources

    good = rss([{"title": "خبر سریع", "link": feed_server.url + "/h/1", "date": RFC}])
    slow = make_source(rudsar, feed_server.add("/slow.xml", Route(good, delay=3)), "کند")
    broken = make_source(rudsar, feed_server.add("/bad.xml", Route(b"<rss")), "خراب")
    fine = make_source(rudsar, feed_server.add("/ok.xml", Route(good)), "سالم")
    with django_capture_on_commit_callbacks(execute=True):
        poll_due_sources.enqueue()
    started = time.monotonic()
    run_tasks()
    run_tasks()
    assert time.monotonic() - started < 8
    for source in (slow, broken, fine):
        source.refresh_from_db()
    assert "به\u200cموقع" in slow.last_error
    assert broken.last_error and fine.last_success_at and fine.item_count == 1
    assert all(s.next_poll_at for s in (slow, broken, fine))


def test_discovery_from_a_page_and_validation(feed_server, rudsar, rudsar_head) -> None:
    body = rss([{"title": "خبر", "link": feed_server.url + "/i/1", "date": RFC}], title="گیل خبر")
    feed_server.add("/feeds/all.xml", Route(body))
    page = (
        b'<html><head><link rel="alternate" type="application/rss+xml" '
        b'href="/feeds/all.xml"></head><body>hi</body></html>'
    )
    feed_server.add("/", Route(page, content_type="text/html; charset=utf-8"))
    source = add_source(rudsar, rudsar_head, feed_server.url + "/")
    assert source.feed_url == feed_server.url + "/feeds/all.xml" and source.name == "گیل خبر"
    feed_server.add("/nofeed", Route(b"<html></html>", content_type="text/html"))
    with pytest.raises(ValidationError, match="معرفی نمی"):
        add_source(rudsar, rudsar_head, feed_server.url + "/nofeed")
    with pytest.raises(ValidationError, match="از پیش"):
        add_source(rudsar, rudsar_head, feed_server.url + "/feeds/all.xml")


def test_private_addresses_are_refused_unless_allowed(settings, rudsar, make_source) -> None:
    settings.MONITORING_ALLOW_PRIVATE = False
    source = make_source(rudsar, "http://127.0.0.1:9/feed.xml")
    poll(source)
    assert "خصوصی" in source.last_error


def test_polling_adapts_within_bounds(rudsar, make_source) -> None:
    source = make_source(rudsar, "http://news.test/rss")
    assert source.next_interval(5) == source.poll_interval // 2
    source.poll_interval = MIN_POLL
    assert source.next_interval(5) == MIN_POLL


def test_wire_copies_form_one_cluster_and_a_rewrite_of_another_story_does_not(
    feed_server, rudsar, make_source
) -> None:
    story = STORY.format(mayor="شهردار")
    lead_cut = "رودسر - خبرنگار ما: " + story[: int(len(story) * 0.75)]
    other = (
        "به گزارش خبرنگار ما از رودسر، اعضای شورای شهر رودسر در جلسه امروز بودجه سال آینده "
        "شهرداری را بررسی کردند و درباره پروژه پیاده‌راه ساحلی و هزینه‌های نگهداری آن "
        "پرسش‌هایی مطرح شد؛ رئیس شورا گفت گزارش پیشرفت طرح باید هر ماه به شورا ارائه شود."
    )
    feeds = {
        "/w1.xml": [
            {
                "title": "آغاز بازسازی پیاده‌راه",
                "link": "http://agency-1.test/w/1",
                "date": "Mon, 30 Nov 2026 08:00:00 +0000",
                "summary": story,
            }
        ],
        "/w2.xml": [
            {
                "title": "پیاده‌راه ساحلی رودسر تا پاییز",
                "link": "http://agency-2.test/w/2",
                "date": "Mon, 30 Nov 2026 09:00:00 +0000",
                "summary": lead_cut,
            }
        ],
        "/w3.xml": [
            {
                "title": "شهردار: پیاده‌راه آماده نوروز",
                "link": "http://agency-3.test/w/3",
                "date": "Mon, 30 Nov 2026 11:00:00 +0000",
                "summary": story[200:],
            },
            {
                "title": "بودجه در شورا",
                "link": "http://agency-3.test/w/4",
                "date": RFC,
                "summary": other,
            },
        ],
    }
    for n, (path, items) in enumerate(feeds.items()):
        poll(make_source(rudsar, feed_server.add(path, Route(rss(items))), f"خبرگزاری {n}"))
    cluster = Cluster.objects.get()
    assert cluster.item_count == 3 and cluster.outlet_count == 3
    assert cluster.first_item == Item.objects.get(url__endswith="/w/1")
    assert cluster.spread == dt.timedelta(hours=3)
    assert Item.objects.get(url__endswith="/w/4").cluster is None
    # The worker starts again: its index is rebuilt from the database and still finds them.
    pipeline.forget_index()
    again = [{"title": "بازنشر", "link": "http://agency-5.test/w/5", "date": RFC, "summary": story}]
    poll(make_source(rudsar, feed_server.add("/w5.xml", Route(rss(again))), "خبرگزاری ۵"))
    cluster.refresh_from_db()
    assert cluster.item_count == 4


def test_full_text_only_for_matched_items_and_it_finds_copies_the_summary_hid(
    feed_server, rudsar, mayor_watch, make_source, run_tasks, django_capture_on_commit_callbacks
) -> None:
    story = STORY.format(mayor=MAYOR_ARABIC)
    page = (
        "<html><head><title>خبر</title></head><body><nav>خانه | اخبار</nav><article>"
        f"<h1>پیاده‌راه ساحلی</h1><p>{story}</p><p>{story[::-1][:0]}</p></article>"
        "<footer>تمام حقوق محفوظ است</footer></body></html>"
    ).encode()
    feed_server.add("/page/2", Route(page, content_type="text/html; charset=utf-8"))
    items = [
        {"title": "اصل خبر", "link": "http://agency-1.test/a", "date": RFC, "summary": story},
        {
            "title": "بازنشر با لید تازه",
            "link": feed_server.url + "/page/2",
            "date": RFC,
            "summary": f"رودسر - خبرنگار ما: {MAYOR_ARABIC} امروز از پروژه ساحلی بازدید کرد.",
        },
        {
            "title": "بی‌ربط",
            "link": feed_server.url + "/page/3",
            "date": RFC,
            "summary": "جشنواره برنج در آستانه برگزار شد.",
        },
    ]
    source = make_source(rudsar, feed_server.add("/ft.xml", Route(rss(items))))
    with django_capture_on_commit_callbacks(execute=True):
        assert poll(source).new == 3
    copy = Item.objects.get(title="بازنشر با لید تازه")
    assert copy.cluster is None and copy.fulltext == FullText.PENDING
    run_tasks()
    copy.refresh_from_db()
    assert copy.fulltext == FullText.DONE and "پیاده‌راه ساحلی" in copy.body
    assert copy.cluster is not None and copy.cluster.item_count == 2
    assert Item.objects.get(title="اصل خبر").fulltext in (FullText.FAILED, FullText.DONE)
    assert Item.objects.get(title="بی‌ربط").fulltext == FullText.NOT_NEEDED
    assert "/page/3" not in feed_server.hits
