"""Public pages served from the cache, never older than the last public change.

Every public page an anonymous visitor reads (home, a network's and a municipality's pages,
the news lists, an article, the feeds, the events pages, the public search) is kept in the
shared cache (the database's or Redis: settings.CACHES) under its path and language, with
the *public version* it was rendered at. One version covers all public content: any
publish, edit or withdrawal, anywhere, calls ``public_changed()``, which gives the version a
new value, and every cached page then no longer matches it and is drawn again on its next
visit. So a visitor never sees a page older than the last change, and a withdrawn item
vanishes from every page at once.

- Two ways in, one key (``_page_key``) and one lookup (``_lookup``): the view's decorator
  ``public_page`` draws a page and keeps it; ``PublicCacheMiddleware``, placed before the
  session, serves a kept page at the current version without running the session, auth,
  messages, htmx or axes middleware, nor resolving anything but the URL (as Django's
  FetchFromCacheMiddleware does). It runs what of the later middleware a page needs
  (``HIT_MIDDLEWARE``: the host check, the language, the CSRF cookie, X-Frame-Options),
  and the middleware before it (security headers, the Content-Security-Policy, the NUL
  check) runs for every request, so a page from the cache has the headers of one drawn.
- One cache read per visit, and a small one: each web process keeps the pages it served
  lately in its own memory (``_Kept``, a few MB), so a visit reads only the version from
  the shared cache; a page this process has not kept comes with the version in one
  ``get_many``. The version is always read from the shared cache: a process never trusts
  its own copy past a change another process made.
- The version is a random value, not a counter: if the cache evicts it, a new one is made
  and no old page can match it again (a counter restarting could meet an old number).
- ``public_changed()`` sets a new version at once (the rest of this request and the tests
  see it) and again when the transaction commits: a page drawn by another visitor between
  the two, from the rows before the commit, is left under a version that is gone.
- Only anonymous visitors without a session or messages cookie get cached pages (a
  signed-in user's page has their name and office links), in the language their cookie
  chose (core/middleware.chosen_language, as PersianFirstLocaleMiddleware chooses it).
  Public pages carry no per-visitor token (the language switch needs none: ravabet/urls.py
  says why; htmx's CSRF header is drawn for signed-in users only), so a kept page is the
  same bytes for everyone and a visit makes no CSRF secret and sets no cookie. A public
  page with a form of its own would still work: its CSRF token is put back fresh for each
  visitor, masked from their CSRF cookie, which CsrfViewMiddleware sets either way in.
- Only 200 answers to GET/HEAD are kept, and never one marked private or no-store, nor
  one that sets a cookie; any other method goes the whole way, through the CSRF check.
- Every kept page carries an ETag (of the page as kept) and the Last-Modified the view gave
  (the feeds give their newest item's): a reader that has it gets a 304, with no body.
"""

from __future__ import annotations

import hashlib
import re
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from ravabet.core.middleware import chosen_language

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., Any])

VERSION_KEY = "public:version"
# Long enough that a quiet site keeps its pages; a change makes them unreachable anyway.
PAGE_SECONDS = 24 * 3600
CSRF_PLACEHOLDER = "\x00ravabet-csrf\x00"
_CSRF_IN_PAGE = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{32,64})"')
_KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Vary",
    "Cache-Control",
    "ETag",
    "Last-Modified",
)


def _new_version() -> str:
    return uuid.uuid4().hex


def _set_new_version() -> None:
    cache.set(VERSION_KEY, _new_version(), None)


def public_changed(*_why: object) -> None:
    """Call after anything a visitor can see changed (published, edited, withdrawn,
    deleted, a public flag set or cleared, a municipality's or network's details): every
    cached public page is drawn again. Cheap (one cache write now, one on commit); call it
    inside the action's transaction. Arguments are ignored (a record, for the reader)."""
    _set_new_version()
    transaction.on_commit(_set_new_version)


def current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), None)
        version = cache.get(VERSION_KEY)
    return cast(str, version)


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _page_key(request: HttpRequest, language: str) -> str:
    htmx = "h" if request.headers.get("HX-Request") else "p"
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    # Pages list what is coming from today on: a new day is a new page.
    return f"public:page:{timezone.localdate().isoformat()}:{language}:{htmx}:{path}"


Entry = tuple[str, str, dict[str, str], bool]  # version, body, headers, has a CSRF token


