"""A public page kept in the cache is served before the session, auth and the rest of the
middleware (core/publiccache.PublicCacheMiddleware), with the headers a drawn page has."""

from __future__ import annotations

import re
import uuid

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from ravabet.core.publiccache import public_changed
from ravabet.core.tests.test_publiccache import TITLE, public_pages
from ravabet.newsroom.tests.conftest import make_published

pytestmark = pytest.mark.public_cache

NOT_COMPARED = {"X-Ravabet-Cache"}  # says which way the page came, on purpose


@pytest.fixture
def published(rudsar, rudsar_reporter, rudsar_head):  # type: ignore[no-untyped-def]
    return make_published(rudsar, rudsar_reporter, rudsar_head, title=TITLE)


@pytest.fixture
def pages(rudsar, east_gilan, published) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        *public_pages(rudsar, east_gilan, published),
        reverse("newsroom:network-atom", args=[east_gilan.slug]),
        reverse("events:network_public", args=[east_gilan.slug]),
        reverse("events:ics", args=[rudsar.slug]),
    ]


def served_early(response) -> bool:  # type: ignore[no-untyped-def]
    """Served by PublicCacheMiddleware: the session and auth middleware never saw it."""
    request = response.wsgi_request
    return not hasattr(request, "session") and not hasattr(request, "user")


def headers_of(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {name: value for name, value in response.headers.items() if name not in NOT_COMPARED}


def cookies_of(response) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    """Each cookie set, with its attributes; not its value (a CSRF secret is per visitor)."""
    cookies = response.cookies.items()
    return {name: {key: str(value) for key, value in morsel.items()} for name, morsel in cookies}


@pytest.mark.parametrize("language", ["fa", "en"])
def test_a_page_served_early_has_every_header_of_the_page_the_view_drew(db, pages, language):
    cookies = {django_settings.LANGUAGE_COOKIE_NAME: language}
    for url in pages:
        drawn_by = Client()
        drawn_by.cookies.load(cookies)
        drawn = drawn_by.get(url)
        assert drawn.status_code == 200, url
        assert "X-Ravabet-Cache" not in drawn and hasattr(drawn.wsgi_request, "user"), url
        kept_for = Client()
        kept_for.cookies.load(cookies)
        hit = kept_for.get(url)
        assert served_early(hit) and hit["X-Ravabet-Cache"] == "hit", url
        assert headers_of(hit) == headers_of(drawn), url
        assert cookies_of(hit) == cookies_of(drawn), url
        # The headers that make it safe, present on both (so equal is not empty).
        for name in (
            "Content-Security-Policy",
            "X-Frame-Options",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "ETag",
        ):
            assert hit[name], (url, name)
        assert hit["Content-Language"] == language, url
        assert {"Cookie", "Accept-Language"} <= set(re.split(r",\s*", hit["Vary"])), url
        if b"csrfmiddlewaretoken" in drawn.content:
            assert "csrftoken" in hit.cookies, url  # the secret the page's token is made from


def test_a_conditional_get_is_a_304_early_with_the_headers_of_one_from_the_view(
    db, pages, settings
):
    everything = list(django_settings.MIDDLEWARE)
    without_early = [name for name in everything if "PublicCacheMiddleware" not in name]
    for url in pages:
        first = Client().get(url)
        for asked in (
            {"If-None-Match": first["ETag"]},
            *([{"If-Modified-Since": first["Last-Modified"]}] if "Last-Modified" in first else []),
        ):
            early = Client().get(url, headers=asked)
            assert early.status_code == 304, (url, asked)
            assert early.content == b"" and served_early(early), url
            settings.MIDDLEWARE = without_early  # the decorator answers it, as before
            late = Client().get(url, headers=asked)
            settings.MIDDLEWARE = everything
            assert late.status_code == 304 and hasattr(late.wsgi_request, "user"), url
            assert headers_of(early) == headers_of(late), url


def test_a_page_served_early_makes_no_database_query(
    db, rudsar, published, settings, django_assert_num_queries
):
    # A cache that is not the database (as Redis is not): whatever is left is the request's.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"early-{uuid.uuid4()}",
        }
    }
    url = reverse("newsroom:public-list", args=[rudsar.slug])
    Client().get(url)
    with django_assert_num_queries(0):
        hit = Client().get(url)
    assert served_early(hit)
    assert TITLE in hit.content.decode()


def test_on_the_database_cache_the_version_is_its_one_query(
    db, rudsar, published, django_assert_num_queries, settings
):
    on_database = "DatabaseCache" in str(settings.CACHES["default"]["BACKEND"])
    url = reverse("newsroom:rss", args=[rudsar.slug])
    Client().get(url)
    with django_assert_num_queries(1 if on_database else 0) as queries:
        assert served_early(Client().get(url))
    if on_database:
        assert "ravabet_cache" in queries.captured_queries[0]["sql"]


