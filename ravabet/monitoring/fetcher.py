"""Polite, bounded HTTP for news feeds and pages, feed discovery and feed parsing.

Every read has a connect and a read timeout and an overall deadline, stops at a size
limit, follows at most a few redirects (by hand, so a loop is caught and each hop is
checked), sends a clear user agent and the feed's ETag / Last-Modified. Addresses on
this machine or a private network are refused unless settings allow them (tests do).
A failure is a `FetchError` with a message for people; nothing here raises anything else.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import socket
import time
import warnings
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import urllib3
from django.conf import settings
from django.utils.translation import gettext as _

from ravabet.lib.i18n import local_digits

from .dates import entry_date

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
DEADLINE = 20.0
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")

_pool = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(CONNECT_TIMEOUT, READ_TIMEOUT))


class FetchError(Exception):
    """A read that failed, with what to tell the office."""


def user_agent() -> str:
    site = getattr(settings, "SITE_URL", "") or "https://ravabet.example"
    return f"Ravabet-monitor/1.0 (+{site}; municipal PR media monitoring)"


def _timeouts() -> tuple[float, float, float]:
    return (
        getattr(settings, "MONITORING_CONNECT_TIMEOUT", CONNECT_TIMEOUT),
        getattr(settings, "MONITORING_READ_TIMEOUT", READ_TIMEOUT),
        getattr(settings, "MONITORING_DEADLINE", DEADLINE),
    )


def _check_address(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(_("Only http and https addresses can be read."))
    if getattr(settings, "MONITORING_ALLOW_PRIVATE", False):
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise FetchError(_("The site's name could not be found.")) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise FetchError(_("Addresses on a private network cannot be read."))


@dataclass
class Fetched:
    url: str  # the final address, after redirects
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def fetch(url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
    """GET `url` within the bounds; 304 comes back with an empty body."""
    connect, read, deadline_after = _timeouts()
    deadline = time.monotonic() + deadline_after
    headers = {
        "User-Agent": user_agent(),
        "Accept": "application/rss+xml, application/atom+xml, "
        "application/xml;q=0.9, text/html;q=0.8, */*;q=0.5",
        "Accept-Encoding": "gzip",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    seen = {url}
    for _hop in range(MAX_REDIRECTS + 1):
        _check_address(url)
        try:
            response = _pool.request(
                "GET",
                url,
                headers=headers,
                redirect=False,
                preload_content=False,
                timeout=urllib3.Timeout(connect=connect, read=read),
            )
        except urllib3.exceptions.TimeoutError:
            raise FetchError(_("The site did not answer in time.")) from None
        except (urllib3.exceptions.HTTPError, OSError, ValueError) as error:
            raise FetchError(
                _("The site could not be reached: %(error)s") % {"error": type(error).__name__}
            ) from None
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(_("The site redirected to nowhere."))
                url = urljoin(url, location)
                if url in seen:
                    raise FetchError(_("The site redirects in a loop."))
                seen.add(url)
                continue
            body = _read_bounded(response, deadline)
        finally:
            response.release_conn()
        answer = {k.lower(): v for k, v in response.headers.items()}
        if response.status == 304:
            return Fetched(url, 304, b"", answer)
        if response.status >= 400:
            raise FetchError(
                _("The site answered with error %(status)s.") % {"status": response.status}
            )
        return Fetched(url, response.status, body, answer)
    raise FetchError(_("The site redirects too many times."))


def _too_large() -> str:
    return _("The answer is too large (over %(mb)s MB).") % {"mb": local_digits(MAX_BYTES >> 20)}


def _read_bounded(response: Any, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > MAX_BYTES:
        raise FetchError(
            _("The answer is too large (over %(mb)s MB).")
            % {"mb": local_digits(MAX_BYTES // 2**20)}
        )
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.stream(CHUNK, decode_content=True):
            size += len(chunk)
            if size > MAX_BYTES:
                raise FetchError(
                    _("The answer is too large (over %(mb)s MB).")
                    % {"mb": local_digits(MAX_BYTES // 2**20)}
                )
            if time.monotonic() > deadline:
                raise FetchError(_("The site did not answer in time."))
            chunks.append(chunk)
    except urllib3.exceptions.TimeoutError:
        raise FetchError(_("The site did not answer in time.")) from None
    except (urllib3.exceptions.HTTPError, OSError) as error:
        raise FetchError(
            _("The answer was cut short: %(error)s") % {"error": type(error).__name__}
        ) from None
    return b"".join(chunks)


# --- discovery ------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.feeds: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link":
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        rel = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower()
        if "alternate" in rel and kind in FEED_TYPES and values.get("href"):
            self.feeds.append(values["href"])


def looks_like_feed(fetched: Fetched) -> bool:
    kind = fetched.content_type.split(";")[0].strip().lower()
    if kind in FEED_TYPES or kind.endswith("+xml"):
        return True
    head = fetched.body[:500].lstrip().lower()
    return head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed")


def discover(page: Fetched) -> str | None:
    """The first feed a page announces with <link rel="alternate">, made absolute."""
    parser = _Links()
    try:
        parser.feed(page.body[:MAX_BYTES].decode("utf-8", errors="replace"))
    except Exception:
        return None
    return urljoin(page.url, parser.feeds[0]) if parser.feeds else None


# --- parsing --------------------------------------------------------------------------


@dataclass
class Entry:
    url: str
    guid: str
    title: str
    summary: str
    published_at: dt.datetime
    date_guessed: bool


@dataclass
class Feed:
    title: str
    link: str
    entries: list[Entry]


_TAGS = re.compile(r"<[^>]+>")
_DECLARED = re.compile(rb"""^(\s*<\?xml[^>]*encoding=["'])([A-Za-z0-9_\-]+)(["'])""")


def _text(html: str) -> str:
    from html import unescape

    return " ".join(unescape(_TAGS.sub(" ", html or "")).split())


def _fix_encoding(body: bytes, content_type: str) -> tuple[bytes, str]:
    """Bytes that are valid UTF-8 are read as UTF-8 whatever the feed declares (Persian
    feeds often declare ISO-8859-1 or windows-1256 and send UTF-8); bytes that are not
    UTF-8 but declared so are read as windows-1256, the older Persian code page."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        declared = _DECLARED.match(body)
        name = declared.group(2).decode().lower() if declared else ""
        header = content_type.lower().partition("charset=")[2].strip(" \"'")
        if name in ("", "utf-8", "utf8") and header in ("", "utf-8", "utf8"):
            try:
                text = body.decode("cp1256")
            except UnicodeDecodeError:
                return body, content_type
            body = _DECLARED.sub(rb"\1utf-8\3", text.encode("utf-8"), count=1)
            return body, "application/xml; charset=utf-8"
        return body, content_type
    body = _DECLARED.sub(rb"\1utf-8\3", body, count=1)
    kind = content_type.split(";")[0].strip() or "application/xml"
    return body, f"{kind}; charset=utf-8"


def parse_feed(body: bytes, content_type: str, fetched_at: dt.datetime) -> Feed:
    body, content_type = _fix_encoding(body, content_type)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        # Entries' HTML is reduced to plain text here and shown escaped, never as HTML:
        # feedparser's sanitizer and URI resolution would only cost time.
        parsed = feedparser.parse(
            body,
            response_headers={"content-type": content_type},
            sanitize_html=False,
            resolve_relative_uris=False,
        )
        return _entries(parsed, fetched_at)


def _entries(parsed: Any, fetched_at: dt.datetime) -> Feed:
    if not parsed.entries and (parsed.bozo or not parsed.get("feed")):
        raise FetchError(_("The feed could not be read (it is not well-formed RSS or Atom)."))
    entries = []
    for raw in parsed.entries:
        link = raw.get("link") or ""
        if not link.startswith(("http://", "https://")):
            continue
        date_text = raw.get("published") or raw.get("updated") or raw.get("dc_date") or ""
        struct = raw.get("published_parsed") or raw.get("updated_parsed")
        published_at, guessed = entry_date(date_text, struct, fetched_at)
        summary = raw.get("summary") or ""
        if not summary and raw.get("content"):
            summary = raw["content"][0].get("value", "")
        entries.append(
            Entry(
                url=link[:1000],
                guid=(raw.get("id") or "")[:500],
                title=_text(raw.get("title") or "")[:500] or link[:500],
                summary=_text(summary),
                published_at=published_at,
                date_guessed=guessed,
            )
        )
    if parsed.bozo and not entries:
        raise FetchError(_("The feed could not be read (it is not well-formed RSS or Atom)."))
    feed = parsed.get("feed", {})
    return Feed(
        title=_text(feed.get("title", ""))[:200], link=feed.get("link", ""), entries=entries
    )
