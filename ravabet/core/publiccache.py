"""Public pages served from the cache, never older than the last public change.

Every public page an anonymous visitor reads (home, a network's and a municipality's pages,
the news lists, an article, the feeds, the events pages, the public search) is kept in the
shared cache (the database's or Redis: settings.CACHES) under its path and language, with
the *public version* it was rendered at. One version covers all public content: any
publish, edit or withdrawal, anywhere, calls ``public_changed()``, which gives the version a
new value, and every cached page then no longer matches it and is drawn again on its next
visit. So a visitor never sees a page older than the last change, and a withdrawn item
vanishes from every page at once.

- One cache read per visit: the page's entry and the version come in one ``get_many``.
- The version is a random value, not a counter: if the cache evicts it, a new one is made
  and no old page can match it again (a counter restarting could meet an old number).
- ``public_changed()`` sets a new version at once (the rest of this request and the tests
  see it) and again when the transaction commits: a page drawn by another visitor between
  the two, from the rows before the commit, is left under a version that is gone.
- Only anonymous visitors without a session or messages get cached pages (a signed-in
  user's page has their name and office links); the CSRF token in a page (the language
  switch) is put back fresh for each visitor.
- Only 200 answers to GET/HEAD are kept, and never one marked private or no-store.
- Every kept page carries an ETag (of the page as kept) and the Last-Modified the view gave
  (the feeds give their newest item's): a reader that has it gets a 304, with no body.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language

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


def _page_key(request: HttpRequest) -> str:
    htmx = "h" if request.headers.get("HX-Request") else "p"
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    # Pages list what is coming from today on: a new day is a new page.
    return f"public:page:{timezone.localdate().isoformat()}:{get_language()}:{htmx}:{path}"


def _store(key: str, version: str, response: HttpResponse) -> None:
    body = response.content.decode(response.charset or "utf-8")
    tokens = set(_CSRF_IN_PAGE.findall(body))
    for token in tokens:
        body = body.replace(token, CSRF_PLACEHOLDER)
    headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
    if "ETag" not in headers:
        headers["ETag"] = f'W/"{hashlib.sha256(body.encode()).hexdigest()[:32]}"'
        response["ETag"] = headers["ETag"]
    cache.set(key, (version, body, headers, bool(tokens)), PAGE_SECONDS)


def _from_cache(
    request: HttpRequest, entry: tuple[str, str, dict[str, str], bool]
) -> HttpResponseBase:
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


def public_page(view: ViewFunc) -> ViewFunc:
    """Serve the view's page from the cache while no public change came since it was drawn."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not settings.PUBLIC_CACHE or not _cacheable_request(request):
            return cast(HttpResponseBase, view(request, *args, **kwargs))
        key = _page_key(request)
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or current_version()
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            response = _from_cache(request, entry)
        else:
            response = view(request, *args, **kwargs)
            if _keepable(response):
                _store(key, version, response)
        # A signed-in visitor (a session cookie) gets another page at the same address.
        patch_vary_headers(response, ["Cookie"])
        return cast(HttpResponseBase, response)

    wrapped.public_page = True  # type: ignore[attr-defined]
    return cast(ViewFunc, wrapped)


def _keepable(response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or not isinstance(response, HttpResponse):
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control and not response.cookies
