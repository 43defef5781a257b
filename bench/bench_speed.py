"""Issue 13's table: each page's share of a bare view's requests per second, for the base
commit and for this tree, side by side in one run, on the same data.

Run by hand from the repository root (needs Debian's `wrk`: apt-get install wrk):

    .venv/bin/python bench/bench_speed.py --database-url sqlite:////tmp/speed-bench.sqlite3
    .venv/bin/python bench/bench_speed.py \\
        --database-url postgres://postgres@127.0.0.1:5432/ravabet_speed_bench \\
        --cache redis --redis-url redis://127.0.0.1:6379/14

What it does:
- fills the database once (kept between runs: --refill to start again) with the demo and
  a bulk load (bench/speed_data.py): --items news items with their search entries across
  the demo's municipalities and --municipalities more in 31 provinces (national scale),
  and --messages citizens' messages in one city (Rudsar);
- checks the base commit (--base, d9cf300) out into a temporary git worktree (with
  --base-database-url on its own copy of the data, for a tree that adds indexes); both trees
  run on this .venv, with a settings shim adding `/bare/` (a view returning two bytes
  through the whole middleware) to the same URLs;
- keeps the dashboards' quarter figures as the tick would (a tree that has them), then
  starts gunicorn (2 sync workers, production settings) for one tree at a time on a port
  of 8320-8329 and, for every page and every concurrency (8, 32), runs wrk on the bare
  view, the page, and the bare view again: share = page req/s / mean of the two bare runs;
- with --cache redis, both trees get the Redis cache and RQ (README, "Scale"); a base
  commit older than those settings ignores them and runs on the database cache (it says so);
- prints the table (share, the page's p95 latency from wrk, and the share by the workers'
  CPU per request, bare against page, which a loaded machine skews less), the load average
  before each figure, and each gunicorn worker's memory (RSS) at the end of its run.

The search rows go through /search/ (the bench_search.py file times the query function
against tantivy). Public pages are measured as a visitor meets them again and again: from
the cache (core/publiccache.py) on this tree; a publish between visits costs one drawing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = REPO / ".venv" / "bin" / "python"
GUNICORN = REPO / ".venv" / "bin" / "gunicorn"
PORTS = range(8320, 8330)  # --port moves them
SECRET = "bench-speed-" + "k" * 40  # one key for both trees: the session cookie works on both

SHIM_SETTINGS = """\
from ravabet.settings import *  # noqa: F403
ROOT_URLCONF = "bench_speed_urls"
STATIC_ROOT = {static!r}
STORAGES = {{**STORAGES, "staticfiles": {{"BACKEND":
    "whitenoise.storage.CompressedManifestStaticFilesStorage"}}}}
LOGGING = {{"version": 1, "root": {{"level": "ERROR"}}}}
# The bench's visitors come from one address: no limit may stop them.
LOGIN_FAILURES_PER_IP = 10**9
"""
SHIM_URLS = """\
from django.http import HttpResponse
from django.urls import path
from ravabet.urls import *  # noqa: F403
from ravabet.urls import urlpatterns as _app


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bare/", bare), *_app]
"""


def load() -> str:
    return os.getloadavg().__repr__()


def run(env: dict[str, str], cwd: Path, *args: str) -> str:
    done = subprocess.run(  # noqa: S603
        [str(PYTHON), "manage.py", *args], cwd=cwd, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed in {cwd}:\n{done.stderr[-3000:]}")
    return done.stdout


def wrk(url: str, clients: int, seconds: int, cookie: str = "") -> tuple[float, float]:
    """Requests per second and p95 latency (ms) of one wrk run."""
    # One per process: other runs of this bench on the machine rewrite theirs meanwhile.
    script = Path(tempfile.gettempdir()) / f"bench-speed-p95-{os.getpid()}.lua"
    script.write_text(
        "done = function(summary, latency, requests)\n"
        '  io.write(string.format("P95 %f\\n", latency:percentile(95) / 1000))\n'
        '  io.write(string.format("NON2XX %d\\n", summary.errors.status))\n'
        "end\n"
    )
    # wrk needs a connection per thread.
    args = [
        "wrk",
        f"-t{min(2, clients)}",
        f"-c{clients}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
    ]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(  # noqa: S603
        [*args, url], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p95 = float(re.search(r"P95 ([\d.]+)", out).group(1))  # type: ignore[union-attr]
    bad = int(re.search(r"NON2XX (\d+)", out).group(1))  # type: ignore[union-attr]
    if bad:
        print(f"    ! {bad} answers were not 2xx/3xx at {url}")
    return rps, p95


def start_server(tree: Path, env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(  # noqa: S603
        [
            str(GUNICORN),
            "ravabet.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "120",
            "--backlog",
            "2048",
        ],
        cwd=tree,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit(f"gunicorn did not answer: {log.read_text()[-2000:]}")


def workers(server: subprocess.Popen[bytes]) -> list[int]:
    """The process ids of gunicorn's workers."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            if f"PPid:\t{server.pid}\n" in status.read_text():
                found.append(int(status.parent.name))
        except OSError:
            continue
    return found


