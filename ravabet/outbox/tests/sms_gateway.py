"""A local stand-in for Kavenegar's REST API: a real HTTP server in this process, so the
real transport's HTTP code (form POST, JSON answer, timeouts) is what the tests run.

It keeps what Kavenegar documents: the API key in the path, receptor / message / sender /
localid as form fields, `return.status` 200 when accepted, and a localid it already has
is not sent again (its first entry is returned instead).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest

API_KEY = "4A6F-test-key-7A2B"
SENDER = "10004346"


@dataclass
class Delivered:
    receptor: str
    message: str
    sender: str
    localid: str
    messageid: int


@dataclass
class FakeKavenegar:
    url: str
    # What reached phones: one entry per message the gateway really sent.
    delivered: list[Delivered] = field(default_factory=list)
    # Every POST, including the refused and the repeated ones.
    requests: int = 0
    # The next answers, in order: "500" (the gateway failing), "timeout" (accepted, but the
    # answer comes too late), "411" (an invalid receptor), "418" (no credit).
    script: list[str] = field(default_factory=list)
    slow_seconds: float = 3.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def texts_to(self, number: str) -> list[str]:
        return [d.message for d in self.delivered if d.receptor == number]


class _Handler(BaseHTTPRequestHandler):
    server: Any

    def do_POST(self) -> None:
        fake: FakeKavenegar = self.server.fake
        length = int(self.headers.get("Content-Length", 0))
        fields = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        with fake.lock:
            fake.requests += 1
            step = fake.script.pop(0) if fake.script else ""
        if self.path != f"/v1/{API_KEY}/sms/send.json":
            self._answer(403, {"return": {"status": 403, "message": "کلید API معتبر نیست"}})
            return
        if step in ("500", "411", "418"):
            code = int(step)
            self._answer(
                code if code == 500 else 200 if code == 418 else 400,
                {"return": {"status": code, "message": "خطا"}, "entries": None},
            )
            return
        entry = self._send(fake, fields)
        if step == "timeout":
            time.sleep(fake.slow_seconds)  # it went out; the answer is late
        self._answer(
            200,
            {
                "return": {"status": 200, "message": "تایید شد"},
                "entries": [
                    {"messageid": entry.messageid, "status": 1, "receptor": entry.receptor}
                ],
            },
        )

    def _send(self, fake: FakeKavenegar, fields: dict[str, str]) -> Delivered:
        with fake.lock:
            for earlier in fake.delivered:
                if fields.get("localid") and earlier.localid == fields["localid"]:
                    return earlier  # Kavenegar: a known localid is not sent again
            entry = Delivered(
                receptor=fields.get("receptor", ""),
                message=fields.get("message", ""),
                sender=fields.get("sender", ""),
                localid=fields.get("localid", ""),
                messageid=8792343 + len(fake.delivered),
            )
            fake.delivered.append(entry)
            return entry

    def _answer(self, status: int, payload: dict) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the timeout case)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def sms_gateway(settings) -> Iterator[FakeKavenegar]:  # type: ignore[no-untyped-def]
    """Kavenegar's API on a free local port, and the settings that select it."""
    server: Any = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    host, port = server.server_address
    fake = FakeKavenegar(url=f"http://{host}:{port}/v1")
    server.fake = fake
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_GATEWAY = "kavenegar"
    settings.SMS_API_KEY = API_KEY
    settings.SMS_SENDER = SENDER
    settings.SMS_TIMEOUT = 1
    settings.KAVENEGAR_API_BASE = fake.url
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
