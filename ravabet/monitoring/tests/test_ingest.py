"""Feeds read from a real HTTP server in this process: every dialect and every failure."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from ravabet.lib import jalali
from ravabet.monitoring import pipeline
from ravabet.monitoring.actions import add_source
from ravabet.monitoring.fetcher import MAX_BYTES, Feed, FetchError, read_any, read_common
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
    assert "RSS" in source.last_error_message
    assert source.last_error_at and source.last_success_at is None
    assert source.next_poll_at is not None


def test_a_huge_body_is_cut_at_the_limit(feed_server, rudsar, make_source) -> None:
    source = make_source(rudsar, feed_server.add("/huge.xml", Route(stream=MAX_BYTES + 500_000)))
    poll(source)
    assert "بزرگ" in source.last_error_message
    declared = feed_server.add("/huge2.xml", Route(b"x", headers={"X-Pad": "1"}, stream=0))
    assert declared


def test_a_redirect_loop_is_an_error(feed_server, rudsar, make_source) -> None:
    feed_server.add("/loop1", Route(status=302, headers={"Location": "/loop2"}))
    feed_server.add("/loop2", Route(status=302, headers={"Location": "/loop1"}))
    source = make_source(rudsar, feed_server.url + "/loop1")
    poll(source)
    assert "حلقه" in source.last_error_message


def test_a_sources_error_is_shown_in_the_readers_language_not_the_workers(
    feed_server, rudsar, rudsar_head, make_source, client_for, settings
) -> None:
    feed_server.add("/gone.xml", Route(status=404))
    source = make_source(rudsar, feed_server.url + "/gone.xml")
    feed_server.add("/big.xml", Route(stream=MAX_BYTES + 10))
    big = make_source(rudsar, feed_server.url + "/big.xml", "بزرگ")
    with translation.override("en"):
        poll(source)
        poll(big)
    assert (source.last_error, source.last_error_params) == ("http_error", {"status": "404"})
    assert (big.last_error, big.last_error_params) == ("too_large", {"mb": 5})
    page = reverse("monitoring:source", args=[source.pk])
    list_page = reverse("monitoring:sources", args=["rudsar"])
    persian = client_for(rudsar_head)
    assert "خطای 404" in persian.get(page).content.decode()
    assert "بیش از ۵ مگابایت" in persian.get(list_page).content.decode()
    english = client_for(rudsar_head)
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "answered with error 404." in english.get(page).content.decode()
    assert "too large (over 5 MB)" in english.get(list_page).content.decode()


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
    assert "به\u200cموقع" in slow.last_error_message
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
    assert "خصوصی" in source.last_error_message


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


NEWS = "http://news.test"
# Every fixture feed above, and the shapes of real feeds beside them: entities, CDATA,
# markup escaped in a field, a guid that is (or is not) the link, windows-1252's C1
# characters, UTF-8 read as Latin-1, Atom's several links, an id for the link.
FIXTURE_FEEDS = {
    "rss": (
        rss(
            [
                {
                    "title": "بازدید شهردار از پیاده&amp;راه",
                    "link": NEWS + "/a/1?utm_source=rss&amp;x=1",
                    "date": RFC,
                    "summary": STORY.format(mayor=MAYOR_ARABIC),
                },
                {
                    "title": "",
                    "link": NEWS + "/a/2",
                    "date": RFC,
                    "summary": "&lt;p&gt;متن&lt;/p&gt;",
                },
            ]
        ),
        "application/rss+xml; charset=utf-8",
    ),
    "atom": (
        atom(
            [
                {"title": "خبر اول", "link": NEWS + "/b/1", "date": "2026-11-29T10:00:00Z"},
                {"title": "خبر دوم", "link": NEWS + "/b/2", "date": "2026-11-29T11:30:00+03:30"},
            ]
        ),
        "application/atom+xml",
    ),
    **{
        f"persian-date-{n}": (
            rss([{"title": "خبر", "link": NEWS + "/c/1", "date": written}]),
            "application/rss+xml; charset=utf-8",
        )
        for n, written in enumerate(
            ["۱۴۰۵/۰۹/۰۹ - ۱۱:۴۵", "یکشنبه ۹ آذر ۱۴۰۵ - ۱۱:۴۵", "۹ آذر ۱۴۰۵، ساعت ۱۱:۴۵"]
        )
    },
    "undated": (
        rss([{"title": "بی‌تاریخ", "link": NEWS + "/d/1"}]),
        "application/rss+xml; charset=utf-8",
    ),
    "declared-latin-1": (
        rss(
            [{"title": "آغاز لایروبی رودخانه", "link": NEWS + "/f/1", "date": RFC}],
            encoding="ISO-8859-1",
        ),
        "application/rss+xml; charset=ISO-8859-1",
    ),
    "windows-1256": (
        rss([{"title": "آغاز لايروبي", "link": NEWS + "/g/1", "date": RFC}], title="خبرگزاري")
        .decode()
        .encode("cp1256"),
        "application/rss+xml; charset=utf-8",
    ),
    "guid-as-link": (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>a</title><guid>http://news.test/g</guid><pubDate>nonsense</pubDate>"
        b'</item><item><title>b</title><guid isPermaLink="false">http://news.test/h</guid>'
        b"</item><item><guid> http://news.test/i </guid><link> http://news.test/j?a=1&amp;amp;"
        b"b=2 </link><description><![CDATA[<p>one &amp; two</p>]]></description></item>"
        b"</channel></rss>",
        "text/xml",
    ),
    "windows-1252-marks": (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t\x85</title>'
        "<link>http://news.test/</link><item><title>caf\xc3\xa9 \x93q\x94</title>"
        "<link>http://news.test/k</link><author>a@b.test</author><category>c</category>"
        '<enclosure url="http://news.test/x.mp3" type="audio/mpeg" length="1"/></item>'
        "</channel></rss>".encode(),
        "text/xml",
    ),
    "atom-links": (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
        b'<title type="html">A &amp;lt;b&amp;gt;</title><id>urn:x</id>'
        b'<link rel="self" href="http://news.test/feed"/><entry><id>http://news.test/id1</id>'
        b'<title>x</title><link rel="enclosure" href="http://news.test/e.mp3"/>'
        b'<updated>2026-11-01T00:00:00Z</updated><content type="html">&lt;p&gt;body&lt;/p&gt;'
        b'</content></entry><entry><id>tag:x</id><title>y</title><link href="http://news.test/1"/>'
        b'<link href="http://news.test/2" type="text/html"/><link href="http://news.test/3" '
        b'type="application/pdf"/><published>2026-11-02T00:00:00Z</published>'
        b"<updated>2026-11-03T00:00:00Z</updated><summary></summary><content>plain</content>"
        b"<author><name>n</name></author></entry></feed>",
        "application/atom+xml",
    ),
    "rss-with-atom-self": (
        b'<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
        b'<channel><title>t</title><atom:link href="http://news.test/rss" rel="self" '
        b'type="application/rss+xml"/><link>http://news.test/</link><item><title>a</title>'
        b"<link>http://news.test/a</link><pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate>"
        b"</item></channel></rss>",
        "application/rss+xml",
    ),
    # Left to feedparser: broken XML, another namespace, nothing to keep.
    "broken": (b"<rss><channel><item><title>x</ti", "application/rss+xml"),
    "cut-short": (b"<rss", "application/rss+xml"),
    "dublin-core-date": (
        b'<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        b"<channel><title>t</title><item><title>a</title><link>http://news.test/a</link>"
        b"<dc:date>2026-11-02T00:00:00Z</dc:date></item></channel></rss>",
        "application/rss+xml",
    ),
    "no-web-link": (rss([{"title": "x", "link": "ftp://news.test/a"}]), "application/rss+xml"),
    "entity-from-a-file": (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
        b"<rss><channel><title>t</title><item><title>&x;</title><link>http://news.test/x"
        b"</link></item></channel></rss>",
        "application/rss+xml",
    ),
}
LEFT_TO_FEEDPARSER = {
    "broken",
    "cut-short",
    "dublin-core-date",
    "no-web-link",
    "entity-from-a-file",
}


def _read(feed: Feed) -> tuple:
    return (
        feed.title,
        feed.link,
        [(e.url, e.guid, e.title, e.summary, e.published_at, e.date_guessed) for e in feed.entries],
    )


@pytest.mark.parametrize("name", sorted(FIXTURE_FEEDS))
def test_the_fast_path_reads_a_feed_as_feedparser_does(name) -> None:
    body, content_type = FIXTURE_FEEDS[name]
    fetched_at = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    fast = read_common(body, content_type, fetched_at)
    if name in LEFT_TO_FEEDPARSER:
        assert fast is None
        return
    assert fast is not None and fast.entries
    assert _read(fast) == _read(read_any(body, content_type, fetched_at))


def test_what_the_fast_path_leaves_is_read_as_before() -> None:
    fetched_at = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    for name in ("broken", "cut-short"):
        with pytest.raises(FetchError):
            read_any(*FIXTURE_FEEDS[name], fetched_at)
    dated = read_any(*FIXTURE_FEEDS["dublin-core-date"], fetched_at)
    assert dated.entries[0].published_at == dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
