"""Issue 9, resources, in the newsroom: a .docx zip bomb and a 40-megapixel photo are
refused before anything decodes them; the messenger bot URL reaches only an official
bot API host, over https, at a public address, with no redirect followed."""

from __future__ import annotations

import socket
import threading
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ImageFile

from ravabet.lib.tests.test_trust_resources import MB, docx_bomb, huge_png, lying_zip, real_docx
from ravabet.newsroom.messenger import UnsafeBotURL, check_bot_url
from ravabet.newsroom.models import ChannelPost, NewsItem, NewsroomSettings, Photo, PostStatus

from .test_channel import GOOD_TOKEN, bot_api, configured, post  # noqa: F401  (fixtures)
from .test_photos import upload

IMPORT = "/office/m/rudsar/news/import/"
SETTINGS = "/office/m/rudsar/news/settings/"


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return docx_bomb(200)


def test_a_docx_zip_bomb_is_refused_before_python_docx_reads_it(
    client_for, rudsar_reporter, rudsar, bomb
):
    assert len(bomb) < MB  # 200 MB once unpacked
    client = client_for(rudsar_reporter)
    with mock.patch("docx.Document") as document:
        tracemalloc.start()
        started = time.perf_counter()
        response = client.post(IMPORT, {"file": SimpleUploadedFile("bomb.docx", bomb)})
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert response.status_code == 400
    assert "بمب زیپ" in response.content.decode()
    document.assert_not_called()
    assert elapsed < 2
    assert peak < 30 * MB
    assert not NewsItem.objects.exists()


def test_a_docx_whose_sizes_lie_is_refused(client_for, rudsar_reporter, rudsar):
    liar = lying_zip(real_docx(), "word/document.xml", megabytes=30)
    with mock.patch("docx.Document") as document:
        response = client_for(rudsar_reporter).post(
            IMPORT, {"file": SimpleUploadedFile("liar.docx", liar)}
        )
    assert response.status_code == 400
    assert "آیا واقعاً فایل Word است" in response.content.decode()
    document.assert_not_called()
    assert not NewsItem.objects.exists()


def test_a_real_docx_still_makes_a_draft(client_for, rudsar_reporter, rudsar):
    response = client_for(rudsar_reporter).post(
        IMPORT, {"file": SimpleUploadedFile("news.docx", real_docx())}
    )
    assert response.status_code == 302
    assert NewsItem.objects.get().source_agency == "خبرگزاری برنا"


def test_a_40_megapixel_photo_is_refused_before_decoding(client_for, rudsar_reporter, rudsar_draft):
    png = huge_png()
    assert len(png) < 128 * 1024
    with mock.patch.object(ImageFile.ImageFile, "load", autospec=True) as load:
        started = time.perf_counter()
        response = upload(client_for(rudsar_reporter), rudsar_draft, png, "wide.png")
        elapsed = time.perf_counter() - started
    assert response.status_code == 400
    page = response.content.decode()
    assert "مگاپیکسل" in page and "۸۰۰۰×۵۰۰۰" in page
    load.assert_not_called()
    assert elapsed < 2
    assert not Photo.objects.exists()


# --- The messenger bot URL -----------------------------------------------------------------

REAL_GETADDRINFO = socket.getaddrinfo


def fake_dns(names: dict[str, str]) -> Any:
    """Name resolution for the hosts named (an outside service), the real one for others."""

    def getaddrinfo(host: str, port: Any, *args: Any, **kwargs: Any) -> list:
        if host in names:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (names[host], port))]
        return REAL_GETADDRINFO(host, port, *args, **kwargs)

    return mock.patch("socket.getaddrinfo", getaddrinfo)


REFUSED = [
    ("http://127.0.0.1:8081", "https://"),
    ("https://127.0.0.1", "API ربات یک پیام‌رسان نیست"),
    ("https://localhost", "API ربات یک پیام‌رسان نیست"),
    ("http://api.telegram.org", "https://"),
    ("https://bot.evil.example.org", "API ربات یک پیام‌رسان نیست"),
    ("https://api.telegram.org:8443", "درگاه"),
    ("https://user:pw@api.telegram.org", "نام کاربری"),
    ("https://relay.example.org", "نشانی خصوصی"),  # listed in settings, resolves to 10.x
]


