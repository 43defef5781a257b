"""Issue 13, part 3: the search's query function beside tantivy, on the same entries.

Run by hand from the repository root:

    .venv/bin/python bench/bench_search.py --database-url sqlite:////tmp/search-bench.sqlite3
    .venv/bin/python bench/bench_search.py \\
        --database-url postgres://postgres@127.0.0.1:5432/ravabet_search_bench

What it does:
- fills the database once (kept between runs) with the demo and --items news items with
  their search entries (bench/speed_data.py), all public, in the demo's municipalities
  and 200 more;
- indexes the same entries in tantivy (a temporary directory): the normalized title and
  text, cut into the tokens the search's own tokenizer makes (`persian.search_tokens`),
  each entry's date key (`facets.fts_key`) as a fast field and its municipality;
- picks 30 queries from ../shared/data/persian-news/: ten common words, ten rarer
  ones, five two-word phrases in quotes and five pairs of words typed bare (the search
  takes a last bare word of four letters or more as a prefix: so does tantivy here);
- asks both the same thing, in each order, and again filtered to one municipality:
  Ravabet's `find()` (the count up to 101, as the first page counts, and the first 20)
  and tantivy's collectors (an exact count, and the same order: title matches newest
  first, then the others, or newest first), then prints the share of the top 20 both
  give and p50/p95 of each (wall and CPU milliseconds over --runs rounds of every query);
- times /search/ through Django's test client (public cache off: a search drawn, not one
  read from the cache) for every query, and counts its SQL queries.

`--check-loader N` fills two new databases of the same kind with N items, one through
speed_data's bulk loader (full-text indexes paused, built once) and one row by row with the
indexes live, and checks that every query of the bench finds the same in both, in every
mode (and, on SQLite, that FTS5's integrity check passes on both indexes).

The figures are in-process: CPU is this process's (on SQLite that includes the database's
work; on PostgreSQL the server's is not in it). The load average is printed beside them.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TOP = 20
COUNT_CAP = 101  # what /search/'s first page counts to (LookaheadPaginator + 1)


def setup(database_url: str) -> None:
    sys.path.insert(0, str(REPO))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "ravabet.settings",
            "DATABASE_URL": database_url,
            "RAVABET_SECRET_KEY": "bench-search-" + "k" * 40,
            "RAVABET_ALLOWED_HOSTS": "testserver,127.0.0.1",
            "RAVABET_HTTPS": "0",
            "RAVABET_SITE_URL": "http://127.0.0.1",
            "RAVABET_PUBLIC_CACHE": "0",
        }
    )
    import django

    django.setup()


def pick_queries() -> list[str]:
    """30 queries from the news: words by frequency band, phrases and pairs of titles."""
    from speed_data import _articles  # beside this file

    from ravabet.lib.persian import search_tokens

    words: collections.Counter[str] = collections.Counter()
    pairs: collections.Counter[tuple[str, str]] = collections.Counter()
    for article in _articles():
        title = search_tokens(article["title"])
        words.update(t for t in title if len(t) >= 4 and not t.isdigit())
        pairs.update((a, b) for a, b in itertools.pairwise(title) if len(a) >= 3 and len(b) >= 4)
    ranked = [w for w, _n in words.most_common()]
    common = ranked[5:105:10]
    step = max((len(ranked) - 600) // 10, 1)
    rare = ranked[600::step][:10]
    bigrams = [p for p, _n in pairs.most_common(40)][::4]
    quoted = [f'"{a} {b}"' for a, b in bigrams[:5]]
    bare = [f"{a} {b}" for a, b in bigrams[5:10]]
    return common + rare + quoted + bare


class Tantivy:
    """The same entries in tantivy, asked as Ravabet asks its index."""

    def __init__(self, folder: str) -> None:
        import tantivy

        from ravabet.search.facets import fts_key
        from ravabet.search.models import Audience, SearchEntry

        self.tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        for field in ("title", "text"):
            builder.add_text_field(field, tokenizer_name="whitespace", index_option="position")
        builder.add_integer_field("id", stored=True, indexed=True, fast=True)
        builder.add_integer_field("key", fast=True, indexed=True)
        builder.add_integer_field("municipality", indexed=True, fast=True)
        self.schema = builder.build()
        if (Path(folder) / "meta.json").exists():  # an index a run before made: reuse it
            self.index = tantivy.Index.open(folder)
            self.searcher = self.index.searcher()
            self.entries = self.searcher.num_docs
            return
        self.index = tantivy.Index(self.schema, path=folder)
        writer = self.index.writer(heap_size=200_000_000, num_threads=1)
        rows = (
            SearchEntry.objects.filter(audience=Audience.PUBLIC)
            .values_list("id", "date", "municipality_id", "title_norm", "body_norm")
            .iterator(chunk_size=5000)
        )
        self.entries = 0
        for pk, date, municipality, title, body in rows:
            writer.add_document(
                tantivy.Document(
                    id=pk,
                    key=fts_key(date, pk),
                    municipality=municipality or 0,
                    title=" ".join(_tokens(title)),
                    text=" ".join(_tokens(title) + _tokens(body)),
                )
            )
            self.entries += 1
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()

    def _phrase(self, field: str, words: tuple[str, ...], prefix: bool) -> Any:
        query = self.tantivy.Query
        if prefix:
            return query.phrase_prefix_query(self.schema, field, list(words))
        if len(words) == 1:
            return query.term_query(self.schema, field, words[0])
        return query.phrase_query(self.schema, field, list(words))

    def _match(self, field: str, parsed: Any, municipality: int | None) -> Any:
        occur = self.tantivy.Occur
        last = len(parsed.phrases) - 1
        must = [
            (occur.Must, self._phrase(field, phrase, parsed.prefix and n == last))
            for n, phrase in enumerate(parsed.phrases)
        ]
        if municipality is not None:
            must.append(
                (
                    occur.Must,
                    self.tantivy.Query.term_query(self.schema, "municipality", municipality),
                )
            )
        return self.tantivy.Query.boolean_query(must)

    def _ids(self, query: Any, limit: int) -> tuple[int, list[int]]:
        found = self.searcher.search(query, limit=limit, count=True, order_by_field="key")
        count = found.count or 0  # type: ignore[attr-defined]  # missing from the stubs
        return count, [self.searcher.doc(a)["id"][0] for _key, a in found.hits]

    def find(self, text: str, order: str, municipality: int | None) -> tuple[int, list[int]]:
        from ravabet.search.query import ParsedQuery

        parsed = ParsedQuery.parse(text)
        every = self._match("text", parsed, municipality)
        if order == "newest":
            return self._ids(every, TOP)
        count, _ids = self._ids(every, 1)
        _n, titles = self._ids(self._match("title", parsed, municipality), TOP)
        if len(titles) < TOP:
            rest = self.tantivy.Query.boolean_query(
                [
                    (self.tantivy.Occur.Must, every),
                    (self.tantivy.Occur.MustNot, self._match("title", parsed, municipality)),
                ]
            )
            titles += self._ids(rest, TOP - len(titles))[1]
        return count, titles


def _tokens(text: str) -> list[str]:
    from ravabet.lib.persian import _TOKEN_RE

    # The text is normalized already; the tokens as the search cuts them, lower case as
    # both indexes fold it.
    return [t.lower() for t in _TOKEN_RE.findall(text)]


def ravabet_find(text: str, order: str, municipality: int | None) -> tuple[int, list[int]]:
    from ravabet.search.facets import Scope
    from ravabet.search.query import find

    scope = Scope.public()
    if municipality is not None:
        scope = scope.narrowed(municipalities=frozenset([municipality]))
    found = find(scope, text, order, COUNT_CAP, ordered=TOP)  # as /search/'s first page
    return found.found, [entry.pk for entry in found[:TOP]]


def timed(call: Callable[[], Any]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, result


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered):7.1f} {p95:7.1f}"


MODES_TOWN = "rudsar"


def check_fts() -> None:
    """SQLite: FTS5 raises if an index disagrees with the rows it indexes."""
    from django.db import connection

    from ravabet.search.actions import FTS_TABLES

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for table in FTS_TABLES:
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")  # noqa: S608


def every_search() -> dict[str, tuple[int, list[int]]]:
    """What each of the bench's queries finds, in both orders, with and without the town."""
    from ravabet.network.models import Municipality

    town = Municipality.objects.get(slug=MODES_TOWN).pk
    return {
        f"{order} {place} {text}": ravabet_find(text, order, place)
        for text in pick_queries()
        for order in ("relevance", "newest")
        for place in (None, town)
    }


