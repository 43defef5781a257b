"""The public newsroom: lists, article pages with their metadata, and the feeds."""

from __future__ import annotations

import json
import re

import pytest
from defusedxml import ElementTree
from django.core.files.uploadedfile import SimpleUploadedFile

from ravabet.lib.jalali import format_datetime
from ravabet.newsroom.models import Kind

from .conftest import make_item, make_published, photo_bytes

ATOM = "{http://www.w3.org/2005/Atom}"


def test_only_published_items_are_listed(citizen, rudsar, rudsar_reporter, rudsar_head):
    make_item(rudsar, rudsar_reporter, title="پیش‌نویس محرمانه")
    make_published(rudsar, rudsar_reporter, rudsar_head, title="خبر منتشرشده رودسر")
    page = citizen.get("/m/rudsar/news/").content.decode()
    assert "خبر منتشرشده رودسر" in page
    assert "پیش‌نویس محرمانه" not in page


def test_drafts_are_404_to_the_public(citizen, rudsar_draft, rudsar_published):
    assert citizen.get(f"/m/rudsar/news/{rudsar_draft.pk}/").status_code == 404
    assert citizen.get(f"/m/kelachay/news/{rudsar_published.pk}/").status_code == 404
    assert citizen.get("/m/nowhere/news/").status_code == 404


def test_list_filters_and_pagination(
    citizen, rudsar, rudsar_reporter, rudsar_head, django_assert_max_num_queries
):
    for n in range(14):
        make_published(rudsar, rudsar_reporter, rudsar_head, title=f"خبر عمومی {n}")
    make_published(
        rudsar, rudsar_reporter, rudsar_head, title="اطلاعیه قطع آب", kind=Kind.PRESS_RELEASE
    )
    with django_assert_max_num_queries(8):
        first = citizen.get("/m/rudsar/news/").content.decode()
    assert "اطلاعیه قطع آب" in first  # newest first
    assert "صفحه ۱ از ۲" in first
    second = citizen.get("/m/rudsar/news/?page=2").content.decode()
    assert "خبر عمومی 0" in second
    filtered = citizen.get("/m/rudsar/news/?kind=press_release").content.decode()
    assert "اطلاعیه قطع آب" in filtered and "خبر عمومی" not in filtered


def test_article_page_has_jalali_date_metadata_and_json_ld(
    client_for, citizen, rudsar, rudsar_reporter, rudsar_head
):
    item = make_published(
        rudsar,
        rudsar_reporter,
        rudsar_head,
        title='تیتر با </script><script>alert(1)</script> "نقل قول"',
        surtitle="روتیتر خبر",
    )
    # Photos can be added to a published item by the head (a correction of the page).
    client_for(rudsar_head).post(
        f"/office/news/{item.pk}/photos/",
        {"image": SimpleUploadedFile("p.jpg", photo_bytes()), "caption": "زیرنویس عکس"},
    )
    page = citizen.get(f"/m/rudsar/news/{item.pk}/").content.decode()
    assert '<link rel="canonical" href="http://testserver/m/rudsar/news/' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert 'property="og:image" content="http://testserver/media/news/rudsar/' in page
    assert "newsroom/print.css" in page
    assert "<script>alert(1)</script>" not in page
    # The published date in Persian digits, Jalali.
    assert item.published_at is not None
    assert format_datetime(item.published_at, lang="fa") in page
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == item.title[:110]
    assert data["image"][0].startswith("http://testserver/media/news/rudsar/")
    assert data["datePublished"].startswith(str(item.published_at.year))
    assert "روتیتر خبر" in page and "زیرنویس عکس" in page


def _feed(citizen, url):  # type: ignore[no-untyped-def]
    response = citizen.get(url)
    assert response.status_code == 200
    return response, ElementTree.fromstring(response.content)


