"""Polite, bounded HTTP for news feeds and pages, feed discovery and feed parsing.

Every read has a connect and a read timeout and an overall deadline, stops at a size
limit, follows at most a few redirects (by hand, so a loop is caught and each hop is
checked), sends a clear user agent and the feed's ETag / Last-Modified. Addresses on
this machine or a private network are refused unless settings allow them (tests do).
A failure is a `FetchError` with a message for people; nothing here raises anything else.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import re
import socket
import threading
import time
import warnings
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import urllib3
from django.conf import settings
from feedparser.datetimes import _parse_date
from feedparser.html import _cp1252
from feedparser.urls import _urljoin
from lxml import etree

from .dates import entry_date
from .models import FetchProblem

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
DEADLINE = 20.0
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")

_pool = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(CONNECT_TIMEOUT, READ_TIMEOUT))


class FetchError(Exception):
    """A read that failed: why, and the parameters of its message (shown in the reader's
    language, so it is written only when shown)."""

    def __init__(self, problem: FetchProblem, **params: str | int) -> None:
        super().__init__(problem.value, params)
        self.problem = problem
        self.params = params

    def __str__(self) -> str:
        return FetchProblem.message(self.problem, self.params)


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
        raise FetchError(FetchProblem.NOT_WEB)
    if getattr(settings, "MONITORING_ALLOW_PRIVATE", False):
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise FetchError(FetchProblem.NO_NAME) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise FetchError(FetchProblem.PRIVATE)


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
            raise FetchError(FetchProblem.TIMEOUT) from None
        except (urllib3.exceptions.HTTPError, OSError, ValueError) as error:
            raise FetchError(FetchProblem.UNREACHABLE, error=type(error).__name__) from None
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(FetchProblem.REDIRECT_NOWHERE)
                url = urljoin(url, location)
                if url in seen:
                    raise FetchError(FetchProblem.REDIRECT_LOOP)
                seen.add(url)
                continue
            body = _read_bounded(response, deadline)
        finally:
            response.release_conn()
        answer = {k.lower(): v for k, v in response.headers.items()}
        if response.status == 304:
            return Fetched(url, 304, b"", answer)
        if response.status >= 400:
            raise FetchError(FetchProblem.HTTP_ERROR, status=str(response.status))
        return Fetched(url, response.status, body, answer)
    raise FetchError(FetchProblem.TOO_MANY_REDIRECTS)


def _read_bounded(response: Any, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > MAX_BYTES:
        raise FetchError(FetchProblem.TOO_LARGE, mb=MAX_BYTES // 2**20)
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.stream(CHUNK, decode_content=True):
            size += len(chunk)
            if size > MAX_BYTES:
                raise FetchError(FetchProblem.TOO_LARGE, mb=MAX_BYTES // 2**20)
            if time.monotonic() > deadline:
                raise FetchError(FetchProblem.TIMEOUT)
            chunks.append(chunk)
    except urllib3.exceptions.TimeoutError:
        raise FetchError(FetchProblem.TIMEOUT) from None
    except (urllib3.exceptions.HTTPError, OSError) as error:
        raise FetchError(FetchProblem.CUT_SHORT, error=type(error).__name__) from None
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
    """The feed's entries: plain RSS 2.0 and Atom read by lxml, anything else by feedparser."""
    body, content_type = _fix_encoding(body, content_type)
    return _read_common(body, content_type, fetched_at) or _read_any(body, content_type, fetched_at)


def read_common(body: bytes, content_type: str, fetched_at: dt.datetime) -> Feed | None:
    """The fast path alone (None: the feed is not one it reads)."""
    return _read_common(*_fix_encoding(body, content_type), fetched_at)


def read_any(body: bytes, content_type: str, fetched_at: dt.datetime) -> Feed:
    """feedparser alone."""
    return _read_any(*_fix_encoding(body, content_type), fetched_at)


def _read_any(body: bytes, content_type: str, fetched_at: dt.datetime) -> Feed:
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
        raise FetchError(FetchProblem.NOT_A_FEED)
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
        raise FetchError(FetchProblem.NOT_A_FEED)
    feed = parsed.get("feed", {})
    return Feed(
        title=_text(feed.get("title", ""))[:200], link=feed.get("link", ""), entries=entries
    )


# --- the common shapes, fast ----------------------------------------------------------
#
# feedparser costs most of the text stage (its SAX handlers run in Python for every
# element). Plain RSS 2.0 and Atom 1.0 — nearly every news feed — are read here with
# lxml, giving exactly what feedparser gives for them: the same stripping, the same
# repairs it makes to every value, its rules for which link and which date an item has
# and its date parser. Anything this reader does not know (another namespace, markup
# inside a field, a DOCTYPE, xml:base, a field given twice, broken XML, no items it can
# keep) goes to feedparser as before.

