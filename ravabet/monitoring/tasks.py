"""The monitoring's background work: reading feeds, full texts, the daily bulletin.

Each task takes ids and is idempotent: a feed read twice stores nothing twice, a full
text already read is not read again, a bulletin goes to each subscriber once a day (its
outbox key).
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from .models import FullText, Item, Source

# Sources a tick hands to the worker at most; the rest wait for the next tick.
PER_TICK = 50


@task()
def poll_source(source_id: int) -> int:
    """Read one feed; returns how many new items it stored."""
    from . import pipeline

    source = Source.objects.filter(pk=source_id, active=True).first()
    if source is None:
        return 0
    return pipeline.poll_source(source).new


@task()
def extract_fulltext(item_id: int) -> bool:
    from . import pipeline

    item = Item.objects.filter(pk=item_id).first()
    if item is None or item.fulltext != FullText.PENDING:
        return False
    return pipeline.read_fulltext(item)


@task()
def poll_due_sources() -> int:
    """Run by the tick: enqueue a read of every feed that is due (adaptive intervals)."""
    pks = list(
        Source.objects.due(timezone.now())
        .order_by("next_poll_at")
        .values_list("pk", flat=True)[:PER_TICK]
    )
    for pk in pks:
        poll_source.enqueue(pk)
    return len(pks)


@task()
def send_daily_bulletins() -> int:
    """Run by the tick: yesterday's bulletin to each subscriber, once the morning came."""
    from .actions import queue_daily_bulletins

    return queue_daily_bulletins(timezone.localtime())


# Enqueued by `manage.py tick`; idempotent.
PERIODIC = [poll_due_sources, send_daily_bulletins]
