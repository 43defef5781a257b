"""A real HTTP server for the feeds (no internet): fixture feeds of every dialect and
every way a news site goes wrong, served from this process on a free port."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ravabet.monitoring import pipeline
from ravabet.monitoring.actions import save_watch
from ravabet.monitoring.models import Source, WatchKind, WatchList
from ravabet.network.models import Municipality

MAYOR = "مهدی رحیمی‌پور"
# The mayor as a news site writes him: Arabic yeh, no ZWNJ.
MAYOR_ARABIC = "مهدي رحيميپور"

STORY = (
    "به گزارش روابط عمومی شهرداری رودسر، {mayor} شهردار رودسر امروز در بازدید از پروژه "
    "بازسازی پیاده‌راه ساحلی گفت عملیات اجرایی این طرح با اعتباری بالغ بر ۱۲۰ میلیارد ریال "
    "تا پایان پاییز به پایان می‌رسد و بخش نخست آن برای مسافران نوروزی آماده خواهد شد. "
    "وی با اشاره به مشارکت شهروندان در طراحی این پروژه افزود نظرات کسبه محلی و اهالی "
    "محله‌های ساحلی در طرح نهایی لحاظ شده است و نورپردازی، مبلمان شهری و مسیر دوچرخه "
    "نیز در این مرحله اجرا می‌شود. شهردار رودسر همچنین از آغاز لایروبی رودخانه شهر پیش "
    "از بارش‌های زمستانی خبر داد و گفت این کار با همکاری اداره منابع طبیعی انجام می‌شود."
)


def rss(
    items: list[dict[str, str]], *, title: str = "خبرگزاری نمونه", encoding: str = "utf-8"
) -> bytes:
    parts = [
        f'<?xml version="1.0" encoding="{encoding}"?>',
        '<rss version="2.0"><channel>',
        f"<title>{title}</title><link>http://news.test/</link><description>اخبار</description>",
    ]
    for item in items:
        parts.append("<item>")
        parts.append(f"<title>{item['title']}</title><link>{item['link']}</link>")
        if "date" in item:
            parts.append(f"<pubDate>{item['date']}</pubDate>")
        parts.append(f"<description>{item.get('summary', '')}</description>")
        parts.append(f"<guid>{item['link']}</guid></item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def atom(entries: list[dict[str, str]]) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>پایگاه خبری اتم</title>',
        "<id>urn:atom-test</id><updated>2026-11-30T08:00:00Z</updated>",
    ]
    for entry in entries:
        parts.append(
            f'<entry><title>{entry["title"]}</title><link href="{entry["link"]}"/>'
            f"<id>{entry['link']}</id><updated>{entry['date']}</updated>"
            f"<summary>{entry.get('summary', '')}</summary></entry>"
        )
    parts.append("</feed>")
    return "".join(parts).encode("utf-8")


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    # Streams this many bytes without a Content-Length (a huge answer).
    stream: int = 0


@dataclass
class FeedServer:
    url: str
    routes: dict[str, Route]
    hits: list[str] = field(default_factory=list)

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url + path


class _Handler(BaseHTTPRequestHandler):
    server_state: FeedServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        state = self.server.state  # type: ignore[attr-defined]
        state.hits.append(self.path)
        route = state.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.end_headers()
            return
        if route.delay:
            time.sleep(route.delay)
        try:
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.stream:
                self.end_headers()
                block = b"<!-- " + b"x" * 65_000 + b" -->"
                sent = 0
                while sent < route.stream:
                    self.wfile.write(block)
                    sent += len(block)
                return
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture
def feed_server(settings) -> Iterator[FeedServer]:  # type: ignore[no-untyped-def]
    settings.MONITORING_ALLOW_PRIVATE = True
    settings.MONITORING_READ_TIMEOUT = 1.0
    settings.MONITORING_DEADLINE = 4.0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    state = FeedServer(f"http://127.0.0.1:{server.server_address[1]}", {})
    server.state = state  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    pipeline.forget_index()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        pipeline.forget_index()


@pytest.fixture
def mayor_watch(rudsar: Municipality) -> WatchList:
    return save_watch(
        rudsar, name="شهردار رودسر", kind=WatchKind.MAYOR, aliases=[MAYOR], exclusions=[]
    )


@pytest.fixture
def make_source() -> Callable[..., Source]:
    def make(owner: Municipality, url: str, name: str = "خبرگزاری نمونه") -> Source:
        return Source.objects.create(municipality=owner, name=name, feed_url=url)

    return make
