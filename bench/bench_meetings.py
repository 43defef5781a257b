"""Time the secretariat's heavy outputs on a large network history.

Run by hand from the repository root:

    .venv/bin/python bench/bench_meetings.py [--resolutions 2000] [--attendees 150]

On a fresh SQLite database in a temporary directory it migrates, loads the demo network,
adds N resolutions spread over the last two years and A attendees to the last meeting,
then times: the network board (and how many queries it takes), its XLSX export, the PDF
of the approved minutes, the news draft, and the reminder scan. Prints one line each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resolutions", type=int, default=2000)
    parser.add_argument("--attendees", type=int, default=150)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="ravabet-meetings-bench-")
    os.environ.update(
        DATABASE_URL=f"sqlite:///{folder}/db.sqlite3",
        RAVABET_SECRET_KEY="bench",  # noqa: S106
        RAVABET_DEBUG="1",
        DJANGO_SETTINGS_MODULE="ravabet.settings",
        RAVABET_LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from ravabet.meetings import board, news, pdf, tasks
    from ravabet.meetings.models import (
        Attendance,
        Invitation,
        Meeting,
        MeetingStatus,
        OwnerKind,
        Resolution,
    )
    from ravabet.network.models import Network

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    network = Network.objects.get(slug="east-gilan")
    members = list(network.members.all())
    last = Meeting.objects.get(status=MeetingStatus.APPROVED)
    # The history hangs on an older meeting, so the last one's PDF stays a realistic size.
    history = Meeting.objects.create(
        network=network,
        title="تاریخچه",
        starts_at=last.starts_at - dt.timedelta(days=730),
        place="لاهیجان",
        quarter_year=last.quarter_year - 2,
        quarter_number=last.quarter_number,
        status=MeetingStatus.APPROVED,
    )
    today = timezone.localdate()
    statuses = ["open", "in_progress", "done", "dropped"]
    Resolution.objects.bulk_create(
        Resolution(
            meeting=history,
            text=f"مصوبه آزمایشی شماره {n} درباره هماهنگی خبری شهرداری‌ها",
            owner_kind=OwnerKind.MUNICIPALITY,
            owner_municipality=members[n % len(members)],
            deadline=today - dt.timedelta(days=700) + dt.timedelta(days=n % 800),
            status=statuses[n % 4],
            drop_reason="ادغام" if n % 4 == 3 else "",
        )
        for n in range(args.resolutions)
    )
    Invitation.objects.bulk_create(
        Invitation(
            meeting=last,
            name=f"مهمان {n}",
            title="کارشناس",
            organisation="استانداری گیلان",
            attendance=Attendance.PRESENT,
        )
        for n in range(args.attendees)
    )

    def timed(label: str, func) -> object:  # type: ignore[no-untyped-def]
        reset_queries()
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            result = func()
        took = (time.perf_counter() - start) * 1000
        print(f"{label:<28} {took:9.1f} ms  {len(queries):4d} queries")
        return result

    data = timed(f"board ({args.resolutions} resolutions)", lambda: board.build(network))
    xlsx = timed("board XLSX", lambda: board.to_xlsx(data))  # type: ignore[arg-type]
    print(f"{'':<28} {len(xlsx) / 1024:9.1f} KiB")  # type: ignore[arg-type]
    body = timed(f"minutes PDF ({args.attendees} guests)", lambda: pdf.minutes_pdf(last))
    print(f"{'':<28} {len(body) / 1024:9.1f} KiB")  # type: ignore[arg-type]
    timed("news draft", lambda: news.build_draft(last))
    timed("due reminders scan", lambda: tasks.due_resolution_reminders(today))


if __name__ == "__main__":
    main()
