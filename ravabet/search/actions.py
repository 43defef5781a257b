from __future__ import annotations

import time
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction

from ravabet.core.publiccache import public_changed
from ravabet.lib.persian import normalize

from .models import Audience, SearchEntry
from .sources import Document, Source, all_sources, source_for


def index_object(obj: models.Model, *, new: bool = False) -> SearchEntry | None:
    """Bring the record's search entry in step with the record; drop it when the source says
    the record must no longer be found (withdrawn, deleted, made private to nobody).

    ``new``: the record was created in this transaction, so it has no entry yet and one
    INSERT makes it (no look-up, no savepoint: a citizen's message is written this way
    under load)."""
    source = source_for(obj)
    document = source.document(obj)
    content_type = ContentType.objects.get_for_model(obj)
    entries = SearchEntry.objects.filter(content_type=content_type, object_id=obj.pk)
    # A public record's change is a public change (every cached public page is drawn
    # again); so is one that stops being public. Staff-only records change no public page.
    if (document is not None and document.audience == Audience.PUBLIC) or (
        not new and entries.filter(audience=Audience.PUBLIC).exists()
    ):
        public_changed(obj)
    if document is None:
        if not new:
            entries.delete()
        return None
    fields = entry_fields(source, document)
    if new:
        return SearchEntry.objects.create(content_type=content_type, object_id=obj.pk, **fields)
    entry, _created = SearchEntry.objects.update_or_create(
        content_type=content_type, object_id=obj.pk, defaults=fields
    )
    return entry


def entry_fields(source: Source, document: Document) -> dict[str, Any]:
    """A search entry's fields for a source's document (but the record it stands for)."""
    return {
        "kind": source.kind,
        "audience": document.audience,
        "municipality": document.municipality,
        "network": document.network,
        "title": document.title[:300],
        "title_norm": normalize(document.title),
        "body": document.body,
        "body_norm": normalize(document.body),
        "url": document.url,
        "date": document.date,
    }


def remove_object(obj: models.Model) -> None:
    entries = SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )
    if entries.filter(audience=Audience.PUBLIC).exists():
        public_changed(obj)
    entries.delete()


@transaction.atomic
def rebuild_index() -> int:
    """Re-index every registered record from scratch; returns how many entries exist after."""
    SearchEntry.objects.all().delete()
    count = 0
    for source in all_sources():
        for obj in source.records():
            if index_object(obj) is not None:
                count += 1
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for table in FTS_TABLES:
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")  # noqa: S608
    return count


# SQLite's full-text indexes (migration 0004). Each write adds a small segment; FTS5 merges
# some by itself, but an index that grew one record at a time answers slower than a merged
# one (about half again on a 200,000-item archive).
FTS_TABLES = ("search_fts", "search_title_fts")
MERGE_PAGES = 1000


def tidy_index(seconds: float = 10.0) -> int:
    """Merge the SQLite indexes' segments, a bounded step at a time; returns the steps.

    Safe to run as often as you like: on a merged index a step changes nothing and the
    loop stops at once. PostgreSQL's GIN index needs nothing of the kind.
    """
    if connection.vendor != "sqlite":
        return 0
    steps = 0
    deadline = time.monotonic() + seconds
    connection.ensure_connection()
    raw = connection.connection
    for table in FTS_TABLES:
        while time.monotonic() < deadline:
            before = raw.total_changes
            with transaction.atomic(), connection.cursor() as cursor:
                # A negative page count lets segments of every level merge, towards one.
                cursor.execute(
                    f"INSERT INTO {table}({table}, rank) VALUES ('merge', %s)",  # noqa: S608
                    [-MERGE_PAGES],
                )
            steps += 1
            # FTS5 says: fewer than two changed rows, and the index is merged.
            if raw.total_changes - before < 2:
                break
    return steps
