"""The newsroom at archive scale: 200,000 news items across 50 municipalities.

Run by hand from the repository root, once per database (it creates and fills its own
database; point DATABASE_URL at a scratch one):

    DATABASE_URL=sqlite:////tmp/bench-newsroom.sqlite3 .venv/bin/python bench/bench_newsroom.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ravabet_newsroom_bench \\
        .venv/bin/python bench/bench_newsroom.py

Items are grown from the real articles in ../shared/data/persian-news/ (titles, abstracts
and recombined paragraphs, never random words), published over five years. Reports: the
time to build the search index for all of them (through the news source's `document()`
and the search core's normalization), the p50/p95 server time of /search/ for 30 fixed
queries (one word, several words, a phrase, with a municipality filter), and the server
time of the public newsroom list pages, through Django's test client.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "persian-news"
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ravabet.settings")
os.environ.setdefault("RAVABET_SECRET_KEY", "bench")
os.environ.setdefault("RAVABET_HTTPS", "0")
os.environ.setdefault("RAVABET_ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("RAVABET_SITE_URL", "http://testserver")

QUERIES = [
    # one word
    "شهرداری", "آموزش", "بانک", "ورزش", "فرهنگی", "مدارس", "اینترنت", "قیمت", "دانشگاه",
    "کتابخانه",
    # several words
    "خدمات بانکی", "وزارت ارتباطات", "توسعه روستایی", "برگزاری نمایشگاه",
    "سازمان حمایت", "شورای شهر", "محیط زیست", "نرم افزار",
    # phrases
    '"روابط عمومی"', '"به گزارش فارس"', '"وزیر ارتباطات"', '"دفاتر ICT"',
    '"فناوری اطلاعات"', '"مجلس شورای اسلامی"',
    # with a municipality filter (set below)
    "شهرداری", "آموزش", "خدمات بانکی", '"به گزارش فارس"', "ورزش", "مدارس",
]  # fmt: skip
FILTERED_FROM = 24


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def load_articles() -> list[dict]:
    articles = []
    for n in range(1, 6):
        articles.extend(json.loads((DATA / f"fars-news-{n}.json").read_text("utf-8")))
    return articles


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--municipalities", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="reuse an existing filled database")
    parser.add_argument(
        "--keep-index",
        action="store_true",
        help="with --keep: reuse the search index too, time the queries only",
    )
    parser.add_argument(
        "--lists-only", action="store_true", help="with --keep: time the list pages only"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    # Production's manifest storage needs collectstatic; the bench renders pages as they are.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    from ravabet.network.models import Municipality, Network, User
    from ravabet.newsroom.models import Category, Kind, NewsItem, Status
    from ravabet.newsroom.search import NewsItemSource
    from ravabet.search.actions import entry_fields
    from ravabet.search.models import SearchEntry

    vendor = connection.vendor
    print(f"database: {vendor} ({connection.settings_dict['NAME']})")
    call_command("migrate", verbosity=0)

    if not (args.keep and NewsItem.objects.count() >= args.count):
        t0 = time.perf_counter()
        SearchEntry.objects.all().delete()
        NewsItem.objects.all().delete()
        rng = random.Random(1405)
        articles = load_articles()
        paragraphs = [p for a in articles for p in a["paragraphs"] if len(p) > 40]
        user, _ = User.objects.get_or_create(username="bench-reporter")
        municipalities = []
        for i in range(args.municipalities):
            m, _ = Municipality.objects.get_or_create(
                slug=f"m{i:03d}",
                defaults={"name": f"شهر {i}", "province": "گیلان", "county": "بنچ"},
            )
            municipalities.append(m)
        network, _ = Network.objects.get_or_create(
            slug="bench",
            defaults={"name": "شبکه بنچ", "province": "گیلان", "host": municipalities[0]},
        )
        network.members.add(*municipalities)
        start = datetime(2021, 3, 21, tzinfo=UTC)
        kinds, categories = Kind.values, Category.values
        batch: list[NewsItem] = []
        for n in range(args.count):
            article = articles[n % len(articles)]
            body = "".join(f"<p>{p}</p>" for p in rng.sample(paragraphs, rng.randint(3, 6)))
            when = start + timedelta(minutes=n * 13 + rng.randint(0, 12))
            batch.append(
                NewsItem(
                    municipality=municipalities[n % len(municipalities)],
                    author=user,
                    kind=rng.choice(kinds),
                    category=rng.choice(categories),
                    title=article["title"][:250],
                    lead=article.get("abstract") or "",
                    body=body,
                    status=Status.PUBLISHED,
                    published_at=when,
                )
            )
            if len(batch) == 2000:
                with transaction.atomic():
                    NewsItem.objects.bulk_create(batch)
                batch = []
        if batch:
            NewsItem.objects.bulk_create(batch)
        print(f"items created: {NewsItem.objects.count():,} in {time.perf_counter() - t0:.1f} s")

    if args.keep and args.lists_only:
        time_lists(Client(), connection)
        return

    # Index build: every item through the source's document() and the core's normalize(),
    # written in batches (the FTS5 triggers / generated tsvector do the rest).
    from django.contrib.contenttypes.models import ContentType

    if args.keep and args.keep_index and SearchEntry.objects.count() >= args.count:
        time_searches(Client())
        time_lists(Client(), connection)
        return

    SearchEntry.objects.all().delete()
    source = NewsItemSource()
    content_type = ContentType.objects.get_for_model(NewsItem)
    t0 = time.perf_counter()
    entries: list[SearchEntry] = []
    for item in NewsItem.objects.select_related("municipality").iterator(chunk_size=2000):
        document = source.document(item)
        if document is None:
            continue
        entries.append(
            SearchEntry(
                content_type=content_type, object_id=item.pk, **entry_fields(source, document)
            )
        )
        if len(entries) == 2000:
            with transaction.atomic():
                SearchEntry.objects.bulk_create(entries)
            entries = []
    if entries:
        SearchEntry.objects.bulk_create(entries)
    with connection.cursor() as cursor:
        # What autovacuum does to a real archive: statistics, and the visibility map that
        # lets PostgreSQL count from an index.
        cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")
    build = time.perf_counter() - t0
    print(f"index build: {SearchEntry.objects.count():,} entries in {build:.1f} s")
    # What the tick's periodic tidy does to a live archive, in ten-second steps.
    from ravabet.search.actions import tidy_index

    t0 = time.perf_counter()
    steps = tidy_index(seconds=3600)
    print(f"index merge (SQLite, tidy_index): {steps} steps in {time.perf_counter() - t0:.1f} s")

    # One item at a time, as the actions do it: the cost of keeping the index in step.
    from ravabet.search.actions import index_object

    sample = list(NewsItem.objects.select_related("municipality").order_by("?")[:300])
    t0 = time.perf_counter()
    for item in sample:
        index_object(item)
    per_item = (time.perf_counter() - t0) / len(sample) * 1000
    print(f"index_object(): {per_item:.2f} ms per item (300 items, already indexed)")

    client = Client()
    time_searches(client)
    time_lists(client, connection)


def time_searches(client) -> None:  # type: ignore[no-untyped-def]
    filter_slug = "m007"
    urls = [
        f"/search/?q={q}" + (f"&municipality={filter_slug}" if i >= FILTERED_FROM else "")
        for i, q in enumerate(QUERIES)
    ]
    # The default order (headline matches first), newest first, and a deep page.
    for label, suffix in [
        ("most relevant", ""),
        ("newest", "&order=newest"),
        ("page 20", "&page=20"),
    ]:
        time_urls(client, label, [url + suffix for url in urls])


def time_urls(client, label: str, urls: list[str]) -> None:  # type: ignore[no-untyped-def]
    for url in urls:  # warm the caches once
        assert client.get(url).status_code == 200
    times: list[float] = []
    per_query: dict[str, list[float]] = {}
    for _round in range(3):
        for url in urls:
            t0 = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - t0) * 1000
            assert response.status_code == 200
            times.append(elapsed)
            per_query.setdefault(url, []).append(elapsed)
    print(
        f"search, {label} ({len(urls)} queries x 3): p50 {pct(times, 0.5):.1f} ms, "
        f"p95 {pct(times, 0.95):.1f} ms, max {max(times):.1f} ms"
    )
    slowest = sorted(per_query.items(), key=lambda kv: -statistics.median(kv[1]))[:3]
    for url, values in slowest:
        print(f"  slowest: {statistics.median(values):7.1f} ms  {url}")


def time_lists(client, connection) -> None:  # type: ignore[no-untyped-def]
    from django.db import reset_queries
    from django.test.utils import CaptureQueriesContext

    pages = [
        "/m/m007/news/",
        "/m/m007/news/?page=100",
        "/m/m007/news/?kind=press_release",
        "/n/bench/news/",
        "/n/bench/news/?page=1000",
        "/m/m007/news/rss/",
    ]
    for url in pages:
        client.get(url)
        samples = []
        for _ in range(10):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                t0 = time.perf_counter()
                response = client.get(url)
                samples.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, url
        print(
            f"list {url:<36} median {statistics.median(samples):6.1f} ms, "
            f"p95 {pct(samples, 0.95):6.1f} ms, {len(queries)} queries"
        )


if __name__ == "__main__":
    main()
