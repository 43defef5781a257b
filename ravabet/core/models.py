from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class RateCounterQuerySet(models.QuerySet["RateCounter"]):
    def of(self, scope: str, key_hash: str) -> RateCounterQuerySet:
        return self.filter(scope=scope, key_hash=key_hash)

    def expired(self, now: datetime) -> RateCounterQuerySet:
        return self.filter(expires_at__lt=now)

    def increment(self) -> int:
        """Add one in the database itself, so two requests at once both count."""
        return self.update(count=F("count") + 1)


class RateCounter(models.Model):
    """How often one sender did one thing in one fixed window (see ravabet/core/throttle.py).

    The sender is kept only as a keyed hash: the table holds no address or phone number.
    """

    scope = models.CharField(_("scope"), max_length=64)
    key_hash = models.CharField(_("sender (keyed hash)"), max_length=64)
    window_start = models.DateTimeField(_("window start"))
    count = models.PositiveIntegerField(_("count"), default=0)
    # The next window still weighs this one, so a row is kept for two windows.
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    objects = RateCounterQuerySet.as_manager()

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key_hash", "window_start"], name="ratecounter_one_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key_hash[:8]}… {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
