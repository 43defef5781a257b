"""Media relations: importing journalists and distributing press releases by email."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ravabet.network.models import Municipality, User
from ravabet.newsroom.actions import WorkflowError
from ravabet.newsroom.models import NewsItem, NewsroomSettings, Status
from ravabet.outbox.actions import deliver, requeue, retry, send_on_commit
from ravabet.outbox.compose import source_name
from ravabet.outbox.models import Transport

from .importing import Row, consent_value
from .models import Delivery, DeliveryStatus, Distribution, Journalist, Outlet


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
    queued: list[int] = []
    for journalist in recipients:
        if journalist.email.lower() in seen:
            continue
        seen.add(journalist.email.lower())
        delivery = Delivery.objects.create(
            distribution=distribution,
            journalist=journalist,
            name=journalist.name,
            email=journalist.email,
            key=Delivery.key_for(distribution.pk, journalist.email),
            source=source_name(Delivery),
            transport=Transport.EMAIL,
            target=journalist.email,
            status=DeliveryStatus.QUEUED if journalist.can_receive else DeliveryStatus.SKIPPED,
            reason="" if journalist.can_receive else _("No consent, or unsubscribed."),
        )
        if delivery.status == DeliveryStatus.QUEUED:
            queued.append(delivery.pk)
    send_on_commit(queued)
    return distribution


@transaction.atomic
def retry_distribution(distribution: Distribution) -> tuple[int, int]:
    """The failed deliveries are queued again and the waiting ones (a dead worker's)
    resumed; interrupted ones wait for the PR head. Returns (failed, waiting)."""
    return retry(
        distribution.deliveries.filter(status__in=[DeliveryStatus.FAILED, DeliveryStatus.QUEUED])
    )


def deliver_distribution(distribution_id: int) -> dict[str, int]:
    """Send to every recipient not yet served; each delivery is claimed by the outbox
    before sending, so a second worker, a retry or a re-run never sends to anyone twice."""
    pks = list(
        Delivery.objects.filter(distribution_id=distribution_id)
        .claimable()
        .values_list("pk", flat=True)
    )
    counts = deliver(pks)
    return {"sent": counts.sent, "failed": counts.failed}


@transaction.atomic
def send_delivery_again(delivery: Delivery) -> Delivery:
    """A person checked with the journalist and chose to send once more."""
    if not requeue(delivery, from_statuses=[DeliveryStatus.INTERRUPTED]):
        raise WorkflowError(_("Only an interrupted delivery can be sent again."))
    send_on_commit([delivery.pk])
    return delivery


@transaction.atomic
def unsubscribe(journalist: Journalist) -> None:
    if journalist.unsubscribed_at is None:
        journalist.unsubscribed_at = timezone.now()
        journalist.save(update_fields=["unsubscribed_at"])