def digest(items: int, bulk: bool) -> None:
    """Fill this (new) database with either loader; print what the bench's queries find."""
    from speed_data import fill

    from ravabet.search.models import SearchEntry

    t0 = time.perf_counter()
    fill(items=items, messages=0, bulk=bulk)
    took = time.perf_counter() - t0
    check_fts()
    found = every_search()
    # The bench's own entries (the demo's are dated from the moment it was loaded).
    rows = (
        SearchEntry.objects.filter(title__startswith="\u200c")
        .order_by("pk")
        .values_list(
            "pk", "object_id", "audience", "municipality_id", "title_norm", "body_norm", "date"
        )
    )
    content = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    print(json.dumps({"found": found, "rows": content, "seconds": round(took)}))


def check_loader(database_url: str, items: int) -> None:
    """The bulk loader against the row-by-row one, on two new databases of this kind."""
    urls = {}
    if database_url.startswith("sqlite"):
        folder = tempfile.mkdtemp(prefix="bench-search-loader-")
        urls = {way: f"sqlite:///{folder}/{way}.sqlite3" for way in ("bulk", "slow")}
    else:
        import psycopg

        base, _slash, name = database_url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as server:
            for way in ("bulk", "slow"):
                server.execute(f'DROP DATABASE IF EXISTS "{name}_{way}"')
                server.execute(f'CREATE DATABASE "{name}_{way}"')
                urls[way] = f"{base}/{name}_{way}"
    command = [sys.executable, __file__, "--items", str(items)]
    runs = {
        way: subprocess.Popen(  # noqa: S603  (this script, our own arguments)
            [*command, "--database-url", url, "--digest", way],
            stdout=subprocess.PIPE,
            text=True,
        )
        for way, url in urls.items()
    }
    results = {}
    for way, run in runs.items():
        out, _err = run.communicate()
        assert run.returncode == 0, f"the {way} fill failed"
        results[way] = json.loads(out.strip().splitlines()[-1])
    bulk, slow = results["bulk"], results["slow"]
    differ = [key for key in slow["found"] if slow["found"][key] != bulk["found"][key]]
    nonempty = sum(1 for value in slow["found"].values() if value[0])
    print(
        f"{items:,} items: bulk {bulk['seconds']} s, row by row {slow['seconds']} s; "
        f"entries {'the same' if bulk['rows'] == slow['rows'] else 'DIFFERENT'}; "
        f"{len(slow['found']) - len(differ)} of {len(slow['found'])} searches find the same "
        f"({nonempty} find something)"
    )
    for key in differ:
        print(f"  differs: {key}: {slow['found'][key]} / {bulk['found'][key]}")
    if differ or bulk["rows"] != slow["rows"]:
        sys.exit(1)


