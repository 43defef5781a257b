"""Where a month's log is drafted from: one function per kind of Ravabet record.

Each source is ``source(person, municipality, start, end) -> Iterable[Draft]``: the person's
work in that office from ``start`` to ``end`` (aware UTC), with the times the actions were
taken. A `Draft` carries a `key` that names the record it came from; drafting again finds
the entry by that key, so nothing is drafted twice. `SOURCES` is the list drafting reads.

A record that is an instant (a revision saved, a reply sent) becomes a stretch of work
ending at that instant: the times are a draft for the person to correct, not a measurement.
The lengths assumed are constants below, shown on the month page. Saves of one record
within an hour of each other are one sitting.

Adding a source is one function and one line in `SOURCES`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from ravabet.crisis.models import Shift
from ravabet.events.models import Coverage
from ravabet.events.models import Status as EventStatus
from ravabet.lib import jalali
from ravabet.media.models import Distribution
from ravabet.meetings.models import RSVP, Attendance, Invitation, MeetingStatus
from ravabet.network.models import Municipality, User
from ravabet.newsroom.models import Revision
from ravabet.voice.models import Event as VoiceEvent

from .models import Kind, Place, Source

# Saves of one record closer than this are one sitting of work.
SITTING_GAP = dt.timedelta(minutes=60)
# How long a saved revision is taken to have been written (the first of the day's saves
# on an item starts this much earlier).
NEWS_MINUTES = 30
# How long handling a citizen's message once takes (a routing, a reply, a status change).
VOICE_MINUTES = 10
# How long sending a press release to the list takes.
PRESS_MINUTES = 20
# An all-day event: its first day, from this hour, for this long (to be corrected).
ALL_DAY_FROM = dt.time(8, 0)
ALL_DAY_HOURS = 8


@dataclass(frozen=True)
class Draft:
    key: str
    source: str
    kind: str
    place: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    title: str
    url: str = ""


SourceFunction = Callable[[User, Municipality, dt.datetime, dt.datetime], Iterable[Draft]]


def _sessions(
    rows: Iterable[tuple[int, dt.datetime]],
) -> list[tuple[int, dt.datetime, dt.datetime]]:
    """Instants on records, as sittings: (record, first, last), a new sitting after a pause
    of more than SITTING_GAP (two saves in the morning and one at night are two sittings)."""
    by_record: dict[int, list[dt.datetime]] = {}
    for pk, at in rows:
        by_record.setdefault(pk, []).append(at)
    sittings: list[tuple[int, dt.datetime, dt.datetime]] = []
    for pk, instants in by_record.items():
        instants.sort()
        first = last = instants[0]
        for at in instants[1:]:
            if at - last > SITTING_GAP:
                sittings.append((pk, first, last))
                first = at
            last = at
        sittings.append((pk, first, last))
    return sittings


def news_written(
    person: User, municipality: Municipality, start: dt.datetime, end: dt.datetime
) -> Iterable[Draft]:
    """News written and edited: the person's revisions, one stretch per item and sitting."""
    revisions = Revision.objects.filter(
        author=person, item__municipality=municipality, created_at__gte=start, created_at__lt=end
    ).values_list("item_id", "item__title", "created_at")
    titles = {pk: title for pk, title, _at in revisions}
    sessions = _sessions((pk, at) for pk, _title, at in revisions)
    for pk, first, last in sessions:
        yield Draft(
            key=f"newsroom:item:{pk}:{first.timestamp():.0f}",
            source=Source.NEWSROOM,
            kind=Kind.NEWS,
            place=Place.OFFICE,
            starts_at=first - dt.timedelta(minutes=NEWS_MINUTES),
            ends_at=last,
            title=_("Wrote or edited «%(title)s»") % {"title": titles[pk]},
            url=reverse("newsroom:item", args=[pk]),
        )


def events_covered(
    person: User, municipality: Municipality, start: dt.datetime, end: dt.datetime
) -> Iterable[Draft]:
    """Events the person covered in the field (a coverage assignment), at the event's
    times; an event called off or still to come is not work done."""
    coverage = (
        Coverage.objects.filter(
            Q(event__municipality=municipality) | Q(event__network__members=municipality),
            user=person,
            event__starts_at__lt=end,
            event__ends_at__gt=start,
            event__status__in=[
                EventStatus.PLANNED,
                EventStatus.CONFIRMED,
                EventStatus.HELD,
                EventStatus.REPORTED,
            ],
        )
        .select_related("event")
        .distinct()
    )
    seen: set[int] = set()
    for row in coverage:
        event = row.event
        if event.pk in seen:
            continue
        seen.add(event.pk)
        starts_at, ends_at = event.starts_at, event.ends_at
        if event.all_day:
            local = dt.datetime.combine(event.start_date, ALL_DAY_FROM, tzinfo=jalali.TEHRAN)
            starts_at = local.astimezone(dt.UTC)
            ends_at = starts_at + dt.timedelta(hours=ALL_DAY_HOURS)
        yield Draft(
            key=f"events:event:{event.pk}",
            source=Source.EVENTS,
            kind=Kind.COVERAGE,
            place=Place.FIELD,
            starts_at=starts_at,
            ends_at=ends_at,
            title=_("Covered «%(title)s»") % {"title": event.title},
            url=event.get_absolute_url(),
        )


