"""Bulk data for bench_speed.py: the demo, then news items (with their search entries),
citizens' messages and municipalities at national scale, written in batches.

Run inside Django (`manage.py shell -c "from bench.speed_data import fill; fill(...)"`).
Items are grown from the real articles in ../shared/data/persian-news/, as in
bench_newsroom.py. Idempotent: a filled database is kept unless `refill`.
"""

from __future__ import annotations

import json
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

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


def fill(items: int, messages: int, municipalities: int = 0, refill: bool = False) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection, transaction

    from ravabet.lib.persian import normalize
    from ravabet.network.models import Municipality, Network
    from ravabet.newsroom.models import Category, Kind, NewsItem, Status
    from ravabet.newsroom.search import NewsItemSource
    from ravabet.search.models import SearchEntry
    from ravabet.voice import models as voice

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
        articles = _articles()
        paragraphs = [p for a in articles for p in a["paragraphs"] if len(p) > 40]
        from ravabet.network.models import User

        author = User.objects.filter(memberships__municipality__slug="rudsar").first()
        start = datetime(2021, 3, 21, tzinfo=UTC)
        source = NewsItemSource()
        content_type = ContentType.objects.get_for_model(NewsItem)
        for first in range(have, items, BATCH):
            batch = []
            for n in range(first, min(first + BATCH, items)):
                article = articles[n % len(articles)]
                body = "".join(f"<p>{p}</p>" for p in rng.sample(paragraphs, rng.randint(3, 6)))
                batch.append(
                    NewsItem(
                        municipality=places[n % len(places)],
                        author=author,
                        kind=rng.choice(Kind.values),
                        category=rng.choice(Category.values),
                        title="‌" + article["title"][:240],
                        lead=article.get("abstract") or "",
                        body=body,
                        status=Status.PUBLISHED,
                        published_at=start + timedelta(minutes=n * 7 + rng.randint(0, 6)),
                    )
                )
            with transaction.atomic():
                made = NewsItem.objects.bulk_create(batch)  # with their ids (SQLite 3.35+)
                entries = []
                for item in made:
                    item.municipality = next(m for m in places if m.pk == item.municipality_id)
                    document = source.document(item)
                    if document is None:
                        continue
                    entries.append(
                        SearchEntry(
                            content_type=content_type,
                            object_id=item.pk,
                            kind=source.kind,
                            audience=document.audience,
                            municipality=document.municipality,
                            network=document.network,
                            title=document.title[:300],
                            title_norm=normalize(document.title),
                            body=document.body,
                            body_norm=normalize(document.body),
                            url=document.url,
                            date=document.date,
                        )
                    )
                SearchEntry.objects.bulk_create(entries)
        print(f"news items: {NewsItem.objects.count():,} ({time.perf_counter() - t0:.0f} s)")

    rudsar = Municipality.objects.get(slug="rudsar")
    have = voice.Message.objects.filter(municipality=rudsar, code__startswith="B").count()
    if messages > have:
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
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    if connection.vendor == "sqlite":
        from ravabet.search.actions import tidy_index

        tidy_index(seconds=600)


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