def test_rss_feed_per_municipality(citizen, rudsar, kelachay, rudsar_reporter, rudsar_head):
    item = make_published(
        rudsar, rudsar_reporter, rudsar_head, title="خبر خوراک رودسر", tags="ساحل، گردشگری"
    )
    make_item(rudsar, rudsar_reporter, title="پیش‌نویس نباید بیاید")
    response, root = _feed(citizen, "/m/rudsar/news/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("title") == "اخبار شهرداری رودسر"
    assert channel.findtext("link") == "http://testserver/m/rudsar/news/"
    assert channel.findtext("description")
    assert channel.findtext("language") == "fa"
    entries = channel.findall("item")
    assert [e.findtext("title") for e in entries] == ["خبر خوراک رودسر"]
    entry = entries[0]
    assert entry.findtext("link") == f"http://testserver/m/rudsar/news/{item.pk}/"
    assert entry.findtext("guid") == entry.findtext("link")
    assert entry.findtext("pubDate")
    assert [c.text for c in entry.findall("category")] == ["سایر", "ساحل", "گردشگری"]


def test_atom_feed_and_network_feeds(
    citizen, east_gilan, rudsar, lahijan, rudsar_reporter, rudsar_head, lahijan_head
):
    make_published(rudsar, rudsar_reporter, rudsar_head, title="خبر رودسر برای شبکه")
    make_published(lahijan, lahijan_head, lahijan_head, title="خبر لاهیجان برای شبکه")
    _response, root = _feed(citizen, "/m/rudsar/news/atom/")
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    for required in ("id", "title", "updated", "link"):
        assert entries[0].find(f"{ATOM}{required}") is not None
    _response, root = _feed(citizen, "/n/east-gilan/news/rss/")
    titles = {e.findtext("title") for e in root.find("channel").findall("item")}
    assert titles == {"خبر رودسر برای شبکه", "خبر لاهیجان برای شبکه"}
    _response, root = _feed(citizen, "/n/east-gilan/news/atom/")
    assert len(root.findall(f"{ATOM}entry")) == 2
    page = citizen.get("/n/east-gilan/news/").content.decode()
    assert "خبر رودسر برای شبکه" in page and "خبر لاهیجان برای شبکه" in page


def test_feed_photo_enclosure(citizen, client_for, rudsar, rudsar_reporter, rudsar_head):
    item = make_item(rudsar, rudsar_reporter)
    client_for(rudsar_reporter).post(
        f"/office/news/{item.pk}/photos/", {"image": SimpleUploadedFile("p.jpg", photo_bytes())}
    )
    from ravabet.newsroom.actions import approve_item, publish_item

    approve_item(item, rudsar_head)
    publish_item(item, rudsar_head)
    _response, root = _feed(citizen, "/m/rudsar/news/rss/")
    enclosure = root.find("channel/item/enclosure")
    assert enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) > 0
    assert citizen.get(enclosure.get("url").replace("http://testserver", "")).status_code in (
        200,
        404,
    )


def test_the_municipality_page_shows_the_latest_news(citizen, rudsar, rudsar_reporter, rudsar_head):
    make_published(rudsar, rudsar_reporter, rudsar_head, title="تازه‌ترین خبر رودسر")
    page = citizen.get("/m/rudsar/").content.decode()
    assert "تازه‌ترین خبر رودسر" in page
    assert "/m/rudsar/news/rss/" in page


def test_newsroom_search_with_kind_and_category_filters(
    citizen, east_gilan, rudsar, kelachay, rudsar_reporter, rudsar_head
):
    make_published(
        rudsar, rudsar_reporter, rudsar_head, title="لایروبی رودخانه شهر", category="environment"
    )
    make_published(
        rudsar,
        rudsar_reporter,
        rudsar_head,
        title="اطلاعیه لایروبی کانال‌ها",
        kind=Kind.PRESS_RELEASE,
        category="urban_services",
    )
    make_published(kelachay, rudsar_head, rudsar_head, title="لایروبی در کلاچای")
    make_published(rudsar, rudsar_reporter, rudsar_head, title="جشنواره فرهنگی")

    def found(url: str) -> list[str]:
        page = citizen.get(url).content.decode()
        return sorted(re.findall(r'<h2[^>]*><a href="[^"]+">([^<]+)</a></h2>', page))

    assert found("/m/rudsar/news/?q=لايروبي") == ["اطلاعیه لایروبی کانال‌ها", "لایروبی رودخانه شهر"]
    assert found("/m/rudsar/news/?q=لایروبی&kind=press_release") == ["اطلاعیه لایروبی کانال‌ها"]
    assert found("/m/rudsar/news/?q=لایروبی&category=environment") == ["لایروبی رودخانه شهر"]
    assert len(found("/n/east-gilan/news/?q=لایروبی")) == 3


@pytest.mark.parametrize("page", ["768614336404564651", "1000000000000000000", "-3", "x"])
def test_any_page_number_gets_a_page(citizen, east_gilan, rudsar_published, page):
    for url in ("/m/rudsar/news/", "/n/east-gilan/news/"):
        response = citizen.get(f"{url}?page={page}")
        assert response.status_code == 200
        assert [item.title for item in response.context["page"].object_list] == [
            rudsar_published.title
        ]