def meetings_attended(
    person: User, municipality: Municipality, start: dt.datetime, end: dt.datetime
) -> Iterable[Draft]:
    """Meetings the person attended (or said they would, where attendance was not taken).
    A network meeting away from the person's own municipality is field work."""
    invitations = (
        Invitation.objects.filter(
            Q(attendance__in=[Attendance.PRESENT, Attendance.LATE])
            | Q(attendance=Attendance.UNKNOWN, rsvp=RSVP.YES),
            user=person,
            meeting__starts_at__gte=start,
            meeting__starts_at__lt=end,
        )
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("meeting__network")
    )
    for invitation in invitations:
        meeting = invitation.meeting
        at_home = meeting.municipality_id == municipality.pk or (
            meeting.network is not None and meeting.network.host_id == municipality.pk
        )
        yield Draft(
            key=f"meetings:meeting:{meeting.pk}",
            source=Source.MEETINGS,
            kind=Kind.MEETING,
            place=Place.OFFICE if at_home else Place.FIELD,
            starts_at=meeting.starts_at,
            ends_at=meeting.starts_at + dt.timedelta(minutes=meeting.duration_minutes or 60),
            title=_("Attended «%(title)s»") % {"title": meeting.title},
            url=meeting.get_absolute_url(),
        )


def citizens_messages(
    person: User, municipality: Municipality, start: dt.datetime, end: dt.datetime
) -> Iterable[Draft]:
    """Citizens' messages the person handled: entered from a call, routed, answered,
    changed; one stretch per message and sitting."""
    events = VoiceEvent.objects.filter(
        actor=person,
        message__municipality=municipality,
        created_at__gte=start,
        created_at__lt=end,
    ).values_list("message_id", "message__code", "created_at")
    codes = {pk: code for pk, code, _at in events}
    sessions = _sessions((pk, at) for pk, _code, at in events)
    for pk, first, last in sessions:
        yield Draft(
            key=f"voice:message:{pk}:{first.timestamp():.0f}",
            source=Source.VOICE,
            kind=Kind.CITIZENS,
            place=Place.OFFICE,
            starts_at=first - dt.timedelta(minutes=VOICE_MINUTES),
            ends_at=last,
            title=_("Handled citizen's message %(code)s") % {"code": codes[pk]},
            url=reverse("voice:message", args=[pk]),
        )


def press_work(
    person: User, municipality: Municipality, start: dt.datetime, end: dt.datetime
) -> Iterable[Draft]:
    """Press releases the person sent to the media list."""
    distributions = Distribution.objects.filter(
        created_by=person,
        item__municipality=municipality,
        created_at__gte=start,
        created_at__lt=end,
    ).values_list("pk", "item__title", "created_at")
    for pk, title, at in distributions:
        yield Draft(
            key=f"media:distribution:{pk}",
            source=Source.MEDIA,
            kind=Kind.PRESS,
            place=Place.OFFICE,
            starts_at=at - dt.timedelta(minutes=PRESS_MINUTES),
            ends_at=at,
            title=_("Sent «%(title)s» to the press") % {"title": title},
            url=reverse("media:distribution", args=[pk]),
        )


def crisis_shifts(
    person: User, municipality: Municipality, start: dt.datetime, end: dt.datetime
) -> Iterable[Draft]:
    """The person's shifts on the roster of an incident that concerned the office. Taken
    as office work: where the shift was (the crisis room or the site) is the person's to say."""
    shifts = Shift.objects.filter(
        user=person, incident__municipalities=municipality, starts_at__lt=end, ends_at__gt=start
    ).values_list("pk", "incident_id", "incident__title", "starts_at", "ends_at")
    for pk, incident_id, title, starts_at, ends_at in shifts:
        yield Draft(
            key=f"crisis:shift:{pk}",
            source=Source.CRISIS,
            kind=Kind.CRISIS,
            place=Place.OFFICE,
            starts_at=max(starts_at, start),
            ends_at=min(ends_at, end),
            title=_("Crisis shift: %(incident)s") % {"incident": title},
            url=reverse("crisis:incident", args=[incident_id]),
        )


SOURCES: tuple[SourceFunction, ...] = (
    news_written,
    events_covered,
    meetings_attended,
    citizens_messages,
    press_work,
    crisis_shifts,
)