class _Kept:
    """The pages this process served lately, newest last, within a budget of characters.

    Reading a page's entry from the shared cache costs more than the rest of a visit when
    the page is large (the database cache unpickles it from base64, Redis sends it over):
    kept here, a visit reads only the version. Threads of one process share it (gunicorn's
    gthread workers), hence the lock."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        with self.lock:
            return self.entries.get(key)

    def put(self, key: str, entry: Entry) -> None:
        size = len(entry[1])
        if size > self.budget:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.used -= len(old[1])
            self.entries[key] = entry
            self.used += size
            while self.used > self.budget:
                _key, dropped = self.entries.popitem(last=False)
                self.used -= len(dropped[1])

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.used = 0


# About 4 million characters (8-16 MB of str) per process: the home page, the network's, a
# few hundred articles and lists; the rest come from the shared cache as before.
_kept = _Kept(budget=4_000_000)


def _store(key: str, version: str, response: HttpResponse) -> Entry:
    body = response.content.decode(response.charset or "utf-8")
    tokens = set(_CSRF_IN_PAGE.findall(body))
    for token in tokens:
        body = body.replace(token, CSRF_PLACEHOLDER)
    headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
    if "ETag" not in headers:
        headers["ETag"] = f'W/"{hashlib.sha256(body.encode()).hexdigest()[:32]}"'
        response["ETag"] = headers["ETag"]
    entry = (version, body, headers, bool(tokens))
    cache.set(key, entry, PAGE_SECONDS)
    return entry


def _from_cache(request: HttpRequest, entry: Entry) -> HttpResponseBase:
    _version, body, headers, has_token = entry
    last_modified = parse_http_date_safe(headers.get("Last-Modified", ""))
    unchanged = get_conditional_response(
        request, etag=headers.get("ETag"), last_modified=last_modified
    )
    if unchanged is not None:  # 304 (or 412): the reader's copy is current
        for name in ("Vary", "Cache-Control", "Content-Language"):
            if name in headers:
                unchanged[name] = headers[name]
        return unchanged
    if has_token:
        body = body.replace(CSRF_PLACEHOLDER, get_token(request))
    response = HttpResponse(body)
    for name, value in headers.items():
        response[name] = value
    response["X-Ravabet-Cache"] = "hit"
    return response


def _lookup(key: str) -> tuple[str, Entry | None]:
    """The current version, and the page kept under the key at that version, if any."""
    entry = _kept.get(key)
    if entry is None:
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or current_version()
        entry = found.get(key)
    else:
        version = cache.get(VERSION_KEY) or current_version()
        if entry[0] != version:  # another process may have drawn it since the change
            entry = cache.get(key)
    if entry is None or entry[0] != version:
        return version, None
    _kept.put(key, entry)
    return version, entry


def _answer(request: HttpRequest, entry: Entry) -> HttpResponseBase:
    response = _from_cache(request, entry)
    # A signed-in visitor (a session cookie) gets another page at the same address.
    patch_vary_headers(response, ["Cookie"])
    return response


def public_page(view: ViewFunc) -> ViewFunc:
    """Serve the view's page from the cache while no public change came since it was drawn,
    and keep the page it draws for PublicCacheMiddleware and itself to serve next time."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not settings.PUBLIC_CACHE or not _cacheable_request(request):
            return cast(HttpResponseBase, view(request, *args, **kwargs))
        key = _page_key(request, get_language())
        version, entry = _lookup(key)
        if entry is not None:  # drawn by another process since the middleware looked
            return _answer(request, entry)
        response = view(request, *args, **kwargs)
        if _keepable(response):
            _kept.put(key, _store(key, version, response))
        patch_vary_headers(response, ["Cookie"])
        return cast(HttpResponseBase, response)

    wrapped.public_page = True  # type: ignore[attr-defined]
    return cast(ViewFunc, wrapped)


def _keepable(response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or not isinstance(response, HttpResponse):
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control and not response.cookies


# What the middleware after PublicCacheMiddleware does to a page that matters to an
# anonymous visitor, so a page served before them gets it too: the host check and the
# user agents refused (CommonMiddleware: a bad Host is still a 400), the language
# (Content-Language, Vary: Accept-Language), the visitor's CSRF cookie, whose secret the
# token put back in the page is masked from (CsrfViewMiddleware, as a drawn page gets it),
# and X-Frame-Options. They run in settings.MIDDLEWARE's order. The rest do nothing to a
# GET from a visitor with no session or messages cookie, and are the time saved: sessions
# (nothing to load; the page carries Vary: Cookie itself), auth (AnonymousUser), messages
# (none to show), htmx (request.htmx, for views) and axes (login attempts).
HIT_MIDDLEWARE = (
    "ravabet.core.middleware.PersianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)
_ENTRY = "_public_page_entry"


class PublicCacheMiddleware:
    """Serves a public page kept by ``public_page`` before the session, auth and the rest
    are run, as Django's FetchFromCacheMiddleware does: a visit from the cache costs the
    URL's resolution, one read of the version and HIT_MIDDLEWARE. Any other request, and a
    page not kept at the current version, goes on down the chain to the view, whose
    decorator draws and keeps it under the same key."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        later = list(settings.MIDDLEWARE)
        if MIDDLEWARE_PATH in later:
            later = later[later.index(MIDDLEWARE_PATH) + 1 :]
        hit: Callable[[HttpRequest], HttpResponseBase] = _serve_kept
        for name in reversed([name for name in later if name in HIT_MIDDLEWARE]):
            hit = import_string(name)(hit)
        self.serve_hit = hit

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if settings.PUBLIC_CACHE and _cacheable_request(request):
            key = _page_key(request, chosen_language(request))
            # Only public_page keeps pages: one kept here needs no resolving of its URL.
            if _kept.get(key) is not None or _is_public_page(request):
                _version, entry = _lookup(key)
                if entry is not None:
                    setattr(request, _ENTRY, entry)
                    return self.serve_hit(request)
        return self.get_response(request)


MIDDLEWARE_PATH = f"{PublicCacheMiddleware.__module__}.{PublicCacheMiddleware.__qualname__}"


def _is_public_page(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False  # CommonMiddleware's redirect to the address with a slash, or a 404
    return bool(getattr(match.func, "public_page", False))


def _serve_kept(request: HttpRequest) -> HttpResponseBase:
    return _answer(request, getattr(request, _ENTRY))