_ATOM = "{http://www.w3.org/2005/Atom}"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


class _Parsers(threading.local):
    """One lxml parser per thread (a parser must not be shared between threads), with
    defusedxml's safety: no network, no entities expanded, no DTD read, and libxml2's
    default size limits."""

    def __init__(self) -> None:
        self.xml = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
        )


_parsers = _Parsers()
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Elements that give nothing the monitor keeps and change nothing feedparser gives it.
_RSS_CHANNEL_OTHER = {
    "description",
    "language",
    "copyright",
    "managingEditor",
    "webMaster",
    "pubDate",
    "lastBuildDate",
    "category",
    "generator",
    "docs",
    "ttl",
    "image",
    "rating",
    "skipHours",
    "skipDays",
}
_RSS_ITEM_OTHER = {"author", "category", "comments", "enclosure"}
_RSS_ITEM = {"title", "link", "guid", "pubDate", "description"}
_ATOM_FEED_OTHER = {
    f"{_ATOM}{name}"
    for name in ("subtitle", "updated", "author", "generator", "icon", "logo", "rights")
} | {f"{_ATOM}category", f"{_ATOM}contributor"}
_ATOM_ENTRY_OTHER = {f"{_ATOM}{name}" for name in ("author", "contributor", "category", "rights")}
_ATOM_ENTRY = {f"{_ATOM}{name}" for name in ("title", "id", "published", "updated", "summary")}
_ATOM_ENTRY |= {f"{_ATOM}content"}
_C1 = re.compile("[\x80-\x9f]")
_LINK_ENTITY = re.compile("&([A-Za-z0-9_]+);")


class _Unusual(Exception):
    """The feed is not one of the common shapes: feedparser reads it."""


def _finish(value: str, *, uri: bool = False) -> str:
    # What feedparser does to every value it keeps (mixin.pop): strip, resolve a URI
    # against the (empty) base, undo UTF-8 read as Latin-1, map the C1 controls of
    # windows-1252 to the characters they meant.
    value = value.strip()
    if uri:
        value = _urljoin("", value)
    if value.isascii():
        return value
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        value = value.encode("iso-8859-1").decode("utf-8")
    return value.translate(_cp1252) if _C1.search(value) else value


def _plain(element: Any, *, uri: bool = False) -> str:
    """A field's text; one with markup or comments inside is left to feedparser."""
    if len(element) or element.attrib.get("type", "text") not in ("text", "html"):
        raise _Unusual
    return _finish(element.text or "", uri=uri)


def _read_common(body: bytes, content_type: str, fetched_at: dt.datetime) -> Feed | None:
    if "charset=utf-8" not in content_type:
        return None
    try:
        root = etree.fromstring(body, _parsers.xml)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root.getroottree().docinfo.doctype:
        return None
    try:
        if root.tag == "rss":
            feed = _rss(root, fetched_at)
        elif root.tag == f"{_ATOM}feed":
            feed = _atom(root, fetched_at)
        else:
            return None
    except _Unusual:
        return None
    # No item kept: feedparser decides whether that is an error, as it always has.
    return feed if feed.entries else None


def _check(element: Any) -> None:
    if _XML_BASE in element.attrib:
        raise _Unusual


def _rss(root: Any, fetched_at: dt.datetime) -> Feed:
    _check(root)
    channels = list(root)
    if len(channels) != 1 or channels[0].tag != "channel":
        raise _Unusual
    channel = channels[0]
    _check(channel)
    title = link = None
    entries = []
    for child in channel:
        tag = child.tag
        if tag == "item":
            entry = _rss_item(child, fetched_at)
            if entry is not None:
                entries.append(entry)
        elif tag == "title" and title is None:
            title = _plain(child)
        elif tag == "link" and link is None and not child.attrib:
            link = _LINK_ENTITY.sub(r"&\g<1>", _plain(child, uri=True))
        elif tag in _RSS_CHANNEL_OTHER:
            continue
        elif tag == f"{_ATOM}link" and child.get("rel") == "self":
            continue  # the feed's own address, common in RSS
        else:
            raise _Unusual
    return Feed(title=_text(title or "")[:200], link=link or "", entries=entries)


