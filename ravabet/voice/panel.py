"""The citizens' voice card of the office dashboard (ravabet/office/panels.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Avg, Count

from ravabet.network.models import Municipality, Network, User

from .models import Message, MessageQuerySet, Status
from .report import Period

# Past this many, the card says "more than": a count stops there instead of reading the
# whole mailbox on every dashboard view.
COUNTED = 999


def _counted(messages: MessageQuerySet) -> tuple[int, bool]:
    """How many, up to COUNTED, and whether there are more."""
    found = messages.order_by()[: COUNTED + 1].count()
    return min(found, COUNTED), found > COUNTED


def panel(user: User | AnonymousUser, place: Municipality | Network) -> dict[str, Any]:
    """New and overdue messages (each counted through an index, to COUNTED at most) and this
    month's satisfaction, in three queries; a network's card only links to the network
    report, so it asks nothing."""
    if isinstance(place, Network):
        return {}
    mailbox = Message.objects.for_municipality(place)
    new, more_new = _counted(mailbox.filter(status=Status.NEW))
    overdue, more_overdue = _counted(mailbox.overdue())
    period = Period.parse(None)
    start, end = period.utc_bounds()
    # From the month's messages (an index range) to their ratings, not the other way: joined
    # from voice_rating, PostgreSQL merge-joins along voice_message's primary key and walks
    # the whole mailbox (214 ms at 100,000 messages, 0.8 ms so).
    rating = mailbox.received_between(start, end).aggregate(
        avg=Avg("rating__score"), n=Count("rating")
    )
    return {
        "new": new,
        "more_new": more_new,
        "overdue": overdue,
        "more_overdue": more_overdue,
        "satisfaction": rating["avg"],
        "ratings": rating["n"],
        "period": period,
    }