@pytest.mark.parametrize("cookie", [django_settings.SESSION_COOKIE_NAME, "messages"])
def test_a_session_or_messages_cookie_goes_the_whole_way(db, rudsar, published, cookie):
    url = reverse("network:municipality", args=[rudsar.slug])
    Client().get(url)
    assert served_early(Client().get(url))
    visitor = Client()
    visitor.cookies[cookie] = "anything"
    page = visitor.get(url)
    assert page.status_code == 200
    assert "X-Ravabet-Cache" not in page and hasattr(page.wsgi_request, "user")


def test_a_post_goes_the_whole_way_and_meets_the_csrf_check(db, rudsar, published):
    url = reverse("newsroom:public-list", args=[rudsar.slug])
    Client().get(url)
    assert served_early(Client().get(url))
    refused = Client(enforce_csrf_checks=True).post(url, {"q": "x"})
    assert refused.status_code == 403  # CsrfViewMiddleware's process_view ran
    assert hasattr(refused.wsgi_request, "user")


def test_a_change_is_seen_at_once_on_a_page_served_early(db, rudsar, published):
    url = reverse("newsroom:public-list", args=[rudsar.slug])
    Client().get(url)
    assert served_early(Client().get(url))
    type(published).objects.filter(pk=published.pk).update(title="عنوان تازه")
    public_changed(published)
    page = Client().get(url)
    assert "X-Ravabet-Cache" not in page
    assert "عنوان تازه" in page.content.decode() and TITLE not in page.content.decode()
    again = Client().get(url)
    assert served_early(again) and "عنوان تازه" in again.content.decode()


def test_a_nul_or_a_bad_host_is_still_a_400_at_a_kept_address(db, east_gilan):
    url = reverse("network:network", args=[east_gilan.slug])
    Client().get(url)
    assert served_early(Client().get(url))
    assert Client().get(url + "%00").status_code == 400
    assert Client().get(url + "?page=%00").status_code == 400
    nul_cookie = Client()
    nul_cookie.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "fa\x00"
    assert nul_cookie.get(url).status_code == 400
    assert Client().get(url, headers={"Host": "evil.example"}).status_code == 400


def test_a_head_is_served_early_without_a_body(db, east_gilan):
    url = reverse("network:network", args=[east_gilan.slug])
    drawn = Client().get(url)
    head = Client().head(url)
    assert served_early(head)
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == drawn["ETag"]


def test_a_public_page_is_the_same_for_every_visitor_and_sets_no_cookie(db, pages):
    """No per-visitor token: the language switch needs none, so a kept page is served as
    it was kept, to anyone, with no CSRF secret made and no Set-Cookie."""
    for url in pages:
        drawn = Client().get(url)
        hits = [Client().get(url) for _ in range(2)]
        for page in (drawn, *hits):
            assert not page.cookies, url
            assert b"csrfmiddlewaretoken" not in page.content, url
            assert b"X-CSRFToken" not in page.content, url  # htmx's header: signed-in only
        assert served_early(hits[0]) and hits[0].content == hits[1].content == drawn.content


def test_the_language_switch_works_from_a_page_served_early_with_csrf_enforced(db, east_gilan):
    url = reverse("network:network", args=[east_gilan.slug])
    Client().get(url)
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url)
    assert served_early(page)
    switched = visitor.post(reverse("set_language"), {"language": "en", "next": url})
    assert switched.status_code == 302 and switched["Location"] == url
    english = visitor.get(url)
    assert english.status_code == 200 and 'lang="en"' in english.content.decode()
    assert english["Content-Language"] == "en"


def test_the_language_switch_still_refuses_a_get_and_an_outside_next(db, east_gilan):
    visitor = Client(enforce_csrf_checks=True)
    # A GET (a link, a crawler, an <img>) changes nothing: Django's view switches on POST.
    asked = visitor.get(reverse("set_language"), {"language": "en", "next": "/"})
    assert django_settings.LANGUAGE_COOKIE_NAME not in asked.cookies
    assert 'lang="fa"' in visitor.get("/").content.decode()
    away = visitor.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert away.status_code == 302 and away["Location"] == "/"


def test_a_signed_in_page_still_carries_the_token_for_htmx(db, east_gilan, rudsar_head):
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(rudsar_head)
    page = signed_in.get(reverse("network:network", args=[east_gilan.slug])).content.decode()
    token = re.search(r'"X-CSRFToken": "([A-Za-z0-9]{32,64})"', page)
    assert token is not None
    logout = signed_in.post(reverse("logout"), {"csrfmiddlewaretoken": token.group(1)})
    assert logout.status_code == 302