def _rss_item(item: Any, fetched_at: dt.datetime) -> Entry | None:
    _check(item)
    fields: dict[str, Any] = {}
    for child in item:
        tag = child.tag
        if tag in _RSS_ITEM:
            if tag in fields or (child.attrib and tag != "guid"):
                raise _Unusual
            fields[tag] = child
        elif tag not in _RSS_ITEM_OTHER:
            raise _Unusual
    guid = fields.get("guid")
    permalink = guid is not None and guid.attrib.get("isPermaLink", "true") == "true"
    if guid is not None and set(guid.attrib) - {"isPermaLink"}:
        raise _Unusual
    guid_text = _plain(guid, uri=permalink) if guid is not None else ""
    if "link" in fields:
        link = _plain(fields["link"], uri=True).replace("&amp;", "&")
        link = _LINK_ENTITY.sub(r"&\g<1>", link)
    else:
        link = guid_text if permalink else ""
    published = _plain(fields["pubDate"]) if "pubDate" in fields else ""
    struct = _parse_date(published) if "pubDate" in fields else None
    return _entry(
        link,
        guid_text,
        _plain(fields["title"]) if "title" in fields else "",
        _plain(fields["description"]) if "description" in fields else "",
        published,
        struct,
        fetched_at,
    )


def _atom(root: Any, fetched_at: dt.datetime) -> Feed:
    _check(root)
    title = link = feed_id = None
    entries = []
    for child in root:
        tag = child.tag
        if tag == f"{_ATOM}entry":
            entry = _atom_entry(child, fetched_at)
            if entry is not None:
                entries.append(entry)
        elif tag == f"{_ATOM}title" and title is None:
            title = _plain(child)
        elif tag == f"{_ATOM}link":
            link = _atom_link(child) or link
        elif tag == f"{_ATOM}id" and feed_id is None and not child.attrib:
            feed_id = _plain(child, uri=True)
        elif tag not in _ATOM_FEED_OTHER:
            raise _Unusual
    # As for an entry, feedparser takes the feed's id for its link when it has none.
    return Feed(title=_text(title or "")[:200], link=link or feed_id or "", entries=entries)


def _atom_link(element: Any) -> str | None:
    """The address when it is the alternate HTML page (feedparser keeps the last such)."""
    _check(element)
    href = element.get("href")
    if href is None or len(element):
        raise _Unusual
    rel = element.get("rel", "alternate")
    kind = element.get("type", "application/atom+xml" if rel == "self" else "text/html")
    if rel == "alternate" and kind.lower() in _HTML_TYPES:
        return _urljoin("", href)
    return None


def _atom_entry(entry: Any, fetched_at: dt.datetime) -> Entry | None:
    _check(entry)
    fields: dict[str, Any] = {}
    link = None
    for child in entry:
        tag = child.tag
        if tag == f"{_ATOM}link":
            link = _atom_link(child) or link
        elif tag in _ATOM_ENTRY:
            if tag in fields:
                raise _Unusual
            _check(child)
            fields[tag] = child
        elif tag not in _ATOM_ENTRY_OTHER:
            raise _Unusual
    id_element = fields.get(f"{_ATOM}id")
    if id_element is not None and id_element.attrib:
        raise _Unusual
    guid = _plain(id_element, uri=True) if id_element is not None else ""
    if link is None:
        link = guid  # feedparser takes an entry's id for its link when it has none
    content = fields.get(f"{_ATOM}content")
    if content is not None and set(content.attrib) - {"type"}:
        raise _Unusual
    summary_element = fields.get(f"{_ATOM}summary")
    summary = _plain(summary_element) if summary_element is not None else ""
    if not summary and content is not None:
        summary = _plain(content)
    dated = {}
    for name in ("published", "updated"):
        element = fields.get(f"{_ATOM}{name}")
        if element is not None:
            value = _plain(element)
            dated[name] = (value, _parse_date(value))
    published = dated.get("published", ("", None))
    updated = dated.get("updated", ("", None))
    return _entry(
        link,
        guid,
        _plain(fields[f"{_ATOM}title"]) if f"{_ATOM}title" in fields else "",
        summary,
        published[0] or updated[0],
        published[1] or updated[1],
        fetched_at,
    )


def _entry(
    link: str,
    guid: str,
    title: str,
    summary: str,
    date_text: str,
    struct: time.struct_time | None,
    fetched_at: dt.datetime,
) -> Entry | None:
    """An Entry made exactly as `_entries` makes it from feedparser's entry."""
    if not link.startswith(("http://", "https://")):
        return None
    published_at, guessed = entry_date(date_text, struct, fetched_at)
    return Entry(
        url=link[:1000],
        guid=guid[:500],
        title=_text(title)[:500] or link[:500],
        summary=_text(summary),
        published_at=published_at,
        date_guessed=guessed,
    )
