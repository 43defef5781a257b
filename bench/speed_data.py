"""Bulk data for bench_speed.py: the demo, then news items (with their search entries),
citizens' messages and municipalities at national scale, written in batches.

Run inside Django (`manage.py shell -c "from bench.speed_data import fill; fill(...)"`).
Items are grown from the real articles in ../shared/data/persian-news/, as in
bench_newsroom.py. Idempotent: a filled database is kept unless `refill`.

`bulk` (the default) pauses the full-text indexes while the items go in and builds them
once at the end (`_indexes_paused`): SQLite's FTS5 triggers and PostgreSQL's GIN indexes
otherwise update per row, which made 200,000 items take 1,500 s. The rows written are the
same either way; `bench_search.py --check-loader` compares the two paths' search results.
"""

from __future__ import annotations

import itertools
import json
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# ../shared beside a clone; a worktree under wt/ has it two levels up.
DATA = next(
    (
        folder / "shared" / "data" / "persian-news"
        for folder in (REPO.parent, REPO.parent.parent)
        if (folder / "shared" / "data" / "persian-news").is_dir()
    ),
    REPO.parent / "shared" / "data" / "persian-news",
)
BATCH = 2000
PROVINCES = 31


def _articles() -> list[dict]:
    found = []
    for n in range(1, 6):
        found.extend(json.loads((DATA / f"fars-news-{n}.json").read_text("utf-8")))
    return found


@contextmanager
def _indexes_paused() -> Iterator[None]:
    """The search entries' full-text indexes off while rows go in, built once after.

    SQLite: the six triggers that keep the two FTS5 tables in step (migrations 0004,
    0007) are dropped and made again from their own stored SQL, and each table is rebuilt
    from the entries in one statement. PostgreSQL: the GIN indexes are dropped and made
    again from their own definitions (the tsvectors are generated columns: the rows
    carry them either way).
    """
    from django.db import connection

    from ravabet.search.actions import FTS_TABLES

    connection.ensure_connection()
    t0 = time.perf_counter()
    if connection.vendor == "sqlite":
        raw: Any = connection.connection  # the sqlite3 connection: no %s markers in its SQL
        triggers = raw.execute(
            "SELECT name, sql FROM sqlite_master"
            " WHERE type = 'trigger' AND tbl_name = 'search_searchentry'"
        ).fetchall()
        for name, _sql in triggers:
            raw.execute(f'DROP TRIGGER "{name}"')
        raw.commit()
        try:
            yield
        finally:
            t0 = time.perf_counter()
            connection.ensure_connection()  # the loader may have closed the one above
            raw = connection.connection
            for _name, sql in triggers:
                raw.execute(sql)
            for table in FTS_TABLES:
                raw.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")  # noqa: S608
            raw.commit()
            print(f"full-text tables rebuilt in {time.perf_counter() - t0:.0f} s")
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes"
            " WHERE tablename = 'search_searchentry' AND indexdef LIKE '%%USING gin%%'"
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            for _name, definition in indexes:
                cursor.execute(definition)
            cursor.execute("RESET maintenance_work_mem")
        print(f"GIN indexes made in {time.perf_counter() - t0:.0f} s")


def fill(
    items: int, messages: int, municipalities: int = 0, refill: bool = False, bulk: bool = True
) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    from ravabet.network.models import Municipality, Network, User
    from ravabet.newsroom.models import NewsItem
    from ravabet.search.models import SearchEntry

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if not Network.objects.filter(slug="east-gilan").exists():
        call_command("load_demo", verbosity=0)
    t0 = time.perf_counter()
    rng = random.Random(1405)

    # National scale: municipalities in 31 provinces, none in a network of the demo.
    have = Municipality.objects.filter(slug__startswith="nat-").count()
    if municipalities > have:
        Municipality.objects.bulk_create(
            [
                Municipality(
                    slug=f"nat-{n:04d}",
                    name=f"شهر {n}",
                    name_en=f"Town {n}",
                    county=f"شهرستان {n // 10}",
                    province=f"استان {n % PROVINCES + 1}",
                )
                for n in range(have, municipalities)
            ],
            batch_size=BATCH,
        )
        print(f"municipalities: {Municipality.objects.count():,}")

    demo = list(Network.objects.get(slug="east-gilan").members.all())
    places = demo + list(Municipality.objects.filter(slug__startswith="nat-")[:200])
    bench_items = NewsItem.objects.filter(title__startswith="‌")  # a ZWNJ marks the bench's own
    if refill:
        SearchEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(NewsItem),
            object_id__in=bench_items.values("pk"),
        ).delete()
        bench_items.delete()
    have = bench_items.count()
    if items > have:
        author = User.objects.filter(memberships__municipality__slug="rudsar").first()
        if bulk:
            with _indexes_paused():
                _insert_items_bulk(range(have, items), places, author, rng)
        else:
            _insert_items(range(have, items), places, author, rng)
        print(f"news items: {NewsItem.objects.count():,} ({time.perf_counter() - t0:.0f} s)")
    _insert_messages(messages, rng)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    if connection.vendor == "sqlite":
        from ravabet.search.actions import tidy_index

        tidy_index(seconds=600)


