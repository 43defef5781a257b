from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connections, models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _


class RateCounterQuerySet(models.QuerySet["RateCounter"]):
    def of(self, scope: str, key_hash: str) -> RateCounterQuerySet:
        return self.filter(scope=scope, key_hash=key_hash)

    def running(self, now: datetime, seconds: int) -> RateCounterQuerySet:
        return self.filter(window_start__gt=now - timedelta(seconds=seconds))

    def expired(self, now: datetime) -> RateCounterQuerySet:
        return self.filter(expires_at__lt=now)

    def add_one(self, now: datetime, seconds: int) -> int:
        """Count one more in a running window, or start a new one, in one UPDATE.

        The database does the arithmetic (every SET reads the row as it was), so two
        requests at once both count and neither sees a half-reset row.
        """
        return self._count_one(now, seconds)

    def take_one_below(
        self, scope: str, key_hash: str, now: datetime, seconds: int, allowed: int
    ) -> bool:
        """As `add_one` for one sender, but only while its running window has fewer than
        ``allowed``; whether it counted.

        The condition is part of the UPDATE: a second request at once waits for the first
        one's row and is judged on the count that one left (PostgreSQL re-reads the row
        it waited for; SQLite has one writer at a time), so no two see the same last slot.
        Written out, not built through the ORM: building it cost more than running it, and
        core/throttle.take runs twice in every citizen's message.
        """
        ops = connections[self.db].ops
        table = ops.quote_name(RateCounter._meta.db_table)
        count, start, expires, scope_, key = (
            ops.quote_name(c) for c in ("count", "window_start", "expires_at", "scope", "key_hash")
        )
        since = ops.adapt_datetimefield_value(now - timedelta(seconds=seconds))
        # Every SET reads the row as it was, as in _count_one.
        sql = (
            f"UPDATE {table} SET "  # noqa: S608  (names quoted by the backend, values bound)
            f"{count} = CASE WHEN {start} > %s THEN {count} + 1 ELSE 1 END, "
            f"{expires} = CASE WHEN {start} > %s THEN {expires} ELSE %s END, "
            f"{start} = CASE WHEN {start} > %s THEN {start} ELSE %s END "
            f"WHERE {scope_} = %s AND {key} = %s AND ({start} <= %s OR {count} < %s)"
        )
        params = [
            since,
            since,
            ops.adapt_datetimefield_value(now + timedelta(seconds=seconds)),
            since,
            ops.adapt_datetimefield_value(now),
            scope,
            key_hash,
            since,
            allowed,
        ]
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            return bool(cursor.rowcount)

    def _count_one(self, now: datetime, seconds: int) -> int:
        running = Q(window_start__gt=now - timedelta(seconds=seconds))
        return self.update(
            count=Case(When(running, then=F("count") + 1), default=Value(1)),
            window_start=Case(When(running, then=F("window_start")), default=Value(now)),
            expires_at=Case(
                When(running, then=F("expires_at")),
                default=Value(now + timedelta(seconds=seconds)),
            ),
        )


class RateCounter(models.Model):
    """How often one sender did one thing in the window since its first time (core/throttle.py).

    The sender is kept only as a keyed hash: the table holds no address or phone number.
    """

    scope = models.CharField(_("scope"), max_length=64)
    key_hash = models.CharField(_("sender (keyed hash)"), max_length=64)
    window_start = models.DateTimeField(_("window start"))
    count = models.PositiveIntegerField(_("count"), default=0)
    # Where the window ends: the row is of no use after it and is pruned.
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    objects = RateCounterQuerySet.as_manager()

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key_hash"], name="ratecounter_one_per_sender")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key_hash[:8]}… {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