@pytest.fixture
def dns(settings):  # type: ignore[no-untyped-def]
    settings.MESSENGER_API_HOSTS = ["api.telegram.org", "tapi.bale.ai", "relay.example.org"]
    with fake_dns(
        {"api.telegram.org": "149.154.167.220", "relay.example.org": "10.20.30.40"}
    ) as patched:
        yield patched


@pytest.mark.parametrize(("url", "says"), REFUSED)
def test_the_settings_form_refuses_an_unsafe_bot_url(
    client_for, rudsar_head, rudsar, dns, url, says
):
    response = client_for(rudsar_head).post(
        SETTINGS,
        {"channel": "telegram", "bot_api_url": url, "bot_token": "1:x", "chat_id": "@rudsar"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error"' in page and says in page
    assert not NewsroomSettings.objects.filter(municipality=rudsar, bot_api_url=url).exists()


@pytest.mark.parametrize(("url", "says"), REFUSED)
def test_check_bot_url_refuses_the_same(rudsar, dns, url, says):
    with pytest.raises(UnsafeBotURL) as caught:
        check_bot_url(f"{url}/bot1:x/sendMessage")
    assert caught.value.permanent
    assert "1:x" not in caught.value.reason  # the token never goes into a message


def test_the_official_hosts_are_accepted(client_for, rudsar_head, rudsar, dns):
    check_bot_url("https://api.telegram.org/bot1:x/sendMessage")
    response = client_for(rudsar_head).post(
        SETTINGS,
        {
            "channel": "telegram",
            "bot_api_url": "https://api.telegram.org",
            "bot_token": "1:x",
            "chat_id": "@rudsar",
        },
    )
    assert response.status_code == 302
    assert NewsroomSettings.objects.get(municipality=rudsar).api_base == "https://api.telegram.org"


def test_a_private_address_is_refused_at_send_time(
    client_for,
    rudsar_head,
    rudsar_published,
    configured,  # noqa: F811
    bot_api,  # noqa: F811
    run_tasks,
    django_capture_on_commit_callbacks,
):
    # Saved when the name was public; by the time of sending it resolves to loopback.
    configured.bot_api_url = "https://api.telegram.org"
    configured.save()
    with fake_dns({"api.telegram.org": "127.0.0.1"}):
        post(
            client_for(rudsar_head), rudsar_published, run_tasks, django_capture_on_commit_callbacks
        )
    channel_post = ChannelPost.objects.get()
    assert channel_post.status == PostStatus.FAILED
    assert "127.0.0.1" in channel_post.reason or "۱۲۷" in channel_post.reason
    assert bot_api.calls == []


class Redirector(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.send_response(307)
        self.send_header("Location", self.server.target)  # type: ignore[attr-defined]
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
        pass


def test_a_redirect_is_not_followed(
    client_for,
    rudsar_head,
    rudsar_published,
    configured,  # noqa: F811
    bot_api,  # noqa: F811
    settings,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    host, port = bot_api.server_address
    server: Any = ThreadingHTTPServer(("127.0.0.1", 0), Redirector)
    server.target = f"http://{host}:{port}/bot{GOOD_TOKEN}/sendMessage"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        origin = "http://{}:{}".format(*server.server_address)
        settings.MESSENGER_API_TEST_ORIGINS = [*settings.MESSENGER_API_TEST_ORIGINS, origin]
        configured.bot_api_url = origin
        configured.save()
        post(
            client_for(rudsar_head), rudsar_published, run_tasks, django_capture_on_commit_callbacks
        )
    finally:
        server.shutdown()
        server.server_close()
    channel_post = ChannelPost.objects.get()
    assert channel_post.status == PostStatus.FAILED
    assert channel_post.reason.startswith("307")
    assert bot_api.calls == []  # the address it pointed to was never reached