def worker_cpu(server: subprocess.Popen[bytes]) -> float:
    """CPU seconds (user + system) the workers have used so far."""
    ticks = 0
    for pid in workers(server):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def worker_memory(server: subprocess.Popen[bytes]) -> list[int]:
    """RSS in MiB of each of gunicorn's worker processes."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if f"PPid:\t{server.pid}\n" in text:
            rss = re.search(r"VmRSS:\s+(\d+) kB", text)
            if rss:
                found.append(int(rss.group(1)) // 1024)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument(
        "--base-database-url",
        default="",
        help="a copy of the data for the base tree, when this tree migrates it (indexes)",
    )
    parser.add_argument("--port", type=int, default=PORTS[0], help="the first of two ports")
    parser.add_argument("--base", default="d9cf300")
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--municipalities", type=int, default=0, help="more, in 31 provinces")
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--clients", default="8,32")
    parser.add_argument("--refill", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument("--cache", choices=("database", "redis"), default="database")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument(
        "--this-only", action="store_true", help="measure this tree alone (no base column)"
    )
    args = parser.parse_args()
    clients = [int(c) for c in args.clients.split(",")]

    work = Path(tempfile.mkdtemp(prefix="bench-speed-"))
    base_tree = work / "base"
    subprocess.run(  # noqa: S603
        ["git", "worktree", "add", "--detach", str(base_tree), args.base],  # noqa: S607
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    trees = {"this": REPO} if args.this_only else {"base": base_tree, "this": REPO}
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("RAVABET_")},
        "DATABASE_URL": args.database_url,
        "RAVABET_SECRET_KEY": SECRET,
        "RAVABET_ALLOWED_HOSTS": "127.0.0.1",
        "RAVABET_HTTPS": "0",
        "RAVABET_SITE_URL": "http://127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "bench_speed_settings",
    }
    if args.cache == "redis":
        env |= {
            "RAVABET_CACHE": "redis",
            "RAVABET_TASKS": "rq",
            "RAVABET_REDIS_URL": args.redis_url,
            "RAVABET_CACHE_PREFIX": "bench-speed",
        }
    try:
        (base_tree / "node_modules").symlink_to(REPO / "node_modules")
        envs = {}
        for name, tree in trees.items():
            shim = work / f"shim-{name}"
            shim.mkdir()
            (shim / "bench_speed_settings.py").write_text(
                SHIM_SETTINGS.format(static=str(work / f"static-{name}"))
            )
            (shim / "bench_speed_urls.py").write_text(SHIM_URLS)
            envs[name] = {**env, "PYTHONPATH": f"{shim}:{tree}"}
            if name == "base" and args.base_database_url:
                envs[name]["DATABASE_URL"] = args.base_database_url
            run(envs[name], tree, "collectstatic", "--noinput", "-v0")
            cache = run(
                envs[name],
                tree,
                "shell",
                "-c",
                "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
            ).split()[-1]  # after the shell's line about its automatic imports
            print(f"{name}: cache {cache}")
        # The data: this tree's loader (same schema as the base: no migration added).
        t0 = time.perf_counter()
        filled = run(
            envs["this"],
            REPO,
            "shell",
            "-c",
            "from bench.speed_data import fill; "
            f"fill(items={args.items}, messages={args.messages}, "
            f"municipalities={args.municipalities}, refill={args.refill})",
        )
        print(filled.strip())
        print(f"data ready in {time.perf_counter() - t0:.0f} s")
        facts = dict(
            line.split("=", 1)
            for line in run(
                envs["this"],
                REPO,
                "shell",
                "-c",
                "from bench.speed_data import facts; facts()",
            ).splitlines()
            if "=" in line
        )
        if args.base_database_url:  # the same session in the base tree's copy
            run(
                envs["base"],
                REPO,
                "shell",
                "-c",
                f"from bench.speed_data import facts; facts({facts['session']!r})",
            )
        cookie = f"sessionid={facts['session']}"
        query = urllib.parse.quote("شهرداری")
        pages = {
            "home": ("/", ""),
            "network page": ("/n/east-gilan/", ""),
            "municipality page": ("/m/rudsar/", ""),
            "public newsroom list": ("/m/rudsar/news/", ""),
            "article": (facts["article"], ""),
            "RSS": ("/m/rudsar/news/rss/", ""),
            "events page": ("/n/east-gilan/events/", ""),
            "/search/?q=شهرداری": (f"/search/?q={query}", ""),
            "PR head's dashboard": ("/office/m/rudsar/", cookie),
            "citizens' voice inbox": ("/office/m/rudsar/voice/", cookie),
            "network dashboard": ("/office/n/east-gilan/", cookie),
            "resolution board": ("/office/meetings/n/east-gilan/board/", cookie),
            "experience library": ("/office/experience/n/east-gilan/", cookie),
            "network meetings": ("/office/meetings/n/east-gilan/", cookie),
        }
        if args.only:
            wanted = set(args.only.split(","))
            pages = {k: v for k, v in pages.items() if k in wanted}
        results: dict[tuple[str, str, int], tuple[float, float, str, float, float]] = {}
        memory: dict[str, list[int]] = {}
        for number, (name, tree) in enumerate(trees.items()):
            port = args.port + number
            # In production the tick keeps the dashboards' quarter figures (README); a tree
            # that has them gets them kept now, as its tick would have, so its dashboard
            # reads them instead of computing them (which it does only when the tick is
            # late: diagnosis.actions.figures_for).
            actions = tree / "ravabet" / "diagnosis" / "actions.py"
            if actions.exists() and "def refresh_kept_figures" in actions.read_text():
                run(
                    envs[name],
                    tree,
                    "shell",
                    "-c",
                    "from ravabet.diagnosis.actions import refresh_kept_figures; "
                    "refresh_kept_figures()",
                )
            server = start_server(tree, envs[name], port, work / f"gunicorn-{name}.log")
            root = f"http://127.0.0.1:{port}"
            try:
                for path, who in pages.values():  # warm: URL resolver, catalogs, caches
                    request = urllib.request.Request(root + path, headers={"Cookie": who})  # noqa: S310
                    for _ in range(4):
                        urllib.request.urlopen(request, timeout=120).read()  # noqa: S310
                for page, (path, who) in pages.items():
                    for c in clients:
                        before = load()
                        cpu = worker_cpu(server)
                        bare1, _p = wrk(root + "/bare/", c, args.seconds, who)
                        bare_cpu = worker_cpu(server) - cpu
                        cpu = worker_cpu(server)
                        rps, p95 = wrk(root + path, c, args.seconds, who)
                        # The server's own CPU per request: wall time on a loaded machine
                        # also counts the time the workers waited for a core.
                        cpu_ms = 1000 * (worker_cpu(server) - cpu) / max(rps * args.seconds, 1)
                        cpu = worker_cpu(server)
                        bare2, _p = wrk(root + "/bare/", c, args.seconds, who)
                        bare_cpu += worker_cpu(server) - cpu
                        bare_ms = 1000 * bare_cpu / max((bare1 + bare2) * args.seconds, 1)
                        share = rps / ((bare1 + bare2) / 2)
                        results[(page, name, c)] = (share, p95, before, cpu_ms, bare_ms)
                        print(
                            f"  {name:4} {page:24} c={c:<3} {rps:8.1f} req/s  bare "
                            f"{(bare1 + bare2) / 2:8.1f}  share {share:4.2f}  p95 {p95:7.1f} ms"
                            f"  cpu {cpu_ms:5.2f} ms/req (bare {bare_ms:4.2f}, share "
                            f"{bare_ms / max(cpu_ms, 1e-9):4.2f})  load {before}",
                            flush=True,
                        )
                memory[name] = worker_memory(server)
            finally:
                server.terminate()
                server.wait(timeout=30)
        print()
        print(
            f"database: {args.database_url.split('@')[-1]}; items {args.items:,}; messages "
            f"{args.messages:,}; gunicorn 2 workers; wrk {args.seconds} s per run"
        )
        header = " | ".join(f"{n} c={c}" for c in clients for n in trees)
        print(
            f"| page | {header} | p95 ms ({' / '.join(trees)}, c={clients[0]}) | CPU ms/req "
            f"({' / '.join(trees)}, c={clients[0]}) | CPU share (bare's CPU/req ÷ the page's) |"
        )
        print("|---|" + "---|" * (len(clients) * len(trees) + 3))
        for page in pages:
            cells = " | ".join(f"{results[(page, n, c)][0]:.2f}" for c in clients for n in trees)
            first = [results[(page, n, clients[0])] for n in trees]
            cpu_shares = " / ".join(
                f"{results[(page, n, c)][4] / max(results[(page, n, c)][3], 1e-9):.2f}"
                for c in clients
                for n in trees
            )
            print(
                f"| {page} | {cells} | {' / '.join(f'{r[1]:.1f}' for r in first)} | "
                f"{' / '.join(f'{r[3]:.2f}' for r in first)} | {cpu_shares} |"
            )
        for name, rss in memory.items():
            print(f"memory per worker ({name}): {rss} MiB")
    finally:
        subprocess.run(  # noqa: S603
            ["git", "worktree", "remove", "--force", str(base_tree)],  # noqa: S607
            cwd=REPO,
            check=False,
        )
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
