"""Time the occasions calendar: the month view (public and an office's) and the feeds.

Run by hand from the repository root:

    .venv/bin/python bench/bench_calendar.py [--corrections 200] [--days-off 200] [--runs 60]

On a fresh SQLite database in a temporary directory it migrates, loads the demo network,
records C closures for the network and D local days off for Lahijan, then requests through
Django's test client: the public month, an office's month (with the corrections and local
days off), its year, the list, and the occasions feeds (full body, and a conditional GET
answered 304). Prints p50/p95 in milliseconds and the query count of each, and checks the
office month's query count is the same with a third of the rows.
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


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corrections", type=int, default=200)
    parser.add_argument("--days-off", type=int, default=200)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="ravabet-calendar-bench-")
    os.environ.update(
        DATABASE_URL=f"sqlite:///{folder}/db.sqlite3",
        RAVABET_SECRET_KEY="bench",  # noqa: S106
        RAVABET_DEBUG="1",
        DJANGO_SETTINGS_MODULE="ravabet.settings",
        RAVABET_LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from ravabet.lib import jalali
    from ravabet.network.models import Membership, Network, Role
    from ravabet.officialcalendar.models import Correction
    from ravabet.voice.models import Holiday

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    network = Network.objects.get(slug="east-gilan")
    head = Membership.objects.filter(role=Role.PR_HEAD, municipality__slug="lahijan").first()
    assert head is not None, "the demo has no Lahijan PR head"
    lahijan = head.municipality
    assert lahijan is not None
    year, month, _day = jalali.to_jalali(timezone.localdate())
    first, _last = jalali.month_bounds(year, month)

    def add_rows(corrections: int, days_off: int) -> None:
        have = Correction.objects.filter(network=network, kind="closure").count()
        Correction.objects.bulk_create(
            Correction(
                kind="closure",
                network=network,
                # Spread over the years around this one; a few land in this month.
                date=first + dt.timedelta(days=(n * 7) % 700 - 350 + n // 100),
                title=f"تعطیلی آزمایشی {n}",
                reason="بنچمارک",
            )
            for n in range(have, corrections)
        )
        have = Holiday.objects.filter(municipality=lahijan).count()
        Holiday.objects.bulk_create(
            Holiday(
                municipality=lahijan,
                date=first + dt.timedelta(days=(n * 5) % 700 - 350 + n // 140),
                name=f"تعطیلی محلی {n}",
            )
            for n in range(have, days_off)
        )

    office = Client()
    office.force_login(head.user)
    public = Client()
    feed = reverse("officialcalendar:feed")
    network_feed = reverse("officialcalendar:network-feed", args=[network.slug])
    pages: list[tuple[str, Client, str, dict[str, str]]] = [
        ("public month", public, reverse("officialcalendar:month", args=[year, month]), {}),
        (
            "office month",
            office,
            reverse("officialcalendar:office-month", args=[lahijan.slug, year, month]),
            {},
        ),
        (
            "office list",
            office,
            reverse("officialcalendar:office-list", args=[lahijan.slug, year, month]),
            {},
        ),
        (
            "office year",
            office,
            reverse("officialcalendar:office-year", args=[lahijan.slug, year]),
            {},
        ),
        ("occasions feed", public, feed, {}),
        ("network feed", public, network_feed, {}),
    ]

    def queries(client: Client, url: str, headers: dict[str, str]) -> int:
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, headers=headers)
        assert response.status_code in (200, 304), (url, response.status_code)
        return len(captured)

    office_month = pages[1]
    add_rows(args.corrections // 3, args.days_off // 3)
    small = queries(office_month[1], office_month[2], {})
    add_rows(args.corrections, args.days_off)
    large = queries(office_month[1], office_month[2], {})
    etag = public.get(feed)["ETag"]
    pages.append(("occasions feed 304", public, feed, {"If-None-Match": etag}))

    print(
        f"calendar {jalali.format_date(first, lang='en')}: {args.corrections} closures, "
        f"{args.days_off} local days off, {args.runs} runs each"
    )
    for name, client, url, headers in pages:
        client.get(url, headers=headers)  # warm the per-process caches
        timings = []
        for _run in range(args.runs):
            started = time.perf_counter()
            response = client.get(url, headers=headers)
            timings.append((time.perf_counter() - started) * 1000)
        count = queries(client, url, headers)
        print(
            f"{name:20} p50 {percentile(timings, 50):6.1f} ms"
            f"  p95 {percentile(timings, 95):6.1f} ms"
            f"  {count} queries  {len(response.content)} bytes  ({response.status_code})"
        )
    # A feed built from nothing, as after a correction (a new ETag) or a restart.
    from ravabet.officialcalendar import ics

    timings = []
    for _run in range(max(5, args.runs // 6)):
        ics._BODIES.clear()
        ics._description.cache_clear()
        started = time.perf_counter()
        response = public.get(network_feed)
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"{'network feed, cold':20} p50 {percentile(timings, 50):6.1f} ms"
        f"  p95 {percentile(timings, 95):6.1f} ms  ({response.status_code})"
    )
    verdict = "same" if small == large else "GROWS"
    print(f"office month queries: {small} with a third of the rows, {large} with all: {verdict}")
    if small != large:
        sys.exit(1)


if __name__ == "__main__":
    main()
