"""What the public sees of a network on the home page and on its own page: its latest
news and its public meetings, each in a fixed number of queries, however many rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from ravabet.events.models import Event
from ravabet.meetings.models import AgendaItem, AgendaKind, Meeting, MeetingStatus, Resolution
from ravabet.newsroom.models import NewsItem

from .models import Network

LATEST_NEWS = 6
PUBLIC_MEETINGS = 4
UPCOMING_EVENTS = 5
# The home page's municipality picker suggests at most this many names; any other is
# typed and found by `network.views.find_municipality` (issue 13: no list of 1,400).
SUGGESTED = 50


@dataclass(frozen=True)
class Face:
    network: Network
    news: list[NewsItem]
    meetings: list[Meeting]
    events: list[Event]


def latest_news(network: Network, size: int = LATEST_NEWS) -> list[NewsItem]:
    return list(
        NewsItem.objects.published()
        .of_network(network)
        .select_related("municipality")
        .only(
            "pk",
            "title",
            "kind",
            "published_at",
            "municipality__slug",
            "municipality__name",
            "municipality__name_en",
        )
        .public_order()[:size]
    )


def public_meetings(network: Network, size: int = PUBLIC_MEETINGS) -> list[Meeting]:
    """The network's public meetings, newest first: their accepted topics, and their
    resolutions only once the minutes are approved (the prefetch reads no other)."""
    return list(
        Meeting.objects.public()
        .of_network(network)
        .order_by("-starts_at")
        .prefetch_related(
            Prefetch(
                "agenda",
                # The topics: accepted items of its own; not the standing review and not
                # carried-over resolutions (whose text may be another meeting's).
                queryset=AgendaItem.objects.accepted()
                .filter(kind=AgendaKind.ITEM, is_standing=False)
                .order_by("position", "pk"),
                to_attr="topics",
            ),
            Prefetch(
                "resolutions",
                queryset=Resolution.objects.filter(meeting__status=MeetingStatus.APPROVED).order_by(
                    "pk"
                ),
                to_attr="public_resolutions",
            ),
        )[:size]
    )


def upcoming_events(network: Network, size: int = UPCOMING_EVENTS) -> list[Event]:
    """The public events still to come of the network and of its members, soonest first."""
    return list(
        Event.objects.public()
        .filter(Q(network=network) | Q(municipality__networks=network))
        .from_day(timezone.localdate())
        .with_owner()
        .in_order()
        .distinct()[:size]
    )


def face_of(network: Network) -> Face:
    return Face(
        network=network,
        news=latest_news(network),
        meetings=public_meetings(network),
        events=upcoming_events(network),
    )
