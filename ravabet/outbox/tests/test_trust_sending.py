"""Issue 9, "No send lost, none doubled": every send goes through the outbox, and a dead
worker neither loses nor doubles one. Against a real SMTP server; the RCPTs it accepted
are the truth."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ravabet.media.models import DeliveryStatus
from ravabet.outbox import tasks as outbox_tasks
from ravabet.outbox.actions import deliver
from ravabet.outbox.models import Send, Status
from ravabet.voice.models import Escalation

from .conftest import WorkerKilled, die_after_accepted, later, recipients, release

# The database queue's own rows are read and moved here (conftest: db_queue).
pytestmark = pytest.mark.db_queue

NOTHING_TO_RETRY = "چیزی برای تلاش دوباره نیست"


def tick(capture: Any, run_tasks: Any) -> None:
    """One run of `manage.py tick` and a worker that does what it enqueued (and what that
    enqueued in turn)."""
    with capture(execute=True):
        call_command("tick", stdout=StringIO())
    with capture(execute=True):
        run_tasks()
    run_tasks()


def every_one_once(distribution: Any) -> dict[str, int]:
    return {d.email: 1 for d in distribution.deliveries.all()}


def take_and_die(task: DBTaskResult, after: int) -> None:
    """The worker takes the task (its row becomes RUNNING) and dies just after the mail
    server accepted the `after`-th email: the row is never finished."""
    DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING", started_at=timezone.now())
    with die_after_accepted(after), pytest.raises(WorkerKilled):
        task.task.call(*task.task_result.args, **task.task_result.kwargs)


def test_a_worker_killed_mid_distribution_is_finished_without_sending_anyone_twice(
    rudsar,
    rudsar_reporter,
    rudsar_head,
    client_for,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        distribution = release(rudsar, rudsar_reporter, rudsar_head, 23)
    task = DBTaskResult.objects.get()
    take_and_die(task, after=6)
    assert len(smtp_server.messages) == 6
    assert Counter(distribution.deliveries.values_list("status", flat=True)) == {
        DeliveryStatus.SENT: 5,
        DeliveryStatus.SENDING: 1,  # accepted by the server, not recorded
        DeliveryStatus.QUEUED: 17,
    }
    # A new worker does not take up the task the dead one held.
    run_tasks()
    assert len(smtp_server.messages) == 6
    assert DBTaskResult.objects.get(pk=task.pk).status == "RUNNING"

    # The next tick finds the 17 never handed over and sends them, once.
    later(5)
    tick(django_capture_on_commit_callbacks, run_tasks)
    assert recipients(smtp_server) == every_one_once(distribution)
    cut_short = distribution.deliveries.get(status=DeliveryStatus.SENDING)
    # Later ticks settle the one that was mid-send as interrupted: never sent again.
    later(15)
    tick(django_capture_on_commit_callbacks, run_tasks)
    tick(django_capture_on_commit_callbacks, run_tasks)
    cut_short.refresh_from_db()
    assert cut_short.status == DeliveryStatus.INTERRUPTED
    assert recipients(smtp_server) == every_one_once(distribution)
    assert len(smtp_server.messages) == 23
    # "Retry" has nothing to do: the interrupted one is the PR head's call, as before.
    page = client_for(rudsar_head).post(
        f"/office/media/distributions/{distribution.pk}/retry/", follow=True
    )
    assert NOTHING_TO_RETRY in page.content.decode()


def test_retry_resumes_the_deliveries_a_dead_worker_left_waiting(
    rudsar,
    rudsar_reporter,
    rudsar_head,
    client_for,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        distribution = release(rudsar, rudsar_reporter, rudsar_head, 4)
    take_and_die(DBTaskResult.objects.get(), after=1)
    with django_capture_on_commit_callbacks(execute=True):
        page = client_for(rudsar_head).post(
            f"/office/media/distributions/{distribution.pk}/retry/", follow=True
        )
    text = page.content.decode()
    assert NOTHING_TO_RETRY not in text
    assert "۳ ارسالِ در انتظار اکنون فرستاده می‌شود" in text
    run_tasks()
    assert recipients(smtp_server) == every_one_once(distribution)
    assert distribution.deliveries.filter(status=DeliveryStatus.SENDING).count() == 1


def test_an_escalation_accepted_before_its_worker_died_is_not_sent_again(
    rudsar,
    rudsar_head,
    make_message,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    rudsar_head.email = "head@rudsar.example"
    rudsar_head.save()
    make_message(rudsar, due_on=timezone.localdate() - dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("tick", stdout=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()  # records the alert and queues its send
    with die_after_accepted(1):
        run_tasks()  # the worker sends it and dies before recording it
    assert len(smtp_server.messages) == 1
    escalation = Escalation.objects.get()
    assert escalation.status == Status.SENDING
    for minutes in (5, 20, 300):
        later(minutes)
        tick(django_capture_on_commit_callbacks, run_tasks)
    assert len(smtp_server.messages) == 1
    escalation.refresh_from_db()
    assert escalation.status == Status.INTERRUPTED


def test_the_first_tick_over_a_long_overdue_message_sends_one_alert(
    rudsar,
    rudsar_head,
    make_message,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    rudsar_head.email = "head@rudsar.example"
    rudsar_head.save()
    message = make_message(rudsar, due_on=timezone.localdate() - dt.timedelta(days=30))
    tick(django_capture_on_commit_callbacks, run_tasks)
    assert len(smtp_server.messages) == 1
    assert message.display_code in smtp_server.messages[0]["Subject"]
    # Both stages are on record: the earlier as passed, without an email of its own.
    assert dict(Escalation.objects.values_list("stage", "status")) == {
        "overdue": Status.SKIPPED,
        "long_overdue": Status.SENT,
    }
    later(10)
    tick(django_capture_on_commit_callbacks, run_tasks)
    assert len(smtp_server.messages) == 1


def test_the_same_send_task_run_twice_sends_nothing_twice(
    rudsar,
    rudsar_reporter,
    rudsar_head,
    make_message,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    rudsar_head.email = "head@rudsar.example"
    rudsar_head.save()
    make_message(rudsar, due_on=timezone.localdate() - dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        distribution = release(rudsar, rudsar_reporter, rudsar_head, 3)
        call_command("tick", stdout=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()
    every = list(Send.objects.values_list("pk", flat=True))
    assert len(every) == 4
    with django_capture_on_commit_callbacks(execute=True):
        outbox_tasks.deliver.enqueue(every)
        outbox_tasks.deliver.enqueue(every)
    assert DBTaskResult.objects.ready().count() >= 3
    run_tasks()
    run_tasks()
    assert recipients(smtp_server) == {**every_one_once(distribution), "head@rudsar.example": 1}
    assert set(Send.objects.values_list("status", flat=True)) == {Status.SENT}


def test_two_workers_claiming_one_send_send_it_once(
    rudsar, rudsar_reporter, rudsar_head, smtp_server
):
    distribution = release(rudsar, rudsar_reporter, rudsar_head, 1)
    delivery = distribution.deliveries.get()
    from django.core.mail.backends.smtp import EmailBackend

    real = EmailBackend.send_messages
    second: dict[str, Any] = {}

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        # While the first worker hands the email over, a second one takes up the same row.
        second["counts"] = deliver([delivery.pk])
        return real(self, messages)

    with mock.patch.object(EmailBackend, "send_messages", send_messages):
        first = deliver([delivery.pk])
    assert (first.sent, second["counts"].sent, second["counts"].failed) == (1, 0, 0)
    assert recipients(smtp_server) == {delivery.email: 1}
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 1


def test_an_email_sent_again_carries_the_same_message_id(
    rudsar,
    rudsar_reporter,
    rudsar_head,
    client_for,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        distribution = release(rudsar, rudsar_reporter, rudsar_head, 1)
    take_and_die(DBTaskResult.objects.get(), after=1)
    delivery = distribution.deliveries.get()
    later(20)
    tick(django_capture_on_commit_callbacks, run_tasks)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.INTERRUPTED
    with django_capture_on_commit_callbacks(execute=True):
        client_for(rudsar_head).post(f"/office/media/deliveries/{delivery.pk}/send-again/")
    run_tasks()
    first, again = smtp_server.messages
    assert first["Message-ID"] == again["Message-ID"] == f"<outbox-{delivery.pk}@testserver>"


# A real worker process, killed with SIGKILL in the middle of a distribution ---------


class WorkerDatabase:
    """The database a worker in another process uses: the test's own on PostgreSQL, a
    copy of it in a file on SQLite (the test database lives in memory)."""

    def __init__(self, folder: Path) -> None:
        self.sqlite = connection.vendor == "sqlite"
        if self.sqlite:
            self.path = folder / "worker.sqlite3"
            with connection.cursor() as cursor:
                cursor.execute("VACUUM INTO %s", [str(self.path)])
            self.url = f"sqlite:///{self.path}"
        else:
            db = connection.settings_dict
            auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
            self.url = (
                f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
            )

    def query(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        if self.sqlite:
            with sqlite3.connect(self.path) as db:
                rows = db.execute(sql.replace("%s", "?"), self._plain(params)).fetchall()
            db.close()
            return rows
        with connection.cursor() as cursor:
            cursor.execute(sql, params or [])
            return cursor.fetchall() if cursor.description else []

    def _plain(self, params: list[Any] | None) -> list[Any]:
        # Django keeps SQLite datetimes as naive UTC text.
        return [
            p.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
            if isinstance(p, dt.datetime)
            else p
            for p in params or []
        ]


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # noqa: S603  (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        timeout=180,
        check=True,
    )


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_killed_mid_distribution(
    rudsar, rudsar_reporter, rudsar_head, holding_smtp_server, tmp_path
):
    server, answer = holding_smtp_server(6)  # holds its "250" to the 6th email
    distribution = release(rudsar, rudsar_reporter, rudsar_head, 23)  # enqueued: committed
    emails = sorted(distribution.deliveries.values_list("email", flat=True))
    database = WorkerDatabase(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "RAVABET_DEBUG": "1",
        # This is the database queue's worker, whatever queue the suite runs on.
        "RAVABET_TASKS": "database",
        "RAVABET_CACHE": "database",
        "RAVABET_EMAIL_HOST": server.host,
        "RAVABET_EMAIL_PORT": str(server.port),
        "RAVABET_EMAIL_TIMEOUT": "60",
        "RAVABET_SITE_URL": "http://testserver",
        "RAVABET_LOG_LEVEL": "WARNING",
    }
    log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while len(server.messages) < 6:
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            assert time.monotonic() < deadline, "the worker never got to the 6th email"
            time.sleep(0.05)
        # The 6th email is in the server; the worker waits for the answer and dies.
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
        answer.set()
        log.close()
    assert len(server.messages) == 6
    assert Counter(s for (s,) in database.query("SELECT status FROM outbox_send")) == {
        "sent": 5,
        "sending": 1,
        "queued": 17,
    }
    tasks = database.query(f"SELECT status FROM {DBTaskResult._meta.db_table}")  # noqa: S608
    assert tasks == [("RUNNING",)]  # held by the dead worker, for ever

    # Twenty minutes on (the clock moved by hand), the tick and a new worker run.
    past = timezone.now() - timedelta(minutes=20)
    database.query("UPDATE outbox_send SET updated_at = %s WHERE status = 'queued'", [past])
    database.query("UPDATE outbox_send SET claimed_at = %s WHERE status = 'sending'", [past])
    _manage(env, "tick")
    _manage(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload")

    assert recipients(server) == dict.fromkeys(emails, 1)
    statuses = dict(database.query("SELECT target, status FROM outbox_send"))
    held = server.messages[5]["X-Envelope-To"]
    assert statuses.pop(held) == "interrupted"
    assert set(statuses.values()) == {"sent"}
