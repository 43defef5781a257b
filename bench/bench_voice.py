"""Load on the citizens' contact form: N concurrent citizens submitting for S seconds.

Run by hand from the repository root:

    .venv/bin/python bench/bench_voice.py [--citizens 200] [--seconds 60]
        [--database-url postgres://postgres@127.0.0.1:5432/ravabet_voice_bench]

It starts gunicorn with the production settings (DEBUG off, manifest static files) on a
fresh database (SQLite in a temporary directory unless --database-url is given; that
database is migrated, not dropped), loads the demo network, and lets every citizen loop:
GET the Rudsar contact page, POST a complaint with its one-time form token; one post in
twenty is sent twice, as a double click. The only change from production is that the
per-address and per-number rate limits are lifted (every simulated citizen shares one
address). Afterwards it proves from the database that every accepted submission (counted
by the tracking codes returned) is stored exactly once and nothing else was stored.
Prints throughput, latency percentiles, errors and duplicates, and the CPU the run cost
(gunicorn's workers, PostgreSQL's backends for this database, this client) beside the
load average, since wall time on a shared machine says little alone; exits non-zero on a
failed check.
"""

# It only ever opens http://127.0.0.1 and runs this repository's own programs.
# ruff: noqa: S310, S603

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = REPO / ".venv" / "bin" / "python"
GUNICORN = REPO / ".venv" / "bin" / "gunicorn"

