from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction

from ravabet.lib.persian import normalize

from .models import SearchEntry
from .sources import all_sources, source_for


def index_object(obj: models.Model) -> SearchEntry | None:
    """Bring the record's search entry in step with the record; drop it when the source says
    the record must no longer be found (withdrawn, deleted, made private to nobody)."""
    source = source_for(obj)
    document = source.document(obj)
    content_type = ContentType.objects.get_for_model(obj)
    if document is None:
        SearchEntry.objects.filter(content_type=content_type, object_id=obj.pk).delete()
        return None
    entry, _created = SearchEntry.objects.update_or_create(
        content_type=content_type,
        object_id=obj.pk,
        defaults={
            "kind": source.kind,
            "audience": document.audience,
            "municipality": document.municipality,
            "network": document.network,
            "title": document.title[:300],
            "title_norm": normalize(document.title),
            "body_norm": normalize(document.body),
            "url": document.url,
            "date": document.date,
        },
    )
    return entry


def remove_object(obj: models.Model) -> None:
    SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).delete()


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
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    return count