def grow(items: int) -> None:
    """Make the bench's news items `items` by copying them in SQL, not drawing new ones.

    Each copy of the bench's items (a ZWNJ starts their titles) is the same rows with new
    ids and `published_at` moved back by whole spans of the items' dates, so no two copies
    share a minute; the copies' search entries are their originals' with the new item's id,
    address and date (fts_key and facets on SQLite, the tsvectors on PostgreSQL, are
    generated from those by the database). The full-text indexes are paused and built once
    after, as in `fill`. 800,000 items take minutes this way where `fill` takes hours:
    there each item's text is drawn and normalized in Python.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.db.models import Max, Min

    from ravabet.newsroom.models import NewsItem
    from ravabet.search.models import SearchEntry

    bench = NewsItem.objects.filter(title__startswith="\u200c")
    have = bench.count()
    if items <= have:
        return
    t0, cpu0 = time.perf_counter(), time.process_time()
    span = bench.aggregate(low=Min("published_at"), high=Max("published_at"))
    minutes = int((span["high"] - span["low"]).total_seconds() // 60) + 1
    first, last = bench.aggregate(first=Min("pk"), last=Max("pk")).values()
    columns = [str(f.column) for f in NewsItem._meta.concrete_fields if f.column != "id"]
    entry_columns = [c for c in ENTRY_COLUMNS if c not in ("object_id", "url", "date")]
    content_type = ContentType.objects.get_for_model(NewsItem).pk
    sqlite = connection.vendor == "sqlite"
    items_table, entries_table = NewsItem._meta.db_table, SearchEntry._meta.db_table
    copy = 0
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -1000000")  # 1 GB: the tables' indexes grow
    with _indexes_paused():
        while have < items:
            copy += 1
            count = min(items - have, last - first + 1)  # ids can have gaps: LIMIT decides
            offset = (NewsItem.objects.aggregate(top=Max("pk"))["top"] or 0) + 1 - first
            back = copy * minutes
            shifted = (
                f"datetime(published_at, '-{back} minutes')"
                if sqlite
                else f"published_at - interval '{back} minutes'"
            )
            chosen = ", ".join(shifted if c == "published_at" else c for c in columns)
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {items_table} (id, {', '.join(columns)})"  # noqa: S608
                    f" SELECT id + %s, {chosen} FROM {items_table}"
                    f" WHERE id BETWEEN %s AND %s AND title LIKE %s ORDER BY id LIMIT %s",
                    [offset, first, last, "\u200c%", count],
                )
                made = cursor.rowcount
                # The address is the original's with the new id (/m/<town>/news/<id>/).
                cursor.execute(
                    f"INSERT INTO {entries_table}"  # noqa: S608
                    f" ({', '.join(entry_columns)}, object_id, url, date)"
                    f" SELECT {', '.join('e.' + c for c in entry_columns)}, n.id,"
                    f" substr(e.url, 1, length(e.url) - length(CAST(e.object_id AS TEXT)) - 1)"
                    f" || CAST(n.id AS TEXT) || '/', n.published_at"
                    f" FROM {items_table} n JOIN {entries_table} e"
                    f" ON e.object_id = n.id - %s AND e.content_type_id = %s"
                    f" WHERE n.id > %s",
                    [offset, content_type, first + offset - 1],
                )
                print(
                    f"  copy {copy}: {made:,} items, {cursor.rowcount:,} entries, "
                    f"{back:,} minutes back ({time.perf_counter() - t0:.0f} s)",
                    flush=True,
                )
            have += made
        if not sqlite:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{items_table}', 'id'),"  # noqa: S608
                    f" (SELECT MAX(id) FROM {items_table}))"
                )
    print(
        f"grown to {have:,} bench items in {time.perf_counter() - t0:.0f} s wall, "
        f"{time.process_time() - cpu0:.0f} s CPU (this process)"
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if not sqlite else "ANALYZE")


def _news_items(
    numbers: range, places: list[Any], author: Any, rng: random.Random
) -> Iterator[list[Any]]:
    """The bench's news items, BATCH at a time, drawn from `rng` in one order whatever
    the loader."""
    from ravabet.newsroom.models import Category, Kind, NewsItem, Status

    articles = _articles()
    paragraphs = [p for a in articles for p in a["paragraphs"] if len(p) > 40]
    start = datetime(2021, 3, 21, tzinfo=UTC)
    for first in range(numbers.start, numbers.stop, BATCH):
        batch = []
        for n in range(first, min(first + BATCH, numbers.stop)):
            article = articles[n % len(articles)]
            body = "".join(f"<p>{p}</p>" for p in rng.sample(paragraphs, rng.randint(3, 6)))
            batch.append(
                NewsItem(
                    municipality=places[n % len(places)],
                    author=author,
                    kind=rng.choice(Kind.values),
                    category=rng.choice(Category.values),
                    title="\u200c" + article["title"][:240],
                    lead=article.get("abstract") or "",
                    body=body,
                    status=Status.PUBLISHED,
                    published_at=start + timedelta(minutes=n * 7 + rng.randint(0, 6)),
                )
            )
        yield batch


# What the bulk loader's workers read (set before they fork).
_WORKER: dict[str, Any] = {}
ENTRY_COLUMNS = (
    "content_type_id",
    "object_id",
    "kind",
    "audience",
    "municipality_id",
    "network_id",
    "title",
    "title_norm",
    "body",
    "body_norm",
    "url",
    "date",
)


def _entry_rows(items: list[Any]) -> list[tuple[Any, ...]]:
    """The search entries of news items as rows, as index_object would write them."""
    from django.db import connection

    from ravabet.search.actions import entry_fields

    source, content_type_id, by_pk = _WORKER["source"], _WORKER["type"], _WORKER["places"]
    rows = []
    for item in items:
        item.municipality = by_pk[item.municipality_id]
        document = source.document(item)
        if document is None:
            continue
        values = {"content_type_id": content_type_id, "object_id": item.pk}
        values.update(entry_fields(source, document))
        for place in ("municipality", "network"):
            values[f"{place}_id"] = getattr(values.pop(place), "pk", None)
        values["audience"] = str(values["audience"])
        values["date"] = connection.ops.adapt_datetimefield_value(values["date"])
        rows.append(tuple(values[column] for column in ENTRY_COLUMNS))
    return rows


def _insert_items_bulk(
    numbers: range, places: list[Any], author: Any, rng: random.Random, workers: int = 2
) -> None:
    """The items of `_insert_items`, their entries' text worked out by `workers`
    processes while the next batch is drawn and written, and written in raw INSERTs."""
    import multiprocessing

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, connections, transaction

    from ravabet.newsroom.models import NewsItem
    from ravabet.newsroom.search import NewsItemSource
    from ravabet.search.models import SearchEntry

    _WORKER.update(
        source=NewsItemSource(),
        type=ContentType.objects.get_for_model(NewsItem).pk,
        places={m.pk: m for m in places},
    )
    NewsItemSource().document(NewsItem(municipality=places[0], pk=1))  # load the URLconf once
    insert = (
        f"INSERT INTO {SearchEntry._meta.db_table} ({', '.join(ENTRY_COLUMNS)})"  # noqa: S608
        f" VALUES ({', '.join(['%s'] * len(ENTRY_COLUMNS))})"
    )
    connections.close_all()  # the workers never use the database: none to inherit
    done = numbers.start
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pending = None
        for batch in itertools.chain(_news_items(numbers, places, author, rng), [None]):
            with transaction.atomic():
                made = None
                if batch is not None:
                    made = NewsItem.objects.bulk_create(batch)  # with ids (SQLite 3.35+)
                if pending is not None:
                    rows = pending.get()
                    with connection.cursor() as cursor:
                        cursor.executemany(insert, rows)
            pending = pool.apply_async(_entry_rows, (made,)) if made is not None else None
            done += len(batch or [])
            if batch is not None and (done - numbers.start) % 100_000 < BATCH:
                print(f"  {done:,} items", flush=True)


def _insert_items(numbers: range, places: list[Any], author: Any, rng: random.Random) -> None:
    """The items and their entries row by row through the ORM, the indexes live."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from ravabet.newsroom.models import NewsItem
    from ravabet.newsroom.search import NewsItemSource
    from ravabet.search.actions import entry_fields
    from ravabet.search.models import SearchEntry

    source = NewsItemSource()
    content_type = ContentType.objects.get_for_model(NewsItem)
    by_pk = {m.pk: m for m in places}
    for batch in _news_items(numbers, places, author, rng):
        with transaction.atomic():
            made = NewsItem.objects.bulk_create(batch)  # with their ids (SQLite 3.35+)
            entries = []
            for item in made:
                item.municipality = by_pk[item.municipality_id]
                document = source.document(item)
                if document is None:
                    continue
                entries.append(
                    SearchEntry(
                        content_type=content_type,
                        object_id=item.pk,
                        **entry_fields(source, document),
                    )
                )
            SearchEntry.objects.bulk_create(entries)