TOKEN_RE = re.compile(r'name="form_token" value="([0-9a-f]{32})"')
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CATEGORY_RE = re.compile(r'<option value="(\d+)"')
CODE_RE = re.compile(r"/track/([2-9]{8})/$")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_processes(master: int, database: str) -> dict[int, str]:
    """gunicorn's workers and, on PostgreSQL, the backends serving this database, by kind."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == master:
            found[int(entry.name)] = "gunicorn"
        elif database and command.startswith("postgres: ") and f" {database} " in command:
            found[int(entry.name)] = "postgres"
    return found


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered)) - 1))]


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.codes: dict[str, str] = {}  # form token -> code
        self.post_ms: list[float] = []
        self.get_ms: list[float] = []
        self.errors: dict[str, int] = {}
        self.double_clicks = 0
        self.double_click_mismatches = 0
        self.reused_codes = 0

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] = self.errors.get(what, 0) + 1


def citizen(base: str, number: int, deadline: float, results: Results) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    n = 0
    while time.monotonic() < deadline:
        n += 1
        try:
            started = time.perf_counter()
            with opener.open(f"{base}/m/rudsar/contact/", timeout=60) as response:
                page = response.read().decode()
            get_ms = (time.perf_counter() - started) * 1000
            token = TOKEN_RE.search(page)
            csrf = CSRF_RE.search(page)
            category = CATEGORY_RE.search(page)
            if not (token and csrf and category):
                results.error("form page without token/category")
                continue
            data = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": csrf.group(1),
                    "form_token": token.group(1),
                    "kind": "complaint",
                    "category": category.group(1),
                    "text": f"آزمون بار: زباله کوچه {number} بار {n} جمع‌آوری نشده است",
                    "name": f"شهروند {number}",
                    "mobile": f"0912{number:03d}{n % 10000:04d}",
                    "consent": "on",
                    "website": "",
                }
            ).encode()
            clicks = 2 if secrets.randbelow(20) == 0 else 1
            locations = []
            for _ in range(clicks):
                request = urllib.request.Request(
                    f"{base}/m/rudsar/contact/", data=data, headers={"Referer": base + "/"}
                )
                started = time.perf_counter()
                try:
                    with opener.open(request, timeout=60) as response:
                        status, location = response.status, response.headers.get("Location", "")
                except urllib.error.HTTPError as redirect:
                    status, location = redirect.code, redirect.headers.get("Location", "")
                post_ms = (time.perf_counter() - started) * 1000
                with results.lock:
                    results.post_ms.append(post_ms)
                    results.get_ms.append(get_ms)
                match = CODE_RE.search(location or "")
                if status != 302 or not match:
                    results.error(f"POST answered {status}")
                    continue
                locations.append(match.group(1))
            if not locations:
                continue
            with results.lock:
                if clicks == 2:
                    results.double_clicks += 1
                    if len(set(locations)) != 1:
                        results.double_click_mismatches += 1
                if locations[0] in results.codes.values():
                    results.reused_codes += 1
                results.codes[token.group(1)] = locations[0]
        except (OSError, urllib.error.URLError) as failure:
            results.error(type(failure).__name__)


def manage(env: dict[str, str], *args: str, **kwargs) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    return subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        **kwargs,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--port", type=int, default=0, help="default: any free port")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-voice-") as tmp:
        Path(tmp, "voice_bench_settings.py").write_text(
            "from ravabet.settings import *  # noqa: F403\n"
            f"STATIC_ROOT = {str(Path(tmp) / 'static')!r}\n"
            f"MEDIA_ROOT = {str(Path(tmp) / 'media')!r}\n"
            "RAVABET_VOICE_LIMITS = {'ip': (10**9, 60), 'mobile': (10**9, 60)}\n"
            "LOGGING = {'version': 1, 'root': {'level': 'ERROR'}}\n"
        )
        database_url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "voice_bench_settings",
            "PYTHONPATH": f"{tmp}:{REPO}",
            "DATABASE_URL": database_url,
            "RAVABET_SECRET_KEY": secrets.token_urlsafe(50),
            "RAVABET_ALLOWED_HOSTS": "127.0.0.1",
            "RAVABET_HTTPS": "0",
            "RAVABET_SITE_URL": "http://127.0.0.1",
        }
        env.pop("RAVABET_DEBUG", None)
        print(f"database: {database_url.split('@')[-1]}")
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")
        manage(env, "collectstatic", "--noinput")
        manage(env, "load_demo")
        port = args.port or free_port()
        server = subprocess.Popen(
            [
                str(GUNICORN),
                "ravabet.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--worker-class",
                "gthread",
                "--timeout",
                "120",
                "--backlog",
                "2048",
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(Path(tmp) / "gunicorn.log", "w"),  # noqa: SIM115
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=2).read()
                    break
                except OSError:
                    time.sleep(0.2)
            # Warm every worker (URL resolver, catalogs, templates) so the run measures
            # steady state, not start-up.
            for _ in range(args.workers * args.threads):
                urllib.request.urlopen(base + "/m/rudsar/contact/", timeout=60).read()
            results = Results()
            database = (
                urllib.parse.urlparse(database_url).path.strip("/") if args.database_url else ""
            )
            processes = server_processes(server.pid, database)
            cpu_before = {pid: cpu_seconds(pid) for pid in processes}
            client_before = time.process_time()
            started_at = time.time()
            deadline = time.monotonic() + args.seconds
            threads = [
                threading.Thread(target=citizen, args=(base, i, deadline, results))
                for i in range(args.citizens)
            ]
            begun = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - begun
            client_cpu = time.process_time() - client_before
            load = os.getloadavg()
            # A backend opened during the run started from nothing; one closed during it
            # is missed (connections live CONN_MAX_AGE, 60 s, so few are).
            cpu = {"gunicorn": 0.0, "postgres": 0.0}
            for pid, kind in server_processes(server.pid, database).items():
                cpu[kind] += cpu_seconds(pid) - cpu_before.get(pid, 0.0)
        finally:
            server.terminate()
            server.wait(timeout=30)

        codes_file = Path(tmp) / "codes.json"
        codes_file.write_text(json.dumps({"codes": results.codes, "since": started_at}))
        check = manage(
            env,
            "shell",
            "-c",
            "import json, datetime as dt\n"
            "from django.db.models import Count\n"
            "from ravabet.voice.models import Message\n"
            f"data = json.load(open({str(codes_file)!r}))\n"
            "codes = data['codes']\n"
            "since = dt.datetime.fromtimestamp(data['since'], dt.UTC)\n"
            "stored = dict(Message.objects.filter(form_token__in=list(codes))"
            ".values_list('form_token', 'code'))\n"
            "new = Message.objects.filter(received_at__gte=since)\n"
            "dupes = new.values('text').annotate(n=Count('id')).filter(n__gt=1).count()\n"
            "print(json.dumps({'accepted': len(codes), 'found': len(stored),"
            " 'matching': sum(stored.get(t) == c for t, c in codes.items()),"
            " 'stored_during_run': new.count(), 'duplicate_texts': dupes}))\n",
        )
        verdict = json.loads(check.stdout.strip().splitlines()[-1])

    posts = len(results.post_ms)
    accepted = len(results.codes)
    print(
        f"{args.citizens} citizens, {elapsed:.1f} s, gunicorn {args.workers}x{args.threads} threads"
    )
    print(
        f"accepted submissions: {accepted} ({accepted / elapsed:.1f}/s); "
        f"POSTs: {posts} ({posts / elapsed:.1f}/s)"
    )
    if results.post_ms:
        post = [percentile(results.post_ms, p) for p in (50, 95, 99)]
        print(
            f"POST latency ms: p50 {post[0]:.0f}  p95 {post[1]:.0f}  p99 {post[2]:.0f}"
            f"  max {max(results.post_ms):.0f}"
        )
        get = [percentile(results.get_ms, p) for p in (50, 95)]
        print(f"GET form latency ms: p50 {get[0]:.0f}  p95 {get[1]:.0f}")
    print(f"errors: {sum(results.errors.values())} {results.errors}")
    print(
        f"double clicks: {results.double_clicks}, answered with two different codes: "
        f"{results.double_click_mismatches}; a code given to two forms: {results.reused_codes}"
    )
    print(
        f"CPU during the run: gunicorn workers {cpu['gunicorn']:.1f} s, PostgreSQL backends "
        f"{cpu['postgres']:.1f} s, this client {client_cpu:.1f} s "
        f"(of {os.cpu_count()} cores x {elapsed:.0f} s); per accepted submission: gunicorn "
        f"{cpu['gunicorn'] / max(accepted, 1) * 1000:.1f} ms, PostgreSQL "
        f"{cpu['postgres'] / max(accepted, 1) * 1000:.1f} ms, client "
        f"{client_cpu / max(accepted, 1) * 1000:.1f} ms"
    )
    print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"database: {verdict}")
    ok = (
        verdict["found"] == verdict["matching"] == verdict["accepted"] == accepted
        and verdict["stored_during_run"] == accepted
        and verdict["duplicate_texts"] == 0
        and results.double_click_mismatches == 0
        and results.reused_codes == 0
    )
    print("every accepted submission is stored exactly once" if ok else "CHECK FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
