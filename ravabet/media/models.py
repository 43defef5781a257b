from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ravabet.network.models import Municipality
from ravabet.newsroom.models import NewsItem
from ravabet.outbox.models import Send, SendQuerySet, Status

UNSUBSCRIBE_SALT = "ravabet.media.unsubscribe"


class OutletKind(models.TextChoices):
    AGENCY = "agency", _("News agency")
    NEWSPAPER = "newspaper", _("Newspaper")
    BROADCAST = "broadcast", _("Radio / TV")
    WEBSITE = "website", _("News website")
    CHANNEL = "channel", _("Messenger channel")


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


# A delivery's statuses are the outbox's (queued, sending, sent, failed, interrupted,
# skipped); the name stays because the distribution pages speak of deliveries.
DeliveryStatus = Status


class DeliveryQuerySet(SendQuerySet["Delivery"]):
    pass


DeliveryManager = models.Manager.from_queryset(DeliveryQuerySet)


class Delivery(Send):
    """The release to one journalist: a send of the outbox (its status, attempts, reason,
    claim and sent_at are the Send row this extends)."""

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

    objects: ClassVar[DeliveryManager] = DeliveryManager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["distribution", "email"], name="delivery_once_per_address"
            ),
        ]

    @staticmethod
    def key_for(distribution_id: int, email: str) -> str:
        return f"delivery:{distribution_id}:{email}"

    def __str__(self) -> str:
        return f"{self.email} ({self.status})"


SIGNUP_SALT = "ravabet.media.press-signup"


class SignupStatus(models.TextChoices):
    PENDING = "pending", _("waiting for confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    WITHDRAWN = "withdrawn", _("withdrawn")


class PressSignup(models.Model):
    """A journalist's request, made in a press room, to receive press releases: the record
    of their consent. Pending until they open the signed link in the email it sends; then
    they are on the municipality's media list (a network's press room signs up to its
    secretariat's, the host municipality's). When, from which address and what they
    agreed to are kept, and so is the withdrawal."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="press_signups",
        verbose_name=_("media list of"),
    )
    network = models.ForeignKey(
        "network.Network",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="press_signups",
        verbose_name=_("signed up in the press room of the network"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    outlet = models.CharField(_("outlet"), max_length=200, blank=True)
    agreement = models.TextField(_("what they agreed to"))
    language = models.CharField(_("language"), max_length=8, default="fa")
    base_url = models.URLField(_("site address"))
    status = models.CharField(
        _("status"), max_length=20, choices=SignupStatus.choices, default=SignupStatus.PENDING
    )
    nonce = models.UUIDField(default=uuid.uuid4, editable=False)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    requested_from = models.GenericIPAddressField(_("requested from"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_from = models.GenericIPAddressField(_("confirmed from"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_from = models.GenericIPAddressField(_("withdrawn from"), null=True, blank=True)
    journalist = models.ForeignKey(
        Journalist,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signups",
        verbose_name=_("journalist"),
    )

    class Meta:
        verbose_name = _("press release sign-up")
        verbose_name_plural = _("press release sign-ups")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SignupStatus.values), name="presssignup_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=SignupStatus.CONFIRMED) | Q(confirmed_at__isnull=False),
                name="presssignup_confirmed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.status})"

    @property
    def send_key(self) -> str:
        return f"presssignup:{self.pk}"

    def confirm_token(self) -> str:
        return signing.dumps({"s": self.pk, "n": str(self.nonce)}, salt=SIGNUP_SALT)

    def confirm_url(self) -> str:
        return self.base_url.rstrip("/") + reverse(
            "media:signup-confirm", args=[self.confirm_token()]
        )


def place_label(place: Municipality | models.Model) -> str:
    """How a press room's owner is named in a sentence: "Lahijan Municipality", or the
    network's own name."""
    if isinstance(place, Municipality):
        return str(_("%(name)s Municipality") % {"name": place.display_name})
    return str(getattr(place, "display_name", place))
