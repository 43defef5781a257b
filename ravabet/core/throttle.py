"""Rate limits that eviction cannot erase: counters in a table of their own.

Every limit in Ravabet (failed logins per address, the public form per address and per
mobile number, tracking-code look-ups, Open311 clients) is "at most N in S seconds" for one
sender and one scope. They used to live in the Django cache; the database cache keeps 300
entries, so ordinary traffic evicted the counters and a paused account took new guesses.

Why a table and not django-ratelimit or Redis:
- django-ratelimit keeps its counts in a Django cache, which may evict: the very fault.
- Redis is not there on a laptop or a small office's server, and the site must not become
  unprotected, or unusable, when it is missing or restarts empty; one store, in the database
  every deployment already backs up, is tested on SQLite and PostgreSQL alike. The writes are
  one small upsert per submission, look-up or failed login, cheaper than the request itself.

A counter is a row per (scope, sender, fixed window), incremented in the database with F()
so concurrent requests both count. A limit is judged over a sliding window estimated from
the current and the previous fixed windows (the previous one weighted by how much of it the
sliding window still covers), so a burst at a window's edge cannot double the limit. The
sender is stored as an HMAC under SECRET_KEY: no address or phone number in the table.
IPv6 senders are counted per /64 (ravabet/core/addresses.py). Old rows are deleted by the
periodic `ravabet.core.tasks.prune_rate_counters`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .addresses import throttle_key
from .models import RateCounter


def _digest(scope: str, value: str) -> str:
    key = throttle_key(value.strip())
    return salted_hmac("ravabet.core.throttle", f"{scope}\0{key}", algorithm="sha256").hexdigest()


def _window_start(now: datetime, seconds: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=UTC)


def count(scope: str, value: str, seconds: int) -> float:
    """Roughly how many hits this sender made in the last `seconds`."""
    now = timezone.now()
    start = _window_start(now, seconds)
    previous = start - timedelta(seconds=seconds)
    found = dict(
        RateCounter.objects.of(scope, _digest(scope, value))
        .filter(window_start__in=[start, previous])
        .values_list("window_start", "count")
    )
    still_covered = 1 - (now - start).total_seconds() / seconds
    return found.get(start, 0) + found.get(previous, 0) * still_covered


def is_limited(scope: str, value: str, allowed: int, seconds: int) -> bool:
    return count(scope, value, seconds) >= allowed


def hit(scope: str, value: str, seconds: int) -> None:
    start = _window_start(timezone.now(), seconds)
    counters = RateCounter.objects.of(scope, _digest(scope, value)).filter(window_start=start)
    if counters.increment():
        return
    try:
        with transaction.atomic():
            RateCounter.objects.create(
                scope=scope,
                key_hash=_digest(scope, value),
                window_start=start,
                count=1,
                expires_at=start + timedelta(seconds=2 * seconds),
            )
    except IntegrityError:  # another request created it first
        counters.increment()


def prune(now: datetime | None = None) -> int:
    deleted, _by_model = RateCounter.objects.expired(now or timezone.now()).delete()
    return deleted
