"""One row per thing to send to one target, once: the outbox's only table."""

from __future__ import annotations

from datetime import datetime
from typing import Self, TypeVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("send status", "Queued")
    SENDING = "sending", pgettext_lazy("send status", "Sending")
    SENT = "sent", pgettext_lazy("send status", "Sent")
    FAILED = "failed", pgettext_lazy("send status", "Failed")
    # The worker stopped between claiming and recording: whether it left is unknown, so
    # only a person (after asking the recipient, or looking at the channel) sends it again.
    INTERRUPTED = "interrupted", pgettext_lazy("send status", "Interrupted")
    # Nothing to send after all: a journalist who unsubscribed, an invitation a newer
    # version replaced, an escalation stage overtaken by a later one.
    SKIPPED = "skipped", pgettext_lazy("send status", "Skipped")


class Transport(models.TextChoices):
    EMAIL = "email", pgettext_lazy("transport", "Email")
    BOT = "bot", pgettext_lazy("transport", "Messenger bot")
    SMS = "sms", pgettext_lazy("transport", "SMS")


_S = TypeVar("_S", bound="Send")


class SendQuerySet(models.QuerySet[_S]):
    """Also the queryset of every model that extends Send."""

    def failed(self) -> Self:
        return self.filter(status=Status.FAILED)

    def interrupted(self) -> Self:
        return self.filter(status=Status.INTERRUPTED)

    def claimable(self) -> Self:
        """Queued, or failed with an automatic retry pending (its delayed task is the
        timer). Never an interrupted one: that waits for a person."""
        return self.filter(
            Q(status=Status.QUEUED) | Q(status=Status.FAILED, retry_after__isnull=False)
        )

    def due(self, queued_before: datetime, now: datetime) -> Self:
        """What the periodic sweep sends: queued and not picked up for a while (its task
        was lost with a dead worker, or never enqueued), or failed and due again."""
        return self.filter(
            Q(status=Status.QUEUED, updated_at__lt=queued_before)
            | Q(status=Status.FAILED, retry_after__lte=now)
        )

    def sending_since_before(self, moment: datetime) -> Self:
        return self.filter(status=Status.SENDING, claimed_at__lt=moment)


class Send(models.Model):
    """One thing to send to one target, at most once.

    An app's own record of a send (a press-release delivery, a channel post, an
    escalation, a reminder) extends this row (multi-table inheritance), so it has these
    fields itself; a send with no record of its own is a plain row.
    """

    key = models.CharField(
        _("idempotency key"),
        max_length=400,
        unique=True,
        help_text=_("One per logical send, e.g. escalation:<message>:<stage>."),
    )
    source = models.CharField(
        _("source"), max_length=60, help_text=_("Whose composer writes it, e.g. media.delivery.")
    )
    transport = models.CharField(_("transport"), max_length=10, choices=Transport.choices)
    target = models.CharField(
        _("to"), max_length=1000, help_text=_("Email addresses (comma-separated), chat or phone.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("The last error, or why skipped.")
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    retry_after = models.DateTimeField(_("retried after"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    external_id = models.CharField(
        _("id at the other end"), max_length=300, blank=True, help_text=_("Message-ID, post id.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SendQuerySet.as_manager()

    class Meta:
        verbose_name = _("send")
        verbose_name_plural = _("sends")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="outbox_send_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(transport__in=Transport.values), name="outbox_send_transport_valid"
            ),
        ]
        indexes = [
            # The periodic work looks only at rows in flight or waiting, a handful at most.
            models.Index(
                fields=["claimed_at"],
                condition=Q(status="sending"),
                name="outbox_send_in_flight",
            ),
            models.Index(
                fields=["updated_at"], condition=Q(status="queued"), name="outbox_send_waiting"
            ),
            models.Index(
                fields=["retry_after"],
                condition=Q(status="failed"),
                name="outbox_send_retry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"
