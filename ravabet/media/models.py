from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ravabet.network.models import Municipality
from ravabet.newsroom.models import NewsItem

UNSUBSCRIBE_SALT = "ravabet.media.unsubscribe"


class OutletKind(models.TextChoices):
    AGENCY = "agency", _("news agency")
    NEWSPAPER = "newspaper", _("newspaper")
    BROADCAST = "broadcast", _("radio / TV")
    WEBSITE = "website", _("news website")
    CHANNEL = "channel", _("messenger channel")


class Outlet(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="outlets",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OutletKind.choices)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="outlet_unique_name"),
            models.CheckConstraint(
                condition=Q(kind__in=OutletKind.values), name="outlet_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class JournalistQuerySet(models.QuerySet["Journalist"]):
    def reachable(self) -> JournalistQuerySet:
        """Those who agreed to receive releases, have an address and did not unsubscribe."""
        return self.filter(consent=True, unsubscribed_at__isnull=True).exclude(email="")


class Journalist(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="journalists",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journalists",
        verbose_name=_("outlet"),
    )
    beat = models.CharField(_("beat"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    consent = models.BooleanField(
        _("agrees to receive press releases"),
        default=False,
    )
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = JournalistQuerySet.as_manager()

    class Meta:
        verbose_name = _("journalist")
        verbose_name_plural = _("journalists")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "municipality",
                Lower("email"),
                condition=~Q(email=""),
                name="journalist_unique_email",
                violation_error_message=_("A journalist with this email is already listed."),
            ),
            models.UniqueConstraint(
                fields=["municipality", "phone"],
                condition=~Q(phone=""),
                name="journalist_unique_phone",
                violation_error_message=_("A journalist with this phone is already listed."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_office_url(self) -> str:
        return reverse("media:journalist-edit", args=[self.pk])

    @property
    def can_receive(self) -> bool:
        return bool(self.consent and self.email and self.unsubscribed_at is None)

    def unsubscribe_token(self) -> str:
        return signing.dumps(self.pk, salt=UNSUBSCRIBE_SALT)


class Distribution(models.Model):
    """One press release sent to a chosen list of journalists."""

    item = models.ForeignKey(
        NewsItem,
        on_delete=models.CASCADE,
        related_name="distributions",
        verbose_name=_("news item"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )
    from_email = models.CharField(_("from"), max_length=300)
    base_url = models.URLField(_("site address"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.item)

    def get_office_url(self) -> str:
        return reverse("media:distribution", args=[self.pk])


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    SKIPPED = "skipped", _("skipped")
    # The worker stopped between claiming and recording: whether the email left is
    # unknown, so only a person (after asking the journalist) may send it again.
    INTERRUPTED = "interrupted", _("interrupted")


# Statuses a worker may claim; an interrupted delivery is deliberately not among them.
SENDABLE = (DeliveryStatus.QUEUED, DeliveryStatus.FAILED)


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    def failed(self) -> DeliveryQuerySet:
        return self.filter(status=DeliveryStatus.FAILED)

    def interrupted(self) -> DeliveryQuerySet:
        return self.filter(status=DeliveryStatus.INTERRUPTED)

    def pending(self) -> DeliveryQuerySet:
        return self.filter(status__in=SENDABLE)

    def sending_since_before(self, moment: datetime) -> DeliveryQuerySet:
        return self.filter(status=DeliveryStatus.SENDING, claimed_at__lt=moment)


class Delivery(models.Model):
    distribution = models.ForeignKey(
        Distribution,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("distribution"),
    )
    journalist = models.ForeignKey(
        Journalist,
        on_delete=models.SET_NULL,
        null=True,
        related_name="deliveries",
        verbose_name=_("journalist"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    reason = models.TextField(_("reason"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["distribution", "email"], name="delivery_once_per_address"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values), name="delivery_status_valid"
            ),
        ]
        indexes = [
            # The periodic settle looks only at deliveries in flight, a handful at most.
            models.Index(
                fields=["claimed_at"],
                condition=Q(status="sending"),
                name="delivery_sending_claimed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.status})"