def _insert_messages(messages: int, rng: random.Random) -> None:
    from ravabet.lib.persian import normalize
    from ravabet.network.models import Municipality
    from ravabet.voice import models as voice

    rudsar = Municipality.objects.get(slug="rudsar")
    have = voice.Message.objects.filter(municipality=rudsar, code__startswith="B").count()
    if messages <= have:
        return
    t1 = time.perf_counter()
    categories = list(voice.Category.objects.filter(municipality=rudsar))
    texts = [p for a in _articles()[:400] for p in a["paragraphs"] if 40 < len(p) < 400]
    now = datetime.now(UTC)
    for first in range(have, messages, BATCH):
        letters = []
        for n in range(first, min(first + BATCH, messages)):
            text = texts[n % len(texts)]
            received = now - timedelta(minutes=(messages - n) * 5)
            letters.append(
                voice.Message(
                    municipality=rudsar,
                    code=f"B{n:07d}",
                    public_id=f"bench{n:011d}",
                    kind=rng.choice(voice.Kind.values),
                    channel=voice.Channel.WEB,
                    status=rng.choice(voice.Status.values),
                    category=rng.choice(categories),
                    text=text,
                    text_norm=normalize(text),
                    received_at=received,
                    due_on=(received + timedelta(days=10)).date(),
                    consent=True,
                )
            )
        voice.Message.objects.bulk_create(letters)
    print(f"messages: {voice.Message.objects.count():,} ({time.perf_counter() - t1:.0f} s)")


def facts(session_key: str | None = None) -> None:
    """What the bench needs: a session of Rudsar's PR head (under the key given, for a second
    database to accept the same cookie), an article's address."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from ravabet.network.models import User
    from ravabet.newsroom.models import NewsItem, Status

    head = User.objects.get(username="rudsar-head")
    data = {
        SESSION_KEY: str(head.pk),
        BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[-1],
        HASH_SESSION_KEY: head.get_session_auth_hash(),
    }
    session = SessionStore()
    if session_key is None:
        session.update(data)
        session.save()
    else:  # a store would take a key it does not find for a stale one and make another
        Session.objects.update_or_create(
            session_key=session_key,
            defaults={
                "session_data": session.encode(data),
                "expire_date": timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE),
            },
        )
        session = SessionStore(session_key)
    item = (
        NewsItem.objects.filter(municipality__slug="rudsar", status=Status.PUBLISHED)
        .order_by("-published_at")
        .first()
    )
    assert item is not None
    print(f"session={session.session_key}")
    print(f"article={item.get_absolute_url()}")
