"""Notifications: the one entry point every capability calls, and what a person does with them.

Telling people that something waits for them is one call, from the action that made it
happen (inside its transaction; never from a signal)::

    from ravabet.notifications.actions import notify
    from ravabet.notifications.models import Kind
    from ravabet.notifications.recipients import pr_heads

    notify(pr_heads(item.municipality_id), Kind.NEWS_SUBMITTED, target=item, actor=user,
           occasion=item.updated_at.isoformat(), params={"title": item.title})

- ``recipients``: users, user ids or a QuerySet of users (`recipients.py` has the usual
  ones: a municipality's PR heads or PR office, a network's secretariat, a resolution's
  owners). Inactive accounts and the ``actor`` themself are left out.
- ``kind``: a `Kind` (a new kind adds a value, its label for the preferences page and its
  sentence in `models.SENTENCES`, with a migration for the CheckConstraint).
- ``target``: the thing itself (any model with `get_office_url` or `get_absolute_url`);
  the link is computed when the notification is shown.
- ``occasion``: what tells one occurrence from another on the same target (a transition's
  timestamp, a deadline, a comment's id). One notification per (user, kind, target,
  occasion): calling again, from a retried task or a double click, creates nothing.
- ``params``: the names the sentence shows (title, code, …) as plain strings; the sentence
  itself is written in the reader's language when it is read.

Each new notification is emailed at once, gathered into the daily digest or not emailed,
as its recipient chose for that kind (`Preference`), through the outbox (`sending.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from ravabet.network.models import User
from ravabet.outbox.actions import queue, send_on_commit
from ravabet.outbox.models import Send, Transport

from .models import (
    DEFAULT_DELIVERY,
    Delivery,
    EmailLanguage,
    Kind,
    Notification,
    Preference,
    deliveries_for,
)
from .tokens import DIGEST, Unsubscribe

INSTANT_SOURCE = "notifications.instant"
DIGEST_SOURCE = "notifications.digest"


def _user_ids(recipients: Iterable[User | int] | models.QuerySet[User]) -> set[int]:
    if isinstance(recipients, models.QuerySet):
        return set(recipients.values_list("pk", flat=True))
    return {r if isinstance(r, int) else r.pk for r in recipients}


def instant_key(notification: Notification) -> str:
    return f"notification:{notification.pk}"


@transaction.atomic
def notify(
    recipients: Iterable[User | int] | models.QuerySet[User],
    kind: str,
    *,
    target: models.Model,
    actor: User | None = None,
    occasion: str = "",
    params: dict[str, Any] | None = None,
) -> list[Notification]:
    """Tell each recipient (never the actor) once; returns the notifications made now."""
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    ids = _user_ids(recipients)
    if actor is not None:
        ids.discard(actor.pk)
    if not ids:
        return []
    users = {u.pk: u for u in User.objects.filter(pk__in=ids, is_active=True).only("pk", "email")}
    target_type = ContentType.objects.get_for_model(target)
    fields = {
        "kind": kind,
        "target_type": target_type,
        "target_id": target.pk,
        "occasion": occasion[:100],
    }
    already = set(
        Notification.objects.filter(user_id__in=list(users), **fields).values_list(
            "user_id", flat=True
        )
    )
    made: list[Notification] = []
    for user_id in sorted(set(users) - already):
        try:
            with transaction.atomic():
                made.append(
                    Notification.objects.create(
                        user_id=user_id, actor=actor, params=params or {}, **fields
                    )
                )
        except IntegrityError:
            continue  # made meanwhile by the same call retried elsewhere
    _email_at_once(made, users, kind)
    return made


def _email_at_once(made: list[Notification], users: dict[int, User], kind: str) -> None:
    if not made:
        return
    deliveries = deliveries_for([n.user_id for n in made], kind)
    queued: list[int] = []
    for notification in made:
        email = users[notification.user_id].email
        if deliveries[notification.user_id] != Delivery.INSTANT or not email:
            continue
        key = instant_key(notification)
        row: Send
        row, is_queued = queue(
            key=key, source=INSTANT_SOURCE, transport=Transport.EMAIL, target=email, enqueue=False
        )
        notification.emailed_in = key
        notification.save(update_fields=["emailed_in"])
        if is_queued:
            queued.append(row.pk)
    send_on_commit(queued)


# What a person does ---------------------------------------------------------------


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(user: User) -> int:
    return Notification.objects.filter(user=user).unread().update(read_at=timezone.now())


def delivery_of(user: User) -> dict[str, str]:
    """The person's choice for every kind (defaults filled in)."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, DEFAULT_DELIVERY[kind]) for kind in Kind.values}


@transaction.atomic
def save_preferences(user: User, deliveries: dict[str, str], language: str) -> None:
    for kind, delivery in deliveries.items():
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
    EmailLanguage.objects.update_or_create(user=user, defaults={"language": language})


def email_language(user_id: int) -> str | None:
    return EmailLanguage.objects.filter(user_id=user_id).values_list("language", flat=True).first()


@transaction.atomic
def unsubscribe(request: Unsubscribe) -> list[str]:
    """Stop the emails of one kind (or every kind the person gets in the digest); returns
    the kinds stopped."""
    if not User.objects.filter(pk=request.user_id).exists():
        return []  # the account is gone, and its emails with it
    if request.kind == DIGEST:
        current = delivery_of(User(pk=request.user_id))
        kinds = [k for k, d in current.items() if d == Delivery.DIGEST]
    elif request.kind in Kind.values:
        kinds = [request.kind]
    else:
        return []
    for kind in kinds:
        Preference.objects.update_or_create(
            user_id=request.user_id, kind=kind, defaults={"delivery": Delivery.NEVER}
        )
    return kinds


# The daily digest -----------------------------------------------------------------


def digest_key(user_id: int, day: object) -> str:
    return f"digest:{user_id}:{day}"


@transaction.atomic
def queue_digests(now: Any = None) -> int:
    """One email per person per day with what is unread and not yet emailed, of the kinds
    they get in the digest, from before today. Running it again the same day finds the
    day's send already there and queues nothing; returns how many were queued."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    midnight = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    pending = Notification.objects.unread().filter(emailed_in="", created__lt=midnight)
    pairs = set(pending.values_list("user_id", "kind").distinct())
    if not pairs:
        return 0
    user_ids = sorted({u for u, _k in pairs})
    chosen = {
        (u, k): d
        for u, k, d in Preference.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "kind", "delivery"
        )
    }
    emails = dict(
        User.objects.filter(pk__in=user_ids, is_active=True)
        .exclude(email="")
        .values_list("pk", "email")
    )
    existing = set(
        Send.objects.filter(key__in=[digest_key(u, today) for u in user_ids]).values_list(
            "key", flat=True
        )
    )
    queued: list[int] = []
    for user_id in user_ids:
        key = digest_key(user_id, today)
        if user_id not in emails or key in existing:
            continue
        kinds = [
            k
            for (u, k) in pairs
            if u == user_id and chosen.get((u, k), DEFAULT_DELIVERY[k]) == Delivery.DIGEST
        ]
        if not kinds:
            continue
        marked = pending.filter(user_id=user_id, kind__in=kinds).update(emailed_in=key)
        if not marked:
            continue
        row: Send
        row, is_queued = queue(
            key=key,
            source=DIGEST_SOURCE,
            transport=Transport.EMAIL,
            target=emails[user_id],
            enqueue=False,
        )
        if is_queued:
            queued.append(row.pk)
    send_on_commit(queued)
    return len(queued)