def check_grow(database_url: str, items: int, times: int) -> None:
    """speed_data.grow against the normal path: fill a new database with `items`, grow it
    to `times` as many, then write every copy's entry again through index_object; the
    entries and what every bench query finds must not change."""
    from django.db.models import Max
    from speed_data import ENTRY_COLUMNS, fill, grow

    from ravabet.newsroom.models import NewsItem
    from ravabet.search.actions import index_object
    from ravabet.search.models import SearchEntry

    fill(items=items, messages=0)
    originals = NewsItem.objects.filter(title__startswith="\u200c").aggregate(last=Max("pk"))[
        "last"
    ]
    grow(items * times)

    def state() -> tuple[str, dict[str, Any]]:
        check_fts()
        # Every column the loaders write but the content type, whose id each database picks.
        rows = SearchEntry.objects.order_by("pk").values_list("pk", *ENTRY_COLUMNS[1:])
        return hashlib.sha256(repr(list(rows)).encode()).hexdigest(), every_search()

    bench = NewsItem.objects.filter(title__startswith="\u200c")
    entries = SearchEntry.objects.filter(object_id__in=bench.values("pk"), kind="newsroom.item")
    print(f"items {bench.count():,}, their entries {entries.count():,}")
    grown_rows, grown_found = state()
    copies = bench.filter(pk__gt=originals).select_related("municipality")
    for item in copies.iterator(chunk_size=500):
        index_object(item)
    rows, found = state()
    copied = {pk for _count, ids in found.values() for pk in ids} & set(
        SearchEntry.objects.filter(object_id__gt=originals).values_list("pk", flat=True)
    )
    differ = [key for key in found if found[key] != grown_found[key]]
    print(
        f"{copies.count():,} copies written again by index_object: entries "
        f"{'the same' if rows == grown_rows else 'DIFFERENT'}; {len(found) - len(differ)} of "
        f"{len(found)} searches find the same; {len(copied):,} copies among what they find"
    )
    if differ or rows != grown_rows or not copied:
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="sqlite:////tmp/search-bench.sqlite3")
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-fill", action="store_true", help="use the database as it is")
    parser.add_argument(
        "--pages", type=int, help="how many /search/ requests (default: 60 per run)"
    )
    parser.add_argument(
        "--profile", metavar="FILE", help="cProfile two /search/ requests, kept in FILE"
    )
    parser.add_argument("--show", action="store_true", help="print each query's figures")
    parser.add_argument(
        "--tantivy-dir", help="where tantivy's index is kept (reused if it is there: same data!)"
    )
    parser.add_argument(
        "--check-loader",
        type=int,
        metavar="N",
        help="compare the bulk loader with the row-by-row one on N items, then stop",
    )
    parser.add_argument(
        "--check-grow",
        type=int,
        metavar="N",
        help="fill this (new) database with N items, grow it to 3 N, compare with index_object",
    )
    parser.add_argument("--digest", choices=["bulk", "slow"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.check_loader:
        check_loader(args.database_url, args.check_loader)
        return
    setup(args.database_url)
    if args.digest:
        digest(args.items, bulk=args.digest == "bulk")
        return
    if args.check_grow:
        check_grow(args.database_url, args.check_grow, 3)
        return

    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from ravabet.network.models import Municipality
    from ravabet.search.models import SearchEntry

    if not args.no_fill:
        from speed_data import fill

        t0 = time.perf_counter()
        fill(items=args.items, messages=0)
        print(f"data ready in {time.perf_counter() - t0:.0f} s")
    print(f"database: {connection.vendor}, {SearchEntry.objects.count():,} search entries")
    t0 = time.perf_counter()
    folder = args.tantivy_dir or tempfile.mkdtemp(prefix="bench-search-tantivy-")
    Path(folder).mkdir(parents=True, exist_ok=True)
    engine = Tantivy(folder)
    print(f"tantivy: {engine.entries:,} entries indexed in {time.perf_counter() - t0:.0f} s")
    town = Municipality.objects.get(slug="rudsar").pk
    queries = pick_queries()
    print("queries:", " | ".join(queries))

    modes = [("relevance", None), ("newest", None), ("relevance", town), ("newest", town)]
    for text in queries:  # warm both: the pages each reads, Python's own caches
        for order, place in modes:
            ravabet_find(text, order, place)
            engine.find(text, order, place)
    print(f"load average before: {os.getloadavg()}")
    print(
        "| mode | Ravabet p50 p95 ms (CPU p50 p95) | tantivy p50 p95 ms | ratio p50 p95 "
        f"| top-{TOP} overlap |"
    )
    print("|---|---|---|---|---|")
    for order, place in modes:
        ours: list[float] = []
        ours_cpu: list[float] = []
        theirs: list[float] = []
        overlap: list[float] = []
        for _run in range(args.runs):
            for text in queries:
                wall, cpu, (count, ids) = timed(lambda: ravabet_find(text, order, place))  # noqa: B023
                ours.append(wall)
                ours_cpu.append(cpu)
                wall_t, _cpu, (count_t, ids_t) = timed(lambda: engine.find(text, order, place))  # noqa: B023
                theirs.append(wall_t)
                if _run == 0:
                    both = len(set(ids) & set(ids_t))
                    overlap.append(both / max(len(ids), len(ids_t)) if ids or ids_t else 1.0)
                    if args.show:
                        print(
                            f"    {order:9} {'town' if place else 'all ':4} {text:30} "
                            f"{count:5} {count_t:6} {wall:7.1f} {wall_t:6.2f} {both}/{len(ids)}"
                        )
        ratio50 = statistics.median(ours) / statistics.median(theirs)
        ratio95 = (
            sorted(ours)[round(0.95 * (len(ours) - 1))]
            / sorted(theirs)[round(0.95 * (len(theirs) - 1))]
        )
        name = order + (" + municipality" if place else "")
        print(
            f"| {name} | {percentiles(ours)} ({percentiles(ours_cpu).strip()}) | "
            f"{percentiles(theirs)} | {ratio50:.1f}× {ratio95:.1f}× | "
            f"{statistics.mean(overlap):.0%} |"
        )
    print(f"load average after: {os.getloadavg()}")

    # The pages' static files as they are in the tree (no collectstatic for a bench).
    plain = "django.contrib.staticfiles.storage.StaticFilesStorage"
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": plain}}).enable()
    client = Client()
    pages: list[float] = []
    pages_cpu: list[float] = []
    counts: set[int] = set()
    for text in queries:
        client.get("/search/", {"q": text})
    requests = [
        (text, order)
        for _run in range(args.runs)
        for text in queries
        for order in ("relevance", "newest")
    ][: args.pages]
    for text, order in requests:
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            wall, cpu, response = timed(
                lambda: client.get("/search/", {"q": text, "order": order})  # noqa: B023
            )
        assert response.status_code == 200, response.status_code
        pages.append(wall)
        pages_cpu.append(cpu)
        counts.add(len(captured.captured_queries))
    print(
        f"/search/ (test client, {len(pages)} requests): p50 p95 {percentiles(pages)} ms, "
        f"CPU {percentiles(pages_cpu)} ms; SQL queries per request: {sorted(counts)}; "
        f"load average {os.getloadavg()}"
    )
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        text = queries[0]
        for order in ("relevance", "newest"):
            profile.runcall(client.get, "/search/", {"q": text, "order": order})
        print(f"/search/ profiled, {text!r}, relevance then newest:")
        profile.dump_stats(args.profile)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
