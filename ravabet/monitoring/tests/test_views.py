"""The monitoring pages through the test client: access, clippings, replies, bulletin,
report, search and the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ravabet.lib import jalali
from ravabet.monitoring import pipeline, text
from ravabet.monitoring.actions import clip_item, open_reply, save_watch, subscribe
from ravabet.monitoring.bulletin import bulletin_html
from ravabet.monitoring.fetcher import Entry
from ravabet.monitoring.models import (
    BulletinEmail,
    Clipping,
    Item,
    Mention,
    ReplyStatus,
    ReplyTask,
    Source,
    Tone,
    WatchKind,
)
from ravabet.monitoring.report import Period
from ravabet.monitoring.tests.conftest import MAYOR_ARABIC, STORY
from ravabet.network.models import Membership, Role
from ravabet.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def ingest(source: Source, title: str, summary: str, hours_ago: float = 1, n: int = 0) -> Item:
    now = timezone.now()
    entry = Entry(
        url=f"https://news{source.pk}.test/{n}/{abs(hash(title)) % 10**8}",
        guid="",
        title=title,
        summary=summary,
        published_at=now - dt.timedelta(hours=hours_ago),
        date_guessed=False,
    )
    pipeline.store_entry(
        source,
        entry,
        text.canonical_url(entry.url),
        now,
        pipeline.near_duplicates(),
        pipeline.matcher(),
    )
    return Item.objects.get(canonical_url=text.canonical_url(entry.url))


@pytest.fixture
def rudsar_item(rudsar, mayor_watch) -> Item:
    pipeline.forget_index()
    source = Source.objects.create(
        municipality=rudsar, name="رودسر خبر", feed_url="https://r.test/rss"
    )
    return ingest(source, "بازدید شهردار", STORY.format(mayor=MAYOR_ARABIC))


@pytest.fixture
def lahijan_item(lahijan) -> Item:
    save_watch(lahijan, name="شهرداری لاهیجان", kind=WatchKind.MUNICIPALITY, aliases=[])
    source = Source.objects.create(
        municipality=lahijan, name="لاهیجان خبر", feed_url="https://l.test/rss"
    )
    return ingest(source, "خبر لاهیجان", "شهرداری لاهیجان امروز مسیر دریاچه را بازسازی کرد.")


def test_other_municipality_gets_404_on_every_id_view(
    client_for, rudsar_item, lahijan_item, lahijan_head, rudsar_head, rudsar
) -> None:
    clipping = clip_item(rudsar_item, rudsar, rudsar_head, tone=Tone.NEGATIVE, notes="")
    reply = open_reply(clipping, owner=rudsar_head, deadline=timezone.localdate())
    watch = rudsar_item.mentions.get().watch
    source = rudsar_item.source
    lahijan = client_for(lahijan_head)
    gets = [
        reverse("monitoring:item", args=["rudsar", rudsar_item.pk]),
        # Lahijan's own page, but Rudsar's item: not seen there.
        reverse("monitoring:item", args=["lahijan", rudsar_item.pk]),
        reverse("monitoring:source", args=[source.pk]),
        reverse("monitoring:watch", args=[watch.pk]),
        reverse("monitoring:reply", args=[reply.pk]),
        reverse("monitoring:mentions", args=["rudsar"]),
        reverse("monitoring:bulletin", args=["rudsar"]),
        reverse("monitoring:report", args=["rudsar"]),
        reverse("monitoring:sources", args=["rudsar"]),
    ]
    for url in gets:
        assert lahijan.get(url).status_code == 404, url
    posts = [
        reverse("monitoring:clip", args=["rudsar", rudsar_item.pk]),
        reverse("monitoring:clip", args=["lahijan", rudsar_item.pk]),
        reverse("monitoring:source_poll", args=[source.pk]),
        reverse("monitoring:source_active", args=[source.pk]),
        reverse("monitoring:watch", args=[watch.pk]),
        reverse("monitoring:reply_open", args=[clipping.pk]),
        reverse("monitoring:reply", args=[reply.pk]),
    ]
    for url in posts:
        assert lahijan.post(url, {"tone": "positive", "status": "dropped"}).status_code == 404, url
    clipping.refresh_from_db()
    assert clipping.tone == Tone.NEGATIVE and ReplyTask.objects.get().status == ReplyStatus.OPEN
    # Their own pages answer.
    rudsar_client = client_for(rudsar_head)
    for url in gets[:1] + gets[2:]:
        assert rudsar_client.get(url).status_code == 200, url
    assert (
        lahijan.get(reverse("monitoring:item", args=["lahijan", lahijan_item.pk])).status_code
        == 200
    )


def test_a_manager_reads_but_cannot_clip(client_for, lahijan_item, lahijan_manager) -> None:
    client = client_for(lahijan_manager)
    url = reverse("monitoring:item", args=["lahijan", lahijan_item.pk])
    assert client.get(url).status_code == 200
    assert client.post(url + "clip/", {"tone": "positive"}).status_code == 403
    assert not Clipping.objects.exists()


def test_clipping_tone_notes_and_a_right_of_reply(client_for, rudsar_item, rudsar_head) -> None:
    client = client_for(rudsar_head)
    url = reverse("monitoring:item", args=["rudsar", rudsar_item.pk])
    page = client.get(url)
    assert "رحیمیپور" in page.content.decode()
    client.post(url + "clip/", {"tone": "negative", "notes": "پاسخ\x00 لازم است"})
    assert Clipping.objects.count() == 0 or "\x00" not in Clipping.objects.get().notes
    response = client.post(url + "clip/", {"tone": "negative", "notes": "پاسخ لازم است"})
    assert response.status_code == 302
    client.post(url + "clip/", {"tone": "negative", "notes": "پاسخ لازم است"})  # double submit
    clipping = Clipping.objects.get()
    assert clipping.tone == Tone.NEGATIVE and clipping.notes == "پاسخ لازم است"
    deadline = jalali.format_numeric(timezone.localdate() + dt.timedelta(days=2))
    open_url = reverse("monitoring:reply_open", args=[clipping.pk])
    client.post(open_url, {"owner": rudsar_head.pk, "deadline": deadline})
    client.post(open_url, {"owner": rudsar_head.pk, "deadline": deadline})  # double submit
    task = ReplyTask.objects.get()
    assert task.owner == rudsar_head and task.is_open
    edit = reverse("monitoring:reply", args=[task.pk])
    missing_link = client.post(edit, {"status": "published", "reply_url": "", "deadline": deadline})
    assert missing_link.status_code == 200 and "نشانی جایی" in missing_link.content.decode()
    client.post(
        edit, {"status": "published", "reply_url": "https://news.test/reply", "deadline": deadline}
    )
    task.refresh_from_db()
    assert task.status == ReplyStatus.PUBLISHED and task.reply_url == "https://news.test/reply"
    bad = client.post(open_url, {"owner": rudsar_head.pk, "deadline": "NaN"})
    assert bad.status_code == 302 and ReplyTask.objects.count() == 1


def test_watch_lists_with_exclusions(client_for, rudsar, rudsar_head) -> None:
    client = client_for(rudsar_head)
    url = reverse("monitoring:watches", args=["rudsar"])
    response = client.post(
        url,
        {
            "name": "محله چاکسر",
            "kind": "district",
            "aliases": "چاكسر\nچاکسر",
            "exclusions": "جاده چاکسر",
        },
    )
    assert response.status_code == 302
    again = client.post(url, {"name": "محله چاکسر", "kind": "district"})
    assert again.status_code == 400
    pipeline.forget_index()
    source = Source.objects.create(municipality=rudsar, name="الف", feed_url="https://a.test/rss")
    excluded = ingest(source, "ترافیک", "ترافیک سنگین در جاده چاکسر گزارش شد.", n=1)
    found = ingest(source, "آب‌گرفتگی", "اهالی چاكسر از آب‌گرفتگی گلایه دارند.", n=2)
    assert not excluded.mentions.exists() and found.mentions.count() == 1


def test_mentions_list_queries_do_not_grow(client_for, rudsar, rudsar_head, mayor_watch) -> None:
    client = client_for(rudsar_head)
    url = reverse("monitoring:mentions", args=["rudsar"])
    pipeline.forget_index()
    source = Source.objects.create(municipality=rudsar, name="الف", feed_url="https://a.test/rss")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    ingest(source, "یک", f"{MAYOR_ARABIC} گفت پروژه یک آغاز شد.", n=1)
    few = count()
    for n in range(2, 8):
        ingest(source, f"خبر {n}", f"{MAYOR_ARABIC} درباره موضوع شماره {n} سخن گفت و افزود.", n=n)
    assert Mention.objects.count() == 7
    assert count() == few


def test_bulletin_is_sent_once_per_subscriber_and_day(
    client_for,
    rudsar_item,
    rudsar_head,
    rudsar_reporter,
    rudsar,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
) -> None:
    rudsar_head.email = "head@rudsar.test"
    rudsar_head.save()
    subscribe(rudsar, rudsar_head, True)
    subscribe(rudsar, rudsar_reporter, True)  # no address: left out
    client = client_for(rudsar_head)
    day = timezone.localdate(rudsar_item.published_at)
    page = client.get(reverse("monitoring:bulletin", args=["rudsar"]) + f"?day={day}")
    assert "بازدید شهردار" in page.content.decode()
    send = reverse("monitoring:bulletin_send", args=["rudsar"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send, {"day": day.isoformat()})
        client.post(send, {"day": day.isoformat()})
    run_tasks()
    assert BulletinEmail.objects.count() == 1
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    html = message.get_body(("html",)).get_content()
    assert 'dir="rtl"' in html and "بازدید شهردار" in html
    assert client_for(rudsar_reporter).post(send, {"day": day.isoformat()}).status_code == 403
    pdf = client.get(reverse("monitoring:bulletin_pdf", args=["rudsar"]) + f"?day={day}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_coverage_report_and_share_of_voice(
    client_for, rudsar_item, lahijan_item, rudsar_head, lahijan_head, rudsar
) -> None:
    clip_item(rudsar_item, rudsar, rudsar_head, tone=Tone.POSITIVE, notes="")
    period = Period.parse(None)
    response = client_for(rudsar_head).get(
        reverse("monitoring:report", args=["rudsar"]) + f"?period={period.key}"
    )
    body = response.content.decode()
    assert response.status_code == 200 and "رودسر خبر" in body and "<svg" in body
    assert Period.parse("1405-q3").days() == (
        jalali.from_jalali(1405, 7, 1),
        jalali.from_jalali(1405, 10, 1),
    )
    assert Period.parse("garbage\x00") == period
    network = client_for(lahijan_head).get(
        reverse("monitoring:network_report", args=["east-gilan"])
    )
    text_ = network.content.decode()
    assert network.status_code == 200 and "رودسر" in text_ and "لاهیجان" in text_
    assert (
        client_for(rudsar_head)
        .get(reverse("monitoring:network_sources", args=["east-gilan"]))
        .status_code
        == 200
    )


def test_mentions_are_searchable_by_the_municipality_only(
    client_for, rudsar_item, rudsar_head, lahijan_head
) -> None:
    entry = SearchEntry.objects.get(kind="monitoring.mention")
    assert entry.municipality_id == rudsar_item.mentions.get().municipality_id
    assert SearchEntry.objects.visible_to(rudsar_head).filter(pk=entry.pk).exists()
    assert not SearchEntry.objects.visible_to(lahijan_head).filter(pk=entry.pk).exists()


def test_dashboard_shows_todays_mentions_and_open_replies(
    client_for, rudsar_item, rudsar_head, rudsar
) -> None:
    clipping = clip_item(rudsar_item, rudsar, rudsar_head, tone=Tone.NEGATIVE, notes="")
    open_reply(clipping, owner=rudsar_head, deadline=timezone.localdate())
    page = client_for(rudsar_head).get(reverse("office:municipality", args=["rudsar"]))
    body = page.content.decode()
    assert 'data-testid="monitoring-panel"' in body and "بازدید شهردار" in body
    assert 'data-testid="open-replies"' in body


def test_network_sources_are_the_secretariats(
    client_for, east_gilan, lahijan_head, rudsar_head
) -> None:
    url = reverse("monitoring:network_sources", args=["east-gilan"])
    assert client_for(rudsar_head).post(url, {"url": "https://x.test/rss"}).status_code == 403
    assert Membership.objects.filter(user=lahijan_head, role=Role.SECRETARIAT).exists()


def test_a_story_is_named_by_its_original_not_a_copy_that_named_the_mayor(
    client_for, rudsar, rudsar_head, mayor_watch
) -> None:
    pipeline.forget_index()
    agency, paper = (
        Source.objects.create(municipality=rudsar, name=name, feed_url=f"https://{n}.test/rss")
        for n, name in enumerate(["خبرگزاری اول", "روزنامه دوم"])
    )
    # The original says only "the mayor"; the copy, later, names him and is the mention.
    unnamed = STORY.format(mayor="شهردار").replace("شهردار رودسر", "شهردار این شهر")
    original = ingest(agency, "آغاز بازسازی پیاده‌راه", unnamed, 3)
    copy = ingest(paper, "بازنشر: شهردار در پیاده‌راه", STORY.format(mayor=MAYOR_ARABIC), 1)
    assert copy.cluster is not None and copy.cluster.first_item == original
    assert list(Mention.objects.values_list("item", flat=True)) == [copy.pk]
    client = client_for(rudsar_head)
    report = client.get(reverse("monitoring:report", args=["rudsar"]))
    assert report.context["top_stories"][0]["title"] == original.title
    assert report.context["top_stories"][0]["url"] == original.url
    day = timezone.localdate(copy.published_at)
    bulletin = client.get(reverse("monitoring:bulletin", args=["rudsar"]) + f"?day={day}")
    page = bulletin.content.decode()
    assert original.title in page and copy.title not in page
    assert original.title in bulletin_html(rudsar, day) and copy.title not in bulletin_html(
        rudsar, day
    )


def test_the_sources_page_says_none_only_when_there_is_none(
    client_for, east_gilan, rudsar, rudsar_head
) -> None:
    from ravabet.monitoring.models import Source

    url = reverse("monitoring:sources", args=[rudsar.slug])
    assert "هنوز منبعی نیست." in client_for(rudsar_head).get(url).content.decode()
    # The network's sources, added by the secretariat, are this office's too.
    Source.objects.create(network=east_gilan, name="گیلان امروز", feed_url="https://g.test/rss")
    page = client_for(rudsar_head).get(url).content.decode()
    assert "گیلان امروز" in page and "هنوز منبعی نیست." not in page
