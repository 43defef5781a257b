"""Time drafting a work log month, a month's page, the office's report, the network's
aggregate and an evidence pack's PDF, with many records and many people.

Run by hand from the repository root:

    .venv/bin/python bench/bench_workload.py [--revisions 400] [--people 60] [--runs 10]

On a fresh SQLite database in a temporary directory it migrates and loads the demo
network, gives the Rudsar reporter N news revisions (in sittings over last month) and N/10
covered events, then times drafting that month (the first time and again, which changes
nothing), the month's page, and, with P people spread over the network's offices each with
a confirmed month of about 45 entries, the Rudsar office's report, the network's aggregate
and an office evidence pack's PDF. Prints p50 and p95 (wall clock and CPU) and the query
count, with a third of the people first to show the count does not grow.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--revisions", type=int, default=400)
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="ravabet-workload-bench-")
    os.environ.update(
        DATABASE_URL=f"sqlite:///{folder}/db.sqlite3",
        RAVABET_SECRET_KEY="bench",  # noqa: S106
        RAVABET_DEBUG="1",
        DJANGO_SETTINGS_MODULE="ravabet.settings",
        RAVABET_LOG_LEVEL="WARNING",
        RAVABET_ALLOWED_HOSTS="testserver",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ravabet.events.models import Coverage, CoverageRole, Event
    from ravabet.events.models import Kind as EventKind
    from ravabet.events.models import Status as EventStatus
    from ravabet.lib import jalali
    from ravabet.network.models import Membership, Municipality, Network, Role, User
    from ravabet.newsroom.models import NewsItem, Revision
    from ravabet.workload import actions
    from ravabet.workload.models import Entry, Kind, Pack, Place, WorkMonth

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    rudsar = Municipality.objects.get(slug="rudsar")
    network = Network.objects.get(slug="east-gilan")
    reporter = User.objects.get(username="rudsar-reporter")
    head = User.objects.get(username="rudsar-head")
    year, month = actions.this_month()
    last = (year, month - 1) if month > 1 else (year - 1, 12)
    # The demo has the last two months: bench on the one before them.
    for _i in range(2):
        last = (last[0], last[1] - 1) if last[1] > 1 else (last[0] - 1, 12)
    first, end = jalali.month_bounds(*last)
    days = (end - first).days + 1

    def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        local = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=jalali.TEHRAN)
        return local.astimezone(dt.UTC)

    items = NewsItem.objects.bulk_create(
        NewsItem(municipality=rudsar, author=reporter, title=f"خبر آزمایشی {n}")
        for n in range(args.revisions // 4)
    )
    Revision.objects.bulk_create(
        Revision(
            item=items[n // 4],
            number=n % 4 + 1,
            title="x",
            author=reporter,
            created_at=at(first + dt.timedelta(days=n % days), 8 + n % 4 * 3, 10),
        )
        for n in range(args.revisions)
    )
    # auto_now_add ignores the value given: set the times afterwards.
    for n, revision in enumerate(Revision.objects.filter(author=reporter).order_by("pk")):
        when = at(first + dt.timedelta(days=n % days), 8 + n % 4 * 3, 10)
        Revision.objects.filter(pk=revision.pk).update(created_at=when)
    for n in range(args.revisions // 10):
        event = Event(
            municipality=rudsar,
            kind=EventKind.CEREMONY,
            title=f"مراسم {n}",
            status=EventStatus.HELD,
            created_by=head,
        )
        day = first + dt.timedelta(days=n % days)
        event.set_days(day, day, dt.time(17), dt.time(19))
        event.save()
        Coverage.objects.create(event=event, role=CoverageRole.REPORTER, user=reporter)
    work = actions.open_month(reporter, rudsar, *last)

    reporter_client, head_client, secretariat = Client(), Client(), Client()
    reporter_client.force_login(reporter)
    head_client.force_login(head)
    secretariat.force_login(User.objects.get(username="lahijan-head"))

    def timed(name: str, call: Callable[[], Any], runs: int = args.runs) -> None:
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = call()
        if hasattr(response, "status_code"):
            assert response.status_code == 200, (name, response.status_code)
        took, cpu = [], []
        for _ in range(runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            call()
            took.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        took.sort()
        cpu.sort()
        p95 = took[max(int(len(took) * 0.95) - 1, 0)]
        cpu95 = cpu[max(int(len(cpu) * 0.95) - 1, 0)]
        print(
            f"{name:<30} p50 {statistics.median(took):8.1f} ms  p95 {p95:8.1f} ms  "
            f"(CPU p95 {cpu95:8.1f} ms)  {len(queries):3d} queries"
        )

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    started = time.perf_counter()
    done = actions.draft_month(work)
    print(
        f"first draft: {done.added} entries from {args.revisions} revisions and "
        f"{args.revisions // 10} events in {(time.perf_counter() - started) * 1000:.0f} ms"
    )
    timed("draft again (no change)", lambda: actions.draft_month(work))
    timed("month page", lambda: reporter_client.get(work.get_absolute_url()))

    members = list(network.members.order_by("pk"))
    period = {"start": jalali.format_numeric(first), "end": jalali.format_numeric(end)}

    def add_people(count: int, offset: int) -> None:
        for n in range(offset, offset + count):
            municipality = members[n % len(members)]
            user = User.objects.create_user(f"bench-{n}", password="x" * 20)
            Membership.objects.create(user=user, role=Role.PR_STAFF, municipality=municipality)
            month_log = WorkMonth.objects.create(
                person=user, municipality=municipality, year=last[0], month=last[1]
            )
            rows = []
            for d in range(days):
                day = first + dt.timedelta(days=d)
                if day.weekday() == 4:
                    continue
                rows.append(
                    Entry(
                        month=month_log,
                        kind=Kind.NEWS,
                        place=Place.OFFICE,
                        title="کار روزانه",
                        source="manual",
                        starts_at=at(day, 7, 30),
                        ends_at=at(day, 14, 30),
                    )
                )
                if d % 3 == 0:
                    rows.append(
                        Entry(
                            month=month_log,
                            kind=Kind.COVERAGE,
                            place=Place.FIELD,
                            title="پوشش عصر",
                            source="manual",
                            starts_at=at(day, 17),
                            ends_at=at(day, 20),
                        )
                    )
            Entry.objects.bulk_create(rows)
            WorkMonth.objects.filter(pk=month_log.pk).update(confirmed_at=at(end, 23))

    pack = Pack.objects.create(municipality=rudsar, start=first, end=end, created_by=head)
    calls = {
        "office report": lambda: head_client.get("/office/m/rudsar/workload/report/", period),
        "network aggregate": lambda: secretariat.get("/office/n/east-gilan/workload/", period),
        "office pack PDF": lambda: head_client.get(f"/office/workload/packs/{pack.pk}/pack.pdf"),
    }
    add_people(args.people // 3, 0)
    print(f"-- {args.people // 3} people with a confirmed month")
    for name, call in calls.items():
        timed(name, call, runs=3 if "PDF" in name else args.runs)
    add_people(args.people - args.people // 3, args.people // 3)
    print(f"-- {args.people} people, {Entry.objects.count()} entries in all")
    for name, call in calls.items():
        timed(name, call, runs=3 if "PDF" in name else args.runs)


if __name__ == "__main__":
    main()
