"""Recording a correction: the calendar and everything counted on it change together."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from ravabet.network.models import Municipality, Network, User
from ravabet.voice.actions import deadlines_follow_the_calendar

from .models import Correction


class DuplicateClosureError(Exception):
    """That day is already recorded as closed for this network (or nationwide)."""


def affected_municipalities(network: Network | None) -> list[Municipality]:
    """Whose days off a correction of ``network`` (None: nationwide) changes."""
    if network is None:
        return list(Municipality.objects.all())
    return list(network.members.all())


def save_correction(correction: Correction) -> Correction:
    """Save a new or changed correction; open messages' deadlines move with it at once."""
    with (
        transaction.atomic(),
        deadlines_follow_the_calendar(affected_municipalities(correction.network)),
    ):
        correction.save()
    return correction


def withdraw_correction(correction: Correction) -> None:
    with (
        transaction.atomic(),
        deadlines_follow_the_calendar(affected_municipalities(correction.network)),
    ):
        correction.delete()


def record_lunar_month(
    network: Network | None,
    *,
    hijri_year: int,
    hijri_month: int,
    began_on: dt.date,
    reason: str,
    by: User | None,
) -> Correction:
    return save_correction(
        Correction(
            kind=Correction.Kind.LUNAR_MONTH,
            network=network,
            hijri_year=hijri_year,
            hijri_month=hijri_month,
            date=began_on,
            reason=reason,
            recorded_by=by,
        )
    )


def record_closure(
    network: Network | None, *, date: dt.date, title: str, reason: str, by: User | None
) -> Correction:
    try:
        return save_correction(
            Correction(
                kind=Correction.Kind.CLOSURE,
                network=network,
                date=date,
                title=title,
                reason=reason,
                recorded_by=by,
            )
        )
    except IntegrityError:
        raise DuplicateClosureError(date) from None
