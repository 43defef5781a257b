"""Rate limits that eviction cannot erase: counters in a table of their own.

Every limit in Ravabet (failed logins per address, the public form per address and per
mobile number, tracking-code look-ups, Open311 clients) is "at most N in S seconds" for one
sender and one scope. They used to live in the Django cache; the database cache keeps 300
entries, so ordinary traffic evicted the counters and a paused account took new guesses.

Why a table and not django-ratelimit or Redis:
- django-ratelimit keeps its counts in a Django cache, which may evict: the very fault.
- Redis is not there on a laptop or a small office's server, and an empty Redis after a
  restart forgets every pause; the database is there in every deployment, is backed up, and
  is what the suite runs on (SQLite and PostgreSQL). A limited request costs one small
  UPDATE (an INSERT the first time), far less than the request it guards.

A counter is one row per (scope, sender): a window opens at the sender's first hit and
lasts the limit's seconds, as the cache's timeout did; a hit after it opens a new one. The
count is kept by the database in one UPDATE, so concurrent requests both count. The sender
is stored as an HMAC under SECRET_KEY: no address or phone number in the table. IPv6
senders are counted per /64 (ravabet/core/addresses.py). Rows whose window has ended are
deleted by the periodic `ravabet.core.tasks.prune_rate_counters`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .addresses import throttle_key
from .models import RateCounter


def _digest(scope: str, value: str) -> str:
    key = throttle_key(value.strip())
    return salted_hmac("ravabet.core.throttle", f"{scope}\0{key}", algorithm="sha256").hexdigest()


def count(scope: str, value: str, seconds: int) -> int:
    """How many hits this sender made in its running window (0 when none is running)."""
    counters = RateCounter.objects.of(scope, _digest(scope, value))
    found = counters.running(timezone.now(), seconds).values_list("count", flat=True).first()
    return found or 0


def is_limited(scope: str, value: str, allowed: int, seconds: int) -> bool:
    return count(scope, value, seconds) >= allowed


def any_limited(checks: Iterable[tuple[str, str, int, int]]) -> bool:
    """Whether any of these (scope, sender, allowed, seconds) is at its limit: `is_limited`
    for several senders in one query."""
    now = timezone.now()
    at_limit = []
    for scope, value, allowed, seconds in checks:
        if allowed < 1:
            return True
        at_limit.append(
            Q(scope=scope, key_hash=_digest(scope, value), count__gte=allowed)
            & Q(window_start__gt=now - timedelta(seconds=seconds))
        )
    return bool(at_limit) and RateCounter.objects.filter(reduce(or_, at_limit)).exists()


def hit(scope: str, value: str, seconds: int) -> None:
    now = timezone.now()
    digest = _digest(scope, value)
    counters = RateCounter.objects.of(scope, digest)
    if counters.add_one(now, seconds):
        return
    if not _start_window(scope, digest, now, seconds):  # another request created it first
        counters.add_one(now, seconds)


def _start_window(scope: str, digest: str, now: datetime, seconds: int) -> bool:
    """Create the sender's counter with this first hit; False if a counter already exists
    (only the row's unique constraint tells that at once, when requests race)."""
    try:
        with transaction.atomic():
            RateCounter.objects.create(
                scope=scope,
                key_hash=digest,
                window_start=now,
                count=1,
                expires_at=now + timedelta(seconds=seconds),
            )
    except IntegrityError:
        return False
    return True


def take(scope: str, value: str, allowed: int, seconds: int) -> bool:
    """Count one hit if the sender is under its limit; False, and nothing counted, if not.

    For a limit that must hold when many requests come at once (`is_limited` and then
    `hit` let every request that read the count before the others wrote it through).
    Call it inside the transaction of what it counts, as its last write: an action that
    rolls back takes its hit back with it, and the counter's row stays locked only from
    here to the commit, the time other requests of the same sender wait for it.
    """
    if allowed < 1:
        return False
    now = timezone.now()
    digest = _digest(scope, value)
    counters = RateCounter.objects
    if counters.take_one_below(scope, digest, now, seconds, allowed):
        return True
    # No row, or a full window: only the row's unique constraint tells which at once.
    if _start_window(scope, digest, now, seconds):
        return True
    # There is one: full, or made by another request just now.
    return counters.take_one_below(scope, digest, now, seconds, allowed)


def prune(now: datetime | None = None) -> int:
    deleted, _by_model = RateCounter.objects.expired(now or timezone.now()).delete()
    return deleted
