"""Time the crisis room's publication, and prove its numbering under concurrency.

Run by hand from the repository root:

    .venv/bin/python bench/bench_crisis.py [--runs 10]
    .venv/bin/python bench/bench_crisis.py \
        --database-url postgres://postgres@127.0.0.1:5432/ravabet_crisis_bench \
        [--incidents 20 --publishes 200 --threads 40]

1. From approval to the public page: on a fresh database (a temporary SQLite file, or the
   PostgreSQL database given, created if missing) it migrates and loads the demo, starts
   the task worker (`manage.py db_worker`, as `make run` does), then, for each run, drafts
   a statement for the Lahijan flood, has the spokesperson approve it, publishes it to
   every channel (newsroom, messenger, the media list's journalists by email), and
   requests Lahijan's public page until the statement is on it. It prints p50 and p95 of
   approval → visible, and of approval → every email of the release sent by the worker.
2. Only on PostgreSQL: N incidents with P/N approved statements each, all P published at
   once from T threads (a barrier releases them together); the numbers of each incident
   must be exactly 1..P/N, with no gap and no repeat.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--incidents", type=int, default=20)
    parser.add_argument("--publishes", type=int, default=200)
    parser.add_argument("--threads", type=int, default=40)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="ravabet-crisis-bench-")
    url = args.database_url or f"sqlite:///{folder}/db.sqlite3"
    os.environ.update(
        DATABASE_URL=url,
        RAVABET_SECRET_KEY="bench",  # noqa: S106
        RAVABET_DEBUG="1",
        DJANGO_SETTINGS_MODULE="ravabet.settings",
        RAVABET_LOG_LEVEL="WARNING",
        RAVABET_ALLOWED_HOSTS="testserver",
        RAVABET_CRISIS_STATIC_ROOT=f"{folder}/crisis-static",
        RAVABET_MEDIA_ROOT=f"{folder}/media",
    )
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[1]
        subprocess.run(  # noqa: S603
            ["psql", url.rsplit("/", 1)[0] + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"],  # noqa: S607
            check=True,
        )
        subprocess.run(  # noqa: S603
            ["psql", url.rsplit("/", 1)[0] + "/postgres", "-qc", f"CREATE DATABASE {name}"],  # noqa: S607
            check=True,
        )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client

    from ravabet.crisis import actions
    from ravabet.crisis.models import Incident, Statement, Template
    from ravabet.media.models import Delivery
    from ravabet.network.models import Membership, Municipality, Role, User

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"database: {connection.vendor}; load average {os.getloadavg()[0]:.1f}")

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload"],
        cwd=REPO,
        env=os.environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        head = User.objects.get(username="lahijan-head")
        flood = Incident.objects.open().get(municipalities__slug="lahijan")
        client = Client()
        visible, emailed = [], []
        # One untimed run first: the worker's start-up is not the publication's time.
        for run in range(args.runs + 1):
            statement = actions.draft_statement(flood, head, template=Template.UPDATE)
            started = time.perf_counter()
            actions.approve_statement(statement, head)
            published = actions.publish_statement(statement, head, base_url="http://testserver")
            wanted = f"شماره {published.number}".translate(
                str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
            )
            while wanted not in client.get("/m/lahijan/").content.decode():
                time.sleep(0.01)
            shown = time.perf_counter() - started
            deliveries = Delivery.objects.filter(
                distribution__item__title__contains=wanted,
                distribution__item__municipality__slug="lahijan",
            )
            deadline = time.perf_counter() + 30
            while time.perf_counter() < deadline and (
                not deliveries.exists()
                or deliveries.filter(status="queued").exists()
                or deliveries.filter(status="sending").exists()
            ):
                time.sleep(0.02)
            if run:
                visible.append(shown)
                emailed.append(time.perf_counter() - started)
        print(
            f"approval -> on the public page: p50 {statistics.median(visible) * 1000:.0f} ms, "
            f"p95 {percentile(visible, 0.95) * 1000:.0f} ms, max {max(visible) * 1000:.0f} ms "
            f"({args.runs} runs)"
        )
        print(
            "approval -> every journalist's email sent by the worker: p50 "
            f"{statistics.median(emailed) * 1000:.0f} ms, "
            f"p95 {percentile(emailed, 0.95) * 1000:.0f} ms"
        )
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    if connection.vendor != "postgresql":
        print("concurrent numbering: run with --database-url postgres://... (SQLite serialises)")
        return
    per = args.publishes // args.incidents
    statements: list[int] = []
    incidents = []
    for n in range(args.incidents):
        place = Municipality.objects.create(
            slug=f"bench-{n}", name=f"شهر آزمایشی {n}", province="گیلان", county="آزمایشی"
        )
        user = User.objects.create_user(f"bench-head-{n}")
        Membership.objects.create(user=user, role=Role.PR_HEAD, municipality=place)
        incident = actions.open_incident(
            Incident(title=f"رخداد آزمایشی {n}", kind="flood", severity="minor", spokesperson=user),
            user,
            municipalities=[place],
        )
        incidents.append(incident.pk)
        for _k in range(per):
            statement = actions.draft_statement(incident, user, template=Template.UPDATE)
            statements.append(actions.approve_statement(statement, user).pk)
    barrier = threading.Barrier(min(args.threads, len(statements)))
    errors: list[str] = []

    def publish(pk: int) -> float:
        statement = Statement.objects.select_related("incident__spokesperson").get(pk=pk)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=0.5)
        started = time.perf_counter()
        try:
            actions.publish_statement(
                statement, statement.incident.spokesperson, base_url="http://testserver"
            )
        except Exception as error:
            errors.append(repr(error))
        finally:
            connections.close_all()  # the thread's own connection
        return time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.threads) as pool:
        durations = list(pool.map(publish, statements))
    elapsed = time.perf_counter() - started
    numbers = Statement.objects.filter(incident_id__in=incidents).values_list(
        "incident_id", "number"
    )
    by_incident: dict[int, list[int]] = {}
    for incident_id, number in numbers:
        by_incident.setdefault(incident_id, []).append(number or 0)
    repeats = sum(
        count - 1 for nums in by_incident.values() for count in Counter(nums).values() if count > 1
    )
    gaps = sum(1 for nums in by_incident.values() if sorted(nums) != list(range(1, per + 1)))
    print(
        f"{len(statements)} publishes across {args.incidents} incidents from {args.threads} "
        f"threads: {elapsed:.1f} s in all, p50 {statistics.median(durations) * 1000:.0f} ms, "
        f"p95 {percentile(durations, 0.95) * 1000:.0f} ms each; errors {len(errors)}, "
        f"incidents with a gap {gaps}, repeated numbers {repeats}"
    )
    if errors:
        print("first error:", errors[0])
    if errors or gaps or repeats:
        sys.exit(1)


if __name__ == "__main__":
    main()
