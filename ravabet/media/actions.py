"""Media relations: importing journalists and distributing press releases by email."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ravabet.network.models import Municipality, User
from ravabet.newsroom.actions import WorkflowError
from ravabet.newsroom.models import NewsItem, NewsroomSettings, Status

from . import tasks
from .importing import Row, consent_value
from .models import SENDABLE, Delivery, DeliveryStatus, Distribution, Journalist, Outlet

log = logging.getLogger(__name__)

RETRY_DELAY = timedelta(minutes=10)
MAX_ATTEMPTS = 6
# Without a timeout a hung mail server would hold a delivery in "sending" for ever, and
# the settle below could not tell a slow send from a dead worker.
SMTP_TIMEOUT = 60
# Far beyond any one send (the SMTP timeout above, the bot API's 20 seconds): a delivery
# still "sending" after this long lost its worker.
INTERRUPTED_AFTER = timedelta(minutes=15)


@transaction.atomic
def import_journalists(municipality: Municipality, rows: Iterable[Row]) -> int:
    created = 0
    outlets = {o.name: o for o in Outlet.objects.filter(municipality=municipality)}
    for row in rows:
        if not row.ok:
            continue
        data = row.data
        outlet = None
        if data["outlet"]:
            outlet = outlets.get(data["outlet"])
            if outlet is None:
                outlet = Outlet.objects.create(
                    municipality=municipality, name=data["outlet"][:200], kind="agency"
                )
                outlets[outlet.name] = outlet
        Journalist.objects.create(
            municipality=municipality,
            name=data["name"],
            outlet=outlet,
            beat=data["beat"][:150],
            email=data["email"],
            phone=data["phone"],
            notes=data["notes"],
            consent=consent_value(data["consent"]),
        )
        created += 1
    return created


@transaction.atomic
def distribute_release(
    item: NewsItem, journalists: Iterable[Journalist], user: User, base_url: str
) -> Distribution:
    if item.status != Status.PUBLISHED:
        raise WorkflowError(_("Only a published item can be sent to journalists."))
    recipients = [j for j in journalists if j.municipality_id == item.municipality_id]
    if not recipients:
        raise WorkflowError(_("Choose at least one journalist."))
    config = NewsroomSettings.objects.filter(municipality=item.municipality).first()
    config = config or NewsroomSettings(municipality=item.municipality)
    distribution = Distribution.objects.create(
        item=item, created_by=user, from_email=config.from_email(), base_url=base_url.rstrip("/")
    )
    seen: set[str] = set()
    for journalist in recipients:
        if journalist.email.lower() in seen:
            continue
        seen.add(journalist.email.lower())
        Delivery.objects.create(
            distribution=distribution,
            journalist=journalist,
            name=journalist.name,
            email=journalist.email,
            status=DeliveryStatus.QUEUED if journalist.can_receive else DeliveryStatus.SKIPPED,
            reason="" if journalist.can_receive else _("No consent, or unsubscribed."),
        )
    transaction.on_commit(partial(tasks.send_distribution.enqueue, distribution.pk))
    return distribution


@transaction.atomic
def retry_distribution(distribution: Distribution) -> int:
    count = distribution.deliveries.failed().update(status=DeliveryStatus.QUEUED, attempts=0)
    if count:
        transaction.on_commit(partial(tasks.send_distribution.enqueue, distribution.pk))
    return count


def _message(distribution: Distribution, delivery: Delivery) -> EmailMultiAlternatives:
    item = distribution.item
    journalist = delivery.journalist
    token = journalist.unsubscribe_token() if journalist else ""
    unsubscribe = distribution.base_url + reverse("media:unsubscribe", args=[token])
    context = {
        "item": item,
        "municipality": item.municipality,
        "url": distribution.base_url + item.get_absolute_url(),
        "photos": [
            (distribution.base_url + p.page_url, p.caption, p.credit) for p in item.photos.all()
        ],
        "unsubscribe": unsubscribe,
        "name": delivery.name,
    }
    with translation.override("fa"):
        subject = item.title
        text = render_to_string("media/email/release.txt", context)
        html = render_to_string("media/email/release.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=distribution.from_email,
        to=[delivery.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _fail(delivery: Delivery, reason: str) -> None:
    delivery.status = DeliveryStatus.FAILED
    delivery.reason = reason[:1000]
    delivery.save(update_fields=["status", "reason", "attempts"])


def deliver_distribution(distribution_id: int) -> dict[str, int]:
    """Send to every recipient not yet served; each delivery is claimed before sending so
    a second worker, a retry or a re-run never sends to anyone twice."""
    distribution = (
        Distribution.objects.select_related("item__municipality").filter(pk=distribution_id).first()
    )
    if distribution is None:
        return {"sent": 0, "failed": 0}
    pending = list(
        distribution.deliveries.pending()
        .filter(attempts__lt=MAX_ATTEMPTS)
        .select_related("journalist")
    )
    return _deliver(distribution, pending)


def deliver_to_recipient(delivery_id: int) -> dict[str, int]:
    """Send one delivery a person queued again; the same claim keeps it to one email."""
    delivery = (
        Delivery.objects.pending()
        .select_related("journalist", "distribution__item__municipality")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None:
        return {"sent": 0, "failed": 0}
    return _deliver(delivery.distribution, [delivery])


def _deliver(distribution: Distribution, pending: list[Delivery]) -> dict[str, int]:
    counts = {"sent": 0, "failed": 0}
    if not pending:
        return counts
    connection = get_connection(timeout=settings.EMAIL_TIMEOUT or SMTP_TIMEOUT)
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        for delivery in pending:
            delivery.attempts += 1
            _fail(delivery, _("The mail server could not be reached: %(e)s") % {"e": error})
        counts["failed"] = len(pending)
        _schedule_retry(distribution, pending)
        return counts
    try:
        for delivery in pending:
            claimed = Delivery.objects.filter(pk=delivery.pk, status__in=SENDABLE).update(
                status=DeliveryStatus.SENDING,
                attempts=delivery.attempts + 1,
                claimed_at=timezone.now(),
            )
            if not claimed:
                continue
            delivery.attempts += 1
            if delivery.journalist and not delivery.journalist.can_receive:
                delivery.status = DeliveryStatus.SKIPPED
                delivery.reason = _("Unsubscribed before the release was sent.")
                delivery.save(update_fields=["status", "reason"])
                continue
            try:
                connection.send_messages([_message(distribution, delivery)])
            except smtplib.SMTPRecipientsRefused as error:
                code, text = next(iter(error.recipients.values()))
                _fail(delivery, f"{code} {text.decode(errors='replace')}")
                counts["failed"] += 1
                continue
            except (OSError, smtplib.SMTPException) as error:
                _fail(delivery, str(error) or error.__class__.__name__)
                counts["failed"] += 1
                continue
            delivery.status = DeliveryStatus.SENT
            delivery.reason = ""
            delivery.sent_at = timezone.now()
            delivery.save(update_fields=["status", "reason", "sent_at"])
            counts["sent"] += 1
    finally:
        try:
            connection.close()
        except (OSError, smtplib.SMTPException):
            log.warning("closing the SMTP connection failed", exc_info=True)
    failed = [d for d in pending if d.status == DeliveryStatus.FAILED]
    _schedule_retry(distribution, failed)
    return counts


def _schedule_retry(distribution: Distribution, failed: list[Delivery]) -> None:
    if any(d.attempts < MAX_ATTEMPTS for d in failed):
        at = timezone.now() + RETRY_DELAY
        transaction.on_commit(
            partial(tasks.send_distribution.using(run_after=at).enqueue, distribution.pk)
        )


def settle_interrupted_deliveries() -> int:
    """Mark deliveries whose worker died mid-send as interrupted, so a person decides.

    They are never queued again by themselves: the email may have left, and a journalist
    must not get the same release twice. One conditional UPDATE, so a send recorded at
    the same moment keeps its outcome.
    """
    # Stored text, read later by people: in the site's language, not the worker's.
    with translation.override(settings.LANGUAGE_CODE):
        reason = _(
            "Sending was cut short (the worker stopped); it is not known whether the email "
            "left. Check with the journalist before sending again."
        )
    cutoff = timezone.now() - INTERRUPTED_AFTER
    return Delivery.objects.sending_since_before(cutoff).update(
        status=DeliveryStatus.INTERRUPTED, reason=reason
    )


@transaction.atomic
def send_delivery_again(delivery: Delivery) -> Delivery:
    """A person checked with the journalist and chose to send once more."""
    queued = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.INTERRUPTED).update(
        status=DeliveryStatus.QUEUED, reason=""
    )
    if not queued:
        raise WorkflowError(_("Only an interrupted delivery can be sent again."))
    delivery.refresh_from_db()
    transaction.on_commit(partial(tasks.send_to_recipient.enqueue, delivery.pk))
    return delivery


@transaction.atomic
def unsubscribe(journalist: Journalist) -> None:
    if journalist.unsubscribed_at is None:
        journalist.unsubscribed_at = timezone.now()
        journalist.save(update_fields=["unsubscribed_at"])
