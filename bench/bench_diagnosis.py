"""Time the network's quarterly report at 1,400 members with a year of data, on PostgreSQL.

Run by hand from the repository root (PostgreSQL at 127.0.0.1:5432, user postgres):

    .venv/bin/python bench/bench_diagnosis.py [--members 1400] [--runs 30] [--database NAME]

It makes a fresh database (`ravabet_diagnosis_bench` unless --database names another;
dropped first), migrates, adds a
network of N municipalities and records four quarters of work for every one of them
(news each month, citizens' messages with replies, resolutions, events: about 35 rows per
member and quarter), then times:

- building the network's report for the last quarter (every metric for every member, for
  four quarters of trend, the self-assessment and the register) and issuing it (the build
  plus the frozen snapshot rows);
- a member's report page (through the test client, as its PR head) and the network page
  (the member's, then the secretariat's with a page of the members side by side);
- the issue page, its preview computed (refresh) and then as cached;
- the dashboard's diagnosis part for the secretariat.

Each with its query count, first at N/3 members to show the count does not grow.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DB = "ravabet_diagnosis_bench"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1400)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database", default=DB)
    args = parser.parse_args()
    db = args.database
    for sql in (f"DROP DATABASE IF EXISTS {db}", f"CREATE DATABASE {db}"):
        # Fixed arguments: the bench's own database, on the local server.
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)  # noqa: S603, S607
    os.environ.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{db}",
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

    from ravabet.diagnosis import actions
    from ravabet.diagnosis.panel import panel
    from ravabet.diagnosis.tests.data import record
    from ravabet.lib.jalali import JalaliQuarter
    from ravabet.network.models import Membership, Municipality, Network, Role, User

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    quarter = JalaliQuarter.current().previous()
    secretariat = User.objects.create_user("secretariat", password="x")  # noqa: S106
    head = User.objects.create_user("member-head", password="x")  # noqa: S106

    def add_members(count: int, start: int) -> list[int]:
        Municipality.objects.bulk_create(
            Municipality(
                slug=f"m{n}", name=f"شهر {n}", name_en=f"Town {n}", province="p", county="c"
            )
            for n in range(start, start + count)
        )
        return list(
            Municipality.objects.filter(
                slug__in=[f"m{n}" for n in range(start, start + count)]
            ).values_list("pk", flat=True)
        )

    def grow(network: Network | None, count: int, start: int) -> Network:
        ids = add_members(count, start)
        if network is None:
            network = Network.objects.create(
                slug="country", name="شبکه سراسری", province="-", host_id=ids[0]
            )
            Membership.objects.create(user=secretariat, role=Role.SECRETARIAT, network=network)
            Membership.objects.create(user=head, role=Role.PR_HEAD, municipality_id=ids[0])
        network.members.add(*ids)
        started = time.perf_counter()
        q = quarter
        for _n in range(4):
            record(network, ids, q, secretariat)
            q = q.previous()
        print(f"   recorded a year for {count} members in {time.perf_counter() - started:.1f} s")
        return network

    cpu_times: list[float] = []

    def timed(call, runs: int) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
        """(p50, p95) of the wall clock in ms and the query count; the p50 of this process's
        CPU time (which a machine shared with others inflates less) is kept in cpu_times."""
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            call()
        took, cpu = [], []
        for _ in range(runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            call()
            took.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        took.sort()
        cpu_times.append(statistics.median(cpu))
        return statistics.median(took), took[max(int(len(took) * 0.95) - 1, 0)], len(queries)

    member_client = Client()
    member_client.force_login(head)
    secretariat_client = Client()
    secretariat_client.force_login(secretariat)

    def measure(network: Network) -> None:
        members = network.members.count()
        print(f"-- {members} members, four quarters of data")
        build = timed(lambda: actions.build(network, quarter), 3)
        print(
            f"   build the network report:   p50 {build[0]:7.0f} ms  {build[2]:3d} queries"
            f"  (CPU {cpu_times[-1]:.0f} ms)"
        )
        started = time.perf_counter()
        report = actions.issue_report(
            network,
            quarter,
            secretariat,
            narrative="bench",
            change_note="bench" if network.quarterly_reports.exists() else "",
        )
        print(f"   issue it (build + freeze):  {1000 * (time.perf_counter() - started):7.0f} ms")
        slug = Municipality.objects.get(pk=network.host_id).slug
        url = f"/office/diagnosis/reports/{report.pk}/m/{slug}/"
        assert member_client.get(url).status_code == 200
        page = timed(lambda: member_client.get(url), args.runs)
        print(
            f"   a member's report page:     p50 {page[0]:7.1f} ms  p95 {page[1]:7.1f} ms"
            f"  {page[2]:3d} queries  (CPU p50 {cpu_times[-1]:.1f} ms)"
        )
        own = timed(lambda: member_client.get(report.get_absolute_url()), args.runs)
        print(
            f"   the network page (member):  p50 {own[0]:7.1f} ms  p95 {own[1]:7.1f} ms"
            f"  {own[2]:3d} queries"
        )
        full = timed(lambda: secretariat_client.get(report.get_absolute_url()), args.runs)
        print(
            f"   the network page, {members} side by side, a page of them: p50 {full[0]:7.1f} ms"
            f"  p95 {full[1]:7.1f} ms  {full[2]:3d} queries  (CPU p50 {cpu_times[-1]:.1f} ms)"
        )
        issue = f"/office/n/{network.slug}/diagnosis/issue/?quarter={quarter.year}-{quarter.number}"
        fresh = timed(lambda: secretariat_client.get(issue + "&refresh=1"), 3)
        print(
            f"   the issue page, preview computed: p50 {fresh[0]:7.0f} ms  {fresh[2]:3d} queries"
            f"  (CPU p50 {cpu_times[-1]:.0f} ms)"
        )
        cached = timed(lambda: secretariat_client.get(issue), args.runs)
        print(
            f"   the issue page, preview cached:   p50 {cached[0]:7.1f} ms  p95 {cached[1]:7.1f} ms"
            f"  {cached[2]:3d} queries  (CPU p50 {cpu_times[-1]:.1f} ms)"
        )
        part = timed(lambda: panel(secretariat, network), 5)
        print(f"   dashboard part (secretariat): p50 {part[0]:7.1f} ms  {part[2]:3d} queries")

    third = args.members // 3
    network = grow(None, third, 0)
    measure(network)
    grow(network, args.members - third, third)
    measure(network)


if __name__ == "__main__":
    main()
