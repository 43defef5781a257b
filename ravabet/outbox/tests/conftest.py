"""What the outbox's tests share: a release to many journalists, a worker that dies
right after the mail server accepted a message, and an SMTP server that holds its answer
so a real worker can be killed mid-send."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest

from ravabet.conftest import SMTPServer, _Collector
from ravabet.media.actions import distribute_release
from ravabet.media.models import Distribution, Journalist
from ravabet.meetings.tests.conftest import held, planned, rudsar_resolution  # noqa: F401
from ravabet.newsroom.models import Kind
from ravabet.newsroom.tests.conftest import make_published
from ravabet.outbox.models import Send
from ravabet.voice.tests.conftest import make_message  # noqa: F401  (fixture)


class WorkerKilled(BaseException):
    """What the worker's process dying looks like from inside: nothing after it runs."""


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def journalists(municipality: Any, n: int) -> list[Journalist]:
    return [
        Journalist.objects.create(
            municipality=municipality,
            name=f"خبرنگار {i}",
            email=f"reporter{i:02d}@example.org",
            consent=True,
        )
        for i in range(1, n + 1)
    ]


def release(rudsar, rudsar_reporter, rudsar_head, n: int) -> Distribution:  # type: ignore[no-untyped-def]
    item = make_published(
        rudsar,
        rudsar_reporter,
        rudsar_head,
        title="اطلاعیه شهرداری رودسر درباره تعطیلی بازار",
        kind=Kind.PRESS_RELEASE,
    )
    return distribute_release(item, journalists(rudsar, n), rudsar_head, "http://testserver/")


def die_after_accepted(k: int) -> Any:
    """Patch the SMTP backend so the worker dies just after the server accepted the k-th
    message of this process: it left, but nothing was recorded."""
    from django.core.mail.backends.smtp import EmailBackend

    real = EmailBackend.send_messages
    calls = {"n": 0}

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        sent = real(self, messages)
        calls["n"] += 1
        if calls["n"] == k:
            raise WorkerKilled
        return sent

    return mock.patch.object(EmailBackend, "send_messages", send_messages)


def later(minutes: float) -> None:
    """Let time pass: every row's last change and claim move this far into the past."""
    past = timedelta(minutes=minutes)
    for send in Send.objects.all():
        Send.objects.filter(pk=send.pk).update(
            updated_at=send.updated_at - past,
            claimed_at=send.claimed_at - past if send.claimed_at else None,
        )


def recipients(server: SMTPServer) -> Counter[str]:
    """Every RCPT the server accepted a message for."""
    return Counter(
        address.strip() for m in server.messages for address in m["X-Envelope-To"].split(",")
    )


class _Holding(_Collector):
    """Accepts each message, but holds its answer to the `hold_at`-th until released."""

    def __init__(self, server: SMTPServer, hold_at: int, release: threading.Event) -> None:
        super().__init__(server)
        self.hold_at = hold_at
        self.release = release

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        answer = await super().handle_DATA(server, session, envelope)
        if len(self.server.messages) == self.hold_at:
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 60)
        return answer


@pytest.fixture
def holding_smtp_server() -> Iterator[Callable[[int], tuple[SMTPServer, threading.Event]]]:
    """A real SMTP server (for a worker in another process) that holds its answer to the
    n-th message: the message is in, the sender is still waiting."""
    from aiosmtpd.controller import Controller

    controllers = []
    events = []

    def start(hold_at: int) -> tuple[SMTPServer, threading.Event]:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = SMTPServer("127.0.0.1", port)
        release = threading.Event()
        controller = Controller(_Holding(server, hold_at, release), hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        events.append(release)
        return server, release

    yield start
    for release in events:
        release.set()
    for controller in controllers:
        controller.stop()
