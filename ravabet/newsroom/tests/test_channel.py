"""Posting to a messenger channel through a bot API of the Telegram kind.

A local HTTP server stands in for the API (Telegram and Bale answer alike): it checks the
token, answers sendMessage/sendPhoto like the real one, and errors like it too.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from ravabet.newsroom.models import ChannelPost, NewsroomSettings, PostStatus
from ravabet.newsroom.panel import panel as newsroom_panel

from .conftest import photo_bytes

GOOD_TOKEN = "123456:ABC-good"


class FakeBotAPI(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)
        _empty, bot, method = self.path.split("/", 2)
        server: Any = self.server
        if bot != f"bot{GOOD_TOKEN}":
            self._answer(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        if server.fail_with:
            code, text = server.fail_with
            self._answer(code, {"ok": False, "error_code": code, "description": text})
            return
        if method not in ("sendMessage", "sendPhoto"):
            self._answer(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        server.calls.append((method, body))
        number = len(server.calls)
        self._answer(200, {"ok": True, "result": {"message_id": number, "chat": {"id": -100}}})

    def _answer(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
        pass


@pytest.fixture
def bot_api():  # type: ignore[no-untyped-def]
    server: Any = ThreadingHTTPServer(("127.0.0.1", 0), FakeBotAPI)
    server.calls = []
    server.fail_with = None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def configured(rudsar, bot_api, settings):  # type: ignore[no-untyped-def]
    host, port = bot_api.server_address
    # The local stand-in and a closed port are exempt from the https/public-host rule.
    settings.MESSENGER_API_TEST_ORIGINS = [f"http://{host}:{port}", "http://127.0.0.1:9"]
    return NewsroomSettings.objects.create(
        municipality=rudsar,
        channel="bale",
        bot_api_url=f"http://{host}:{port}",
        bot_token=GOOD_TOKEN,
        chat_id="@rudsar_news",
    )


def post(client, item, run_tasks, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        response = client.post(f"/office/news/{item.pk}/channel/", follow=True)
    run_tasks()
    return response


def test_a_published_item_is_posted_once(
    client_for,
    rudsar_head,
    rudsar_published,
    configured,
    bot_api,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    client = client_for(rudsar_head)
    post(client, rudsar_published, run_tasks, django_capture_on_commit_callbacks)
    channel_post = ChannelPost.objects.get()
    assert channel_post.status == PostStatus.SENT
    assert channel_post.message_id == "1"
    assert [m for m, _b in bot_api.calls] == ["sendMessage"]
    body = bot_api.calls[0][1].decode()
    assert "chat_id=%40rudsar_news" in body
    # A second request is refused; the task re-run sends nothing.
    response = post(client, rudsar_published, run_tasks, django_capture_on_commit_callbacks)
    assert "پیش‌تر در کانال گذاشته شده" in response.content.decode()
    from ravabet.newsroom.actions import deliver_channel_post

    assert deliver_channel_post(channel_post.pk) == "skipped"
    assert len(bot_api.calls) == 1


def test_with_a_photo_it_uses_send_photo(
    client_for,
    rudsar_head,
    rudsar_published,
    configured,
    bot_api,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    client = client_for(rudsar_head)
    client.post(
        f"/office/news/{rudsar_published.pk}/photos/",
        {"image": SimpleUploadedFile("a.jpg", photo_bytes())},
    )
    post(client, rudsar_published, run_tasks, django_capture_on_commit_callbacks)
    assert [m for m, _b in bot_api.calls] == ["sendPhoto"]
    assert b'name="photo"; filename="photo.jpg"' in bot_api.calls[0][1]
    assert b"\xff\xd8" in bot_api.calls[0][1]  # the JPEG itself


def test_a_wrong_token_is_recorded_and_can_be_retried(
    client_for,
    rudsar_head,
    rudsar_published,
    configured,
    bot_api,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    configured.bot_token = "123456:wrong"
    configured.save()
    client = client_for(rudsar_head)
    post(client, rudsar_published, run_tasks, django_capture_on_commit_callbacks)
    channel_post = ChannelPost.objects.get()
    assert channel_post.status == PostStatus.FAILED
    assert channel_post.reason == "401 Unauthorized"
    assert bot_api.calls == []
    page = client.get(f"/office/news/{rudsar_published.pk}/").content.decode()
    assert "401 Unauthorized" in page
    municipality = rudsar_published.municipality
    panel = render_to_string(
        "newsroom/_office_panel.html",
        {"municipality": municipality, "data": newsroom_panel(rudsar_head, municipality)},
    )
    assert "401 Unauthorized" in panel
    # The token is corrected; the retry posts it, once.
    configured.bot_token = GOOD_TOKEN
    configured.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/office/news/channel-posts/{channel_post.pk}/retry/")
    run_tasks()
    run_tasks()
    channel_post.refresh_from_db()
    assert channel_post.status == PostStatus.SENT
    assert channel_post.attempts == 2
    assert len(bot_api.calls) == 1


def test_server_errors_and_rate_limits_are_recorded(
    client_for,
    rudsar_head,
    rudsar_published,
    configured,
    bot_api,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    bot_api.fail_with = (429, "Too Many Requests: retry after 5")
    post(client_for(rudsar_head), rudsar_published, run_tasks, django_capture_on_commit_callbacks)
    channel_post = ChannelPost.objects.get()
    assert channel_post.status == PostStatus.FAILED
    assert channel_post.reason.startswith("429 Too Many Requests")


def test_an_unreachable_api_is_recorded(
    client_for,
    rudsar_head,
    rudsar_published,
    configured,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    configured.bot_api_url = "http://127.0.0.1:9"
    configured.save()
    post(client_for(rudsar_head), rudsar_published, run_tasks, django_capture_on_commit_callbacks)
    channel_post = ChannelPost.objects.get()
    assert channel_post.status == PostStatus.FAILED
    assert channel_post.reason


def test_without_settings_or_unpublished_there_is_a_message(
    client_for, rudsar_head, rudsar_published, rudsar_draft
):
    client = client_for(rudsar_head)
    page = client.post(f"/office/news/{rudsar_published.pk}/channel/", follow=True).content.decode()
    assert "توکن ربات" in page
    page = client.post(f"/office/news/{rudsar_draft.pk}/channel/", follow=True).content.decode()
    assert "فقط خبر منتشرشده" in page
    assert not ChannelPost.objects.exists()


def test_settings_page_is_for_the_head(
    client_for, rudsar_head, rudsar_reporter, lahijan_head, rudsar
):
    assert client_for(rudsar_reporter).get("/office/m/rudsar/news/settings/").status_code == 403
    assert client_for(lahijan_head).get("/office/m/rudsar/news/settings/").status_code == 404
    client = client_for(rudsar_head)
    response = client.post(
        "/office/m/rudsar/news/settings/",
        {
            "sender_name": "روابط عمومی شهرداری رودسر",
            "sender_email": "pr@rudsar.example.org",
            "channel": "telegram",
            "bot_api_url": "",
            "bot_token": "1:x",
            "chat_id": "@rudsar",
        },
    )
    assert response.status_code == 302
    config = NewsroomSettings.objects.get(municipality=rudsar)
    assert config.api_base == "https://api.telegram.org"
    assert config.from_email() == '"روابط عمومی شهرداری رودسر" <pr@rudsar.example.org>'
    page = client.post(
        "/office/m/rudsar/news/settings/", {"sender_email": "not-an-address", "channel": "telegram"}
    ).content.decode()
    assert "ایمیل" in page and 'class="error"' in page


def test_retrying_another_municipalitys_channel_post_is_not_found(
    client_for,
    rudsar_head,
    rudsar_reporter,
    lahijan_head,
    rudsar_published,
    configured,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    configured.bot_api_url = "http://127.0.0.1:9"
    configured.save()
    post(client_for(rudsar_head), rudsar_published, run_tasks, django_capture_on_commit_callbacks)
    channel_post = ChannelPost.objects.get()
    url = f"/office/news/channel-posts/{channel_post.pk}/retry/"
    assert client_for(lahijan_head).post(url).status_code == 404
    assert client_for(rudsar_reporter).post(url).status_code == 403  # the head approves
    assert (
        client_for(rudsar_head).post("/office/news/channel-posts/999999/retry/").status_code == 404
    )
    channel_post.refresh_from_db()
    assert channel_post.attempts == 1
