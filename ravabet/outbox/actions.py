"""Claim, send, settle, retry: the one way anything leaves Ravabet exactly once.

The rules, for every transport:
- A row is claimed by one conditional UPDATE (queued, or failed with a retry pending →
  sending, with a fresh claim token), committed before anything is sent: two workers, a
  re-run task or the periodic sweep never send one row twice.
- The outcome is recorded against the claim token: sent, failed (with a retry later
  while the failure may pass and attempts remain) or skipped.
- A row still "sending" after OUTBOX_INTERRUPTED_AFTER lost its worker mid-send; it may
  have left, so it becomes "interrupted" and is never sent again by itself. A person
  queues it again (`requeue(..., from_statuses=[Status.INTERRUPTED])`).
- A row still "queued" after OUTBOX_RESUME_AFTER was never handed over (its task died
  with a worker, or was never enqueued): the periodic sweep sends it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation

from . import tasks
from .compose import Skip, compose, source_name
from .models import Send, Status
from .transports import SESSIONS, Session, TransportError

log = logging.getLogger(__name__)

RETRY_DELAY = timedelta(minutes=10)
MAX_ATTEMPTS = 6


def retry_delay(attempts: int) -> timedelta:
    """Backoff: 10 minutes after the first failure, then 20, 40, 80 and 160."""
    return RETRY_DELAY * 2 ** max(attempts - 1, 0)


S = TypeVar("S", bound=Send)


def interrupted_after() -> timedelta:
    return timedelta(minutes=settings.OUTBOX_INTERRUPTED_AFTER_MINUTES)


def resume_after() -> timedelta:
    return timedelta(seconds=settings.OUTBOX_RESUME_AFTER_SECONDS)


@dataclass
class Counts:
    sent: int = 0
    failed: int = 0
    skipped: int = 0


# Queueing ------------------------------------------------------------------------


def send_on_commit(pks: Iterable[int]) -> None:
    """Enqueue one task that sends these rows, once the rows are committed."""
    ids = list(pks)
    if ids:
        transaction.on_commit(partial(tasks.deliver.enqueue, ids))


def queue(
    *,
    key: str,
    transport: str,
    target: str,
    source: str | type[Send] = "",
    model: type[S] = Send,  # type: ignore[assignment]
    enqueue: bool = True,
    **fields: Any,
) -> tuple[S, bool]:
    """Make sure the send with this key is on its way: create it queued, or queue it
    again if it failed. Returns (row, whether it is queued now); a row sent, in flight,
    interrupted or skipped is left as it is."""
    try:
        with transaction.atomic():
            row = model.objects.create(
                key=key,
                source=source_name(source or model),
                transport=transport,
                target=target,
                **fields,
            )
        queued = True
    except IntegrityError:
        existing = model.objects.filter(key=key).first()
        if existing is None:
            raise
        row = existing
        queued = requeue(row, from_statuses=[Status.FAILED])
    if queued and enqueue:
        send_on_commit([row.pk])
    return row, queued  # type: ignore[return-value]  # the model's manager gives its rows


def requeue(send: Send, *, from_statuses: Iterable[str]) -> bool:
    """Queue the row again if (and only if) it is still in one of these statuses: a
    double click or a stale page cannot queue a row that went out meanwhile."""
    now = timezone.now()
    changed = Send.objects.filter(pk=send.pk, status__in=list(from_statuses)).update(
        status=Status.QUEUED, reason="", retry_after=None, updated_at=now
    )
    if changed:
        send.status, send.reason, send.retry_after, send.updated_at = Status.QUEUED, "", None, now
    return bool(changed)


def retry(sends: Iterable[Send]) -> tuple[int, int]:
    """A person's "retry": the failed ones are queued again and the queued ones (their
    worker may be dead) are sent now. Interrupted ones are not touched. Returns
    (failed queued again, waiting ones resumed)."""
    rows = list(sends)
    waiting = [s.pk for s in rows if s.status == Status.QUEUED]
    failed = [
        s.pk
        for s in rows
        if s.status == Status.FAILED and requeue(s, from_statuses=[Status.FAILED])
    ]
    send_on_commit(failed + waiting)
    return len(failed), len(waiting)


# Sending -------------------------------------------------------------------------


def claim(pk: int) -> tuple[Send, uuid.UUID] | None:
    token = uuid.uuid4()
    now = timezone.now()
    claimed = (
        Send.objects.filter(pk=pk)
        .claimable()
        .update(
            status=Status.SENDING,
            claim_token=token,
            claimed_at=now,
            attempts=F("attempts") + 1,
            retry_after=None,
            updated_at=now,
        )
    )
    if not claimed:
        return None
    return Send.objects.get(pk=pk), token


def _settle(send: Send, token: uuid.UUID, **fields: Any) -> None:
    # Against the claim: a row queued again by a person and claimed by another worker
    # meanwhile is not overwritten. An interrupted row takes the real outcome if its slow
    # worker lived after all.
    Send.objects.filter(
        pk=send.pk, claim_token=token, status__in=[Status.SENDING, Status.INTERRUPTED]
    ).update(updated_at=timezone.now(), **fields)


def deliver(pks: Iterable[int]) -> Counts:
    """Send each row that can be claimed; the claim keeps every row to one send whoever
    else runs this at the same time. Transient failures are retried after RETRY_DELAY."""
    counts = Counts()
    sessions: dict[str, Session] = {}
    # One delayed task per backoff step, not per row.
    retry_later: dict[timedelta, list[int]] = {}
    try:
        for pk in pks:
            claimed = claim(pk)
            if claimed is None:
                continue
            send, token = claimed
            outcome, again_in = _send_one(send, token, sessions)
            setattr(counts, outcome, getattr(counts, outcome) + 1)
            if again_in:
                retry_later.setdefault(again_in, []).append(pk)
    finally:
        for session in sessions.values():
            session.close()
    now = timezone.now()
    for delay, ids in retry_later.items():
        at = now + delay
        transaction.on_commit(partial(tasks.deliver.using(run_after=at).enqueue, ids))
    return counts


def deliver_one(pk: int) -> str:
    """Send one row; "sent", "failed", or "skipped" (also when it was not there to claim)."""
    counts = deliver([pk])
    return "sent" if counts.sent else "failed" if counts.failed else "skipped"


def _stored(text: str) -> str:
    return text[:1000]


def _send_one(
    send: Send, token: uuid.UUID, sessions: dict[str, Session]
) -> tuple[str, timedelta | None]:
    """Compose, hand over, record; returns the outcome and in how long a retry is due."""
    # Stored text is read later by people: in the site's language, not the worker's.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            envelope = compose(send)
        except Exception as error:  # a bug or a vanished record: recorded, not retried
            log.exception("composing %s failed", send.key)
            _settle(send, token, status=Status.FAILED, reason=_stored(str(error) or repr(error)))
            return "failed", None
        if isinstance(envelope, Skip):
            _settle(send, token, status=Status.SKIPPED, reason=_stored(envelope.reason))
            return "skipped", None
        session = sessions.get(send.transport)
        if session is None:
            session = sessions[send.transport] = SESSIONS[send.transport]()
        try:
            external_id = session.send(send, envelope)
        except TransportError as error:
            again = not error.permanent and send.attempts < MAX_ATTEMPTS
            delay = retry_delay(send.attempts) if again else None
            _settle(
                send,
                token,
                status=Status.FAILED,
                reason=_stored(error.reason),
                retry_after=timezone.now() + delay if delay else None,
            )
            return "failed", delay
    _settle(
        send,
        token,
        status=Status.SENT,
        reason="",
        sent_at=timezone.now(),
        external_id=external_id[:300],
    )
    return "sent", None


# Recovery ------------------------------------------------------------------------


def settle_interrupted() -> int:
    """Mark rows whose worker died mid-send as interrupted, so a person decides.

    One conditional UPDATE per transport, so a send recorded at the same moment keeps
    its outcome.
    """
    now = timezone.now()
    stale = Send.objects.sending_since_before(now - interrupted_after())
    count = 0
    for transport, session in SESSIONS.items():
        with translation.override(settings.LANGUAGE_CODE):
            reason = str(session.interrupted_reason)
        count += stale.filter(transport=transport).update(
            status=Status.INTERRUPTED, reason=reason, updated_at=now
        )
    return count


def send_due() -> int:
    """Send what no live task is handling: rows queued for longer than
    OUTBOX_RESUME_AFTER, and failed ones whose retry time came."""
    now = timezone.now()
    pks = list(
        Send.objects.due(queued_before=now - resume_after(), now=now)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return deliver(pks).sent if pks else 0
