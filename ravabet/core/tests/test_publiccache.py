"""Public pages come from the cache, and never older than the last public change."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from ravabet.core.publiccache import VERSION_KEY, _Kept, _kept, current_version, public_changed
from ravabet.newsroom.actions import withdraw_item
from ravabet.newsroom.tests.conftest import make_published

TITLE = "افتتاح کتابخانه عمومی محله سعدی"

pytestmark = pytest.mark.public_cache


def public_pages(rudsar, east_gilan, item) -> list[str]:
    return [
        reverse("home"),
        reverse("network:network", args=[east_gilan.slug]),
        reverse("network:municipality", args=[rudsar.slug]),
        reverse("newsroom:public-list", args=[rudsar.slug]),
        reverse("newsroom:network-list", args=[east_gilan.slug]),
        reverse("newsroom:rss", args=[rudsar.slug]),
        reverse("newsroom:atom", args=[rudsar.slug]),
        reverse("newsroom:network-rss", args=[east_gilan.slug]),
        reverse("events:public", args=[rudsar.slug]),
        item.get_absolute_url(),
    ]


@pytest.fixture
def published(rudsar, rudsar_reporter, rudsar_head):  # type: ignore[no-untyped-def]
    return make_published(rudsar, rudsar_reporter, rudsar_head, title=TITLE)


def test_a_second_visit_is_served_from_the_cache(db, rudsar, east_gilan, published):
    visitor = Client()
    for url in public_pages(rudsar, east_gilan, published):
        first = visitor.get(url)
        assert first.status_code == 200, url
        assert "X-Ravabet-Cache" not in first, url
        again = Client().get(url)
        assert again["X-Ravabet-Cache"] == "hit", url
        assert again.content == first.content or b"csrfmiddlewaretoken" in first.content, url


def test_a_withdrawn_item_vanishes_from_every_cached_page_at_once(
    db, rudsar, east_gilan, rudsar_head, published
):
    urls = public_pages(rudsar, east_gilan, published)
    lists = [u for u in urls if u != published.get_absolute_url()]
    shown = [u for u in lists if TITLE in Client().get(u).content.decode()]
    # The title is on the lists and the feeds (not on the network or municipality pages).
    assert len(shown) >= 5, shown
    search = reverse("search:public") + "?q=کتابخانه"  # drawn for every query: not kept
    assert TITLE in Client().get(search).content.decode()
    assert all(Client().get(u)["X-Ravabet-Cache"] == "hit" for u in shown)

    withdraw_item(published, rudsar_head, reason="خطای رقم", correction="رقم درست ۱۲ است.")

    for url in shown:
        page = Client().get(url)
        assert "X-Ravabet-Cache" not in page, url  # drawn again, at once
        assert TITLE not in page.content.decode(), url
    assert TITLE not in Client().get(search).content.decode()
    article = Client().get(published.get_absolute_url()).content.decode()
    assert "رقم درست ۱۲ است." in article  # the article stays, with its correction


def test_an_edit_bumps_the_version_now_and_again_on_commit(db, django_capture_on_commit_callbacks):
    before = current_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        public_changed()
        during = current_version()
    assert during != before
    assert len(callbacks) == 1
    callbacks[0]()
    assert current_version() not in (before, during)


def test_a_lost_version_is_a_new_one_never_an_old_number(db):
    from django.core.cache import cache

    seen = {current_version()}
    for _ in range(5):
        cache.delete("public:version")
        seen.add(current_version())
    assert len(seen) == 6


def test_a_feed_answers_a_conditional_get_with_304(db, rudsar, published):
    url = reverse("newsroom:rss", args=[rudsar.slug])
    first = Client().get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    for headers in (
        {"If-None-Match": first["ETag"]},
        {"If-Modified-Since": first["Last-Modified"]},
    ):
        again = Client().get(url, headers=headers)
        assert again.status_code == 304
        assert again.content == b""
    public_changed()
    changed = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    # The page was drawn again; the same items give the same feed, so still current.
    assert changed.status_code in (200, 304)
    ics = reverse("events:ics", args=[rudsar.slug])
    calendar = Client().get(ics)
    assert Client().get(ics, HTTP_IF_NONE_MATCH=calendar["ETag"]).status_code == 304


def test_a_signed_in_user_never_gets_the_anonymous_page(
    db, rudsar, east_gilan, rudsar_head, client_for, published
):
    url = reverse("network:network", args=[east_gilan.slug])
    Client().get(url)
    assert Client().get(url)["X-Ravabet-Cache"] == "hit"
    page = client_for(rudsar_head).get(url)
    assert "X-Ravabet-Cache" not in page
    assert "علی نوروزی" in page.content.decode() or "rudsar-head" in page.content.decode()
    # ...and the signed-in page is not kept for the next anonymous visitor.
    assert "rudsar-head" not in Client().get(url).content.decode()


@pytest.mark.urls("ravabet.core.tests.csrf_page_urls")
def test_each_visitor_gets_a_csrf_token_of_their_own_in_a_kept_page_with_a_form(db):
    Client().get("/form-page/")
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    tokens = []
    for visitor in visitors:
        page = visitor.get("/form-page/")
        assert page["X-Ravabet-Cache"] == "hit"
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
        assert token is not None
        tokens.append(token.group(1))
        assert visitor.post("/form/").status_code == 403  # the check is on
        sent = visitor.post("/form/", {"csrfmiddlewaretoken": token.group(1)})
        assert sent.status_code == 200 and sent.content == b"sent"
    assert tokens[0] != tokens[1]


def test_a_page_from_the_cache_costs_one_query(
    db, rudsar, east_gilan, published, django_assert_num_queries, settings
):
    url = reverse("newsroom:public-list", args=[rudsar.slug])
    Client().get(url)
    # The version alone (the page is kept in this process's memory): one SQL query on the
    # database's cache, none on Redis.
    redis = "redis" in str(settings.CACHES["default"]["BACKEND"]).lower()
    with django_assert_num_queries(0 if redis else 1):
        assert Client().get(url)["X-Ravabet-Cache"] == "hit"


def test_the_public_cache_can_be_turned_off(db, rudsar, east_gilan, published, settings):
    settings.PUBLIC_CACHE = False
    url = reverse("network:network", args=[east_gilan.slug])
    Client().get(url)
    assert "X-Ravabet-Cache" not in Client().get(url)


def test_a_page_kept_in_memory_is_redrawn_after_another_process_changed_the_version(
    db, rudsar, east_gilan, published
):
    url = reverse("newsroom:public-list", args=[rudsar.slug])
    Client().get(url)
    assert Client().get(url)["X-Ravabet-Cache"] == "hit"
    assert _kept.entries  # kept in this process, not only in the shared cache
    # Another web process (or the task worker) published: only the shared version says so.
    old_title = published.title
    type(published).objects.filter(pk=published.pk).update(title="عنوان تازه")
    cache.set(VERSION_KEY, "another-process", None)
    page = Client().get(url)
    assert "X-Ravabet-Cache" not in page
    assert "عنوان تازه" in page.content.decode() and old_title not in page.content.decode()


def test_a_page_another_process_drew_since_the_change_is_taken_from_the_shared_cache(
    db, rudsar, east_gilan, published
):
    url = reverse("network:network", args=[east_gilan.slug])
    Client().get(url)
    key = next(k for k, entry in _kept.entries.items() if entry[0] == current_version())
    _version, body, headers, has_token = _kept.entries[key]
    # Another process drew the page at a new version and shared it; this one kept the old.
    cache.set(VERSION_KEY, "newer", None)
    cache.set(key, ("newer", body.replace("</body>", "<!-- newer --></body>"), headers, has_token))
    page = Client().get(url)
    assert page["X-Ravabet-Cache"] == "hit"
    assert "<!-- newer -->" in page.content.decode()


def test_the_memory_keeps_the_newest_pages_within_its_budget():
    kept = _Kept(budget=10)
    kept.put("a", ("v", "aaaa", {}, False))
    kept.put("b", ("v", "bbbb", {}, False))
    assert kept.get("a") is not None  # read, but only a put marks it as served lately
    kept.put("a", ("v", "aaaa", {}, False))
    kept.put("c", ("v", "cccc", {}, False))  # over 10: the oldest served (b) goes
    assert kept.get("b") is None and kept.get("a") and kept.get("c")
    assert kept.used == 8
    kept.put("huge", ("v", "x" * 11, {}, False))  # larger than the whole budget: not kept
    assert kept.get("huge") is None and kept.used == 8
    kept.put("a", ("w", "a", {}, False))  # a new version of a page replaces the old
    assert kept.get("a") == ("w", "a", {}, False) and kept.used == 5
