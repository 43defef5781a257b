"""Corrections to the official calendar: what the printed calendar got wrong, by whom and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ravabet.network.models import Municipality, Network

from .lunar import month_index


class CorrectionQuerySet(models.QuerySet["Correction"]):
    def nationwide(self) -> CorrectionQuerySet:
        return self.filter(network__isnull=True)

    def for_network(self, network: Network | None) -> CorrectionQuerySet:
        """What holds in ``network``: its own corrections and the nationwide ones."""
        if network is None:
            return self.nationwide()
        return self.filter(Q(network__isnull=True) | Q(network=network))

    def for_municipality(self, municipality: Municipality) -> CorrectionQuerySet:
        """What holds in a city: nationwide and every network it is a member of."""
        return self.filter(
            Q(network__isnull=True) | Q(network__in=municipality.networks.all())
        ).distinct()


class Correction(models.Model):
    """A lunar month that began on another day than printed, or an extra day off.

    Recorded by a network's secretariat (for its members) or the site admin (no network:
    nationwide). Never edited in place: a second correction of the same month is a new
    row, and the latest one holds, so the history of who said what stays.
    """

    class Kind(models.TextChoices):
        LUNAR_MONTH = (
            "lunar_month",
            pgettext_lazy("correction kind", "A lunar month began on another day"),
        )
        CLOSURE = "closure", _("An extra day off")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_corrections",
        verbose_name=_("network"),
        help_text=_("Empty: the correction holds nationwide."),
    )
    hijri_year = models.PositiveSmallIntegerField(_("Hijri year"), null=True, blank=True)
    hijri_month = models.PositiveSmallIntegerField(_("Hijri month"), null=True, blank=True)
    date = models.DateField(
        _("date"), help_text=_("The day the lunar month began, or the day closed.")
    )
    title = models.CharField(_("occasion"), max_length=200, blank=True)
    reason = models.TextField(_("why"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar correction")
        verbose_name_plural = _("calendar corrections")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["lunar_month", "closure"]),
                name="officialcalendar_correction_kind_valid",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="lunar_month",
                        hijri_year__isnull=False,
                        hijri_month__gte=1,
                        hijri_month__lte=12,
                    )
                    | Q(kind="closure", hijri_year__isnull=True, hijri_month__isnull=True)
                ),
                name="officialcalendar_correction_fields_match_kind",
            ),
            models.UniqueConstraint(
                fields=["network", "date"],
                condition=Q(kind="closure", network__isnull=False),
                name="officialcalendar_closure_once_per_network",
            ),
            models.UniqueConstraint(
                fields=["date"],
                condition=Q(kind="closure", network__isnull=True),
                name="officialcalendar_closure_once_nationwide",
            ),
        ]
        indexes = [models.Index(fields=["kind", "date"])]

    def __str__(self) -> str:
        if self.kind == self.Kind.LUNAR_MONTH:
            return f"{self.hijri_year}/{self.hijri_month} → {self.date}"
        return f"{self.date} {self.title}"

    @property
    def is_lunar(self) -> bool:
        return self.kind == self.Kind.LUNAR_MONTH

    @property
    def month_index(self) -> int:
        if self.hijri_year is None or self.hijri_month is None:
            raise ValueError("only a lunar month correction names a month")
        return month_index(self.hijri_year, self.hijri_month)
