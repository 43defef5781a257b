"""Media relations: importing journalists and distributing press releases by email."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ravabet.network.models import Municipality, Network, User
from ravabet.newsroom.actions import WorkflowError
from ravabet.newsroom.models import NewsItem, NewsroomSettings, Status
from ravabet.outbox.actions import deliver, queue, requeue, retry, send_on_commit
from ravabet.outbox.compose import source_name
from ravabet.outbox.models import Transport

from .importing import Row, consent_value
from .models import (
    Delivery,
    DeliveryStatus,
    Distribution,
    Journalist,
    Outlet,
    PressSignup,
    SignupStatus,
)


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
def unsubscribe(journalist: Journalist, address: str | None = None) -> None:
    """No more releases; the withdrawal of their sign-ups is recorded (when, from where)."""
    now = timezone.now()
    if journalist.unsubscribed_at is None:
        journalist.unsubscribed_at = now
        journalist.save(update_fields=["unsubscribed_at"])
    journalist.signups.filter(status=SignupStatus.CONFIRMED).update(
        status=SignupStatus.WITHDRAWN, withdrawn_at=now, withdrawn_from=address
    )


SIGNUP_SOURCE = "media.press_signup"


@transaction.atomic
def request_signup(
    municipality: Municipality,
    *,
    name: str,
    email: str,
    outlet: str,
    agreement: str,
    language: str,
    base_url: str,
    address: str | None,
    network: Network | None = None,
) -> PressSignup:
    """Record a pending sign-up and send its confirmation link; nothing is on the media
    list until the link is opened (double opt-in)."""
    signup = PressSignup.objects.create(
        municipality=municipality,
        network=network,
        name=name,
        email=email,
        outlet=outlet,
        agreement=agreement,
        language=language,
        base_url=base_url.rstrip("/"),
        requested_from=address,
    )
    queue(key=signup.send_key, source=SIGNUP_SOURCE, transport=Transport.EMAIL, target=signup.email)
    return signup


class SignupError(Exception):
    pass


@transaction.atomic
def confirm_signup(signup_id: int, nonce: str, address: str | None) -> PressSignup:
    """The journalist opened the link: they join the media list with their consent.
    Opening it again changes nothing."""
    signup = (
        PressSignup.objects.select_for_update().select_related("municipality").get(pk=signup_id)
    )
    if str(signup.nonce) != nonce:
        raise SignupError(_("This confirmation link is not valid."))
    if signup.status == SignupStatus.CONFIRMED:
        return signup
    if signup.status == SignupStatus.WITHDRAWN:
        raise SignupError(
            _("This sign-up was withdrawn. Sign up again in the press room to receive releases.")
        )
    journalist = (
        Journalist.objects.select_for_update()
        .filter(municipality=signup.municipality, email__iexact=signup.email)
        .first()
    )
    if journalist is None:
        outlet = Outlet.objects.filter(municipality=signup.municipality, name=signup.outlet).first()
        journalist = Journalist.objects.create(
            municipality=signup.municipality,
            name=signup.name,
            email=signup.email,
            outlet=outlet,
            notes=(
                _("Signed up in the press room; outlet given: %(outlet)s")
                % {"outlet": signup.outlet}
                if signup.outlet and outlet is None
                else ""
            ),
            consent=True,
        )
    else:
        journalist.consent = True
        journalist.unsubscribed_at = None
        journalist.save(update_fields=["consent", "unsubscribed_at"])
    signup.status = SignupStatus.CONFIRMED
    signup.confirmed_at = timezone.now()
    signup.confirmed_from = address
    signup.journalist = journalist
    signup.save(update_fields=["status", "confirmed_at", "confirmed_from", "journalist"])
    return signup
