"""Time a municipality's events list and its iCalendar feeds with many events and tasks.

Run by hand from the repository root:

    .venv/bin/python bench/bench_events.py [--events 600] [--runs 30] [--database-url URL]

On a fresh SQLite database in a temporary directory it migrates, loads the demo network,
adds N events to Rudsar spread over the next two years (a third of them internal), each
with the five tasks of a press conference's checklist, then requests through the test
client: the office's events list, the public ICS feed, the staff feed (events and every
task's due date counted in working days) and the dashboard's events part. Prints p50 and
p95 of each (wall clock, and the process's CPU time, which a busy machine inflates less)
and its query count, with N/3 events first to show the count does not grow.

"after an edit" (the public feed read by an anonymous reader, as a calendar app does) is
the first request after a public event's title is edited through
actions.update_event (or, for "after a task", a task is ticked off through
actions.set_task_done): the feed's version changed, so its body is built again, while
everything else cached (the official calendar's data, the public pages of other places)
stays. Only the request is timed, not the edit. "built" clears the whole cache first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=600)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--database-url",
        default="",
        help="an empty database to fill (e.g. PostgreSQL's); a fresh SQLite file if not given",
    )
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="ravabet-events-bench-")
    os.environ.update(
        DATABASE_URL=args.database_url or f"sqlite:///{folder}/db.sqlite3",
        RAVABET_SECRET_KEY="bench",  # noqa: S106
        RAVABET_DEBUG="1",
        DJANGO_SETTINGS_MODULE="ravabet.settings",
        RAVABET_LOG_LEVEL="WARNING",
        RAVABET_ALLOWED_HOSTS="testserver",
    )
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from ravabet.events import actions
    from ravabet.events.access import feed_token
    from ravabet.events.checklist import DEFAULTS
    from ravabet.events.models import Event, Kind, Task
    from ravabet.events.panel import panel
    from ravabet.network.models import Municipality, User

    call_command("migrate", verbosity=0)
    call_command("createcachetable")
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    rudsar = Municipality.objects.get(slug="rudsar")
    head = User.objects.get(username="rudsar-head")
    client = Client()
    client.force_login(head)
    anonymous = Client()  # a calendar app reading the public feed
    today = timezone.localdate()

    def add(count: int, start: int) -> None:
        events = []
        for n in range(start, start + count):
            event = Event(
                municipality=rudsar,
                kind=Kind.PRESS_CONFERENCE,
                title=f"نشست خبری آزمایشی {n}",
                place="سالن شهرداری رودسر",
                is_public=n % 3 != 0,
                created_by=head,
            )
            day = today + dt.timedelta(days=1 + n * 730 // max(args.events, 1))
            event.set_days(day, day, dt.time(10), dt.time(11, 30))
            events.append(event)
        Event.objects.bulk_create(events)
        made = Event.objects.filter(title__in=[e.title for e in events])
        Task.objects.bulk_create(
            Task(event=e, position=p, title=str(line.title), offset=line.offset, owner=head)
            for e in made
            for p, line in enumerate(DEFAULTS[Kind.PRESS_CONFERENCE])
        )

    feed = reverse("events:staff_feed", args=[feed_token(head, rudsar)])

    def cold(url: str):  # type: ignore[no-untyped-def]
        cache.clear()  # the body is built again, as after any edit
        return client.get(url)

    edits = itertools.count()

    def after_edit(url: str):  # type: ignore[no-untyped-def]
        def call():  # type: ignore[no-untyped-def]
            event = Event.objects.filter(municipality=rudsar, is_public=True).order_by("pk")[0]
            event.title = f"نشست خبری ویرایش‌شده {next(edits)}"
            actions.update_event(
                event,
                start_date=event.start_date,
                end_date=event.end_date,
                start_time=event.start_time,
                end_time=event.end_time,
            )
            return url

        return call

    def after_task(url: str):  # type: ignore[no-untyped-def]
        def call():  # type: ignore[no-untyped-def]
            task = Task.objects.filter(event__municipality=rudsar).order_by("pk")[0]
            actions.set_task_done(task, not task.is_done, head)
            return url

        return call

    def current(url: str):  # type: ignore[no-untyped-def]
        etag = client.get(url)["ETag"]
        return lambda: client.get(url, HTTP_IF_NONE_MATCH=etag)

    calls = {
        "events list": lambda: client.get("/office/m/rudsar/events/"),
        "office calendar month": lambda: client.get("/office/m/rudsar/calendar/"),
        "public ICS": lambda: client.get("/m/rudsar/events.ics"),
        "public ICS, built": lambda: cold("/m/rudsar/events.ics"),
        "staff ICS (with tasks)": lambda: client.get(feed),
        "staff ICS, built": lambda: cold(feed),
        "dashboard events part": lambda: panel(head, rudsar),
    }
    # Each: the edit (not timed), then the request (timed).
    edited = {
        "public ICS, after an edit": after_edit("/m/rudsar/events.ics"),
        "staff ICS, after an edit": after_edit(feed),
        "staff ICS, after a task": after_task(feed),
        "office month, after an edit": after_edit("/office/m/rudsar/calendar/"),
    }
    conditional = {
        "public ICS, 304": "/m/rudsar/events.ics",
        "staff ICS, 304": feed,
    }

    lapses: list[tuple[float, float]] = []

    def timed_after(edit, who: Client):  # type: ignore[no-untyped-def]
        """The edit, then the request: only the request's wall and CPU time are kept (in
        ``lapses``); its queries alone are counted."""

        def call():  # type: ignore[no-untyped-def]
            url = edit()
            reset_queries()
            started, cpu_started = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as queries:
                response = who.get(url)
            lapses.append(
                ((time.perf_counter() - started) * 1000, (time.process_time() - cpu_started) * 1000)
            )
            counts.append(len(queries))
            return response

        return call

    counts: list[int] = []

    def measure(label: str) -> None:
        events = Event.objects.filter(municipality=rudsar).count()
        tasks = Task.objects.filter(event__municipality=rudsar).count()
        print(f"-- {events} events, {tasks} tasks ({label})")
        every = dict(calls)
        every.update({name: current(url) for name, url in conditional.items()})
        every.update(
            {
                name: timed_after(edit, anonymous if "public" in name else client)
                for name, edit in edited.items()
            }
        )
        for name, call in every.items():
            reset_queries()  # the log is cleared by each request: count from empty
            with CaptureQueriesContext(connection) as queries:
                response = call()
            count = len(queries)
            if name in edited:
                count = counts[-1]  # the request's, not the edit's
                lapses.clear()
            if hasattr(response, "status_code"):
                expected = 304 if name.endswith("304") else 200
                assert response.status_code == expected, (name, response.status_code)
            took, cpu = [], []
            for _ in range(args.runs):
                started, cpu_started = time.perf_counter(), time.process_time()
                call()
                took.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
            # A request after an edit is timed alone (see timed_after): its own clocks.
            if name in edited:
                took, cpu = [t for t, _c in lapses], [c for _t, c in lapses]
                lapses.clear()
            took.sort()
            cpu.sort()
            p95 = took[max(int(len(took) * 0.95) - 1, 0)]
            cpu50, cpu95 = statistics.median(cpu), cpu[max(int(len(cpu) * 0.95) - 1, 0)]
            size = len(response.content) // 1024 if hasattr(response, "content") else 0
            print(
                f"{name:<28} p50 {statistics.median(took):6.1f} ms  p95 {p95:6.1f} ms  "
                f"(CPU p50 {cpu50:6.1f}, p95 {cpu95:6.1f} ms)  {count:3d} queries  "
                f"{size:5d} KiB"
            )
        print(f"load average {os.getloadavg()[0]:.1f}")

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    add(args.events // 3, 0)
    measure("a third")
    add(args.events - args.events // 3, args.events // 3)
    measure("all")


if __name__ == "__main__":
    main()
