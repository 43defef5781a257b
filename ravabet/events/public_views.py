"""Pages and feeds without an account: the public events of an office and of the network,
their iCalendar feeds, a person's private staff feed (a signed URL), and a journalist's
answer to a press invitation (a signed link)."""

from __future__ import annotations

import datetime as dt
import hashlib
import zlib
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ravabet.core.files import serve_file
from ravabet.core.http import AppRequest
from ravabet.core.publiccache import public_page
from ravabet.network.models import Municipality, Network, User
from ravabet.officialcalendar.models import Correction
from ravabet.voice.models import Holiday, VoiceSettings

from . import actions
from .access import get_photo_for_user, place_for_feed
from .checklist import Calendars
from .forms import AnswerForm
from .ics import FEED_EVENT_FIELDS, FeedEvent, FeedTask, event_calendar
from .models import RSVP_SALT, Event, PressInvitation, Task

# Feeds list what is coming and what was lately: a calendar app keeps the rest.
FEED_PAST_DAYS = 90
TASK_FIELDS = (
    "pk",
    "event_id",
    "title",
    "offset",
    "owner_id",
    "due_override",
    "done_at",
    "updated_at",
)
PUBLIC_PAST_DAYS = 30


@public_page
def public_municipality_events(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    return _public_page(request, municipality)


@public_page
def public_network_events(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(Network.objects.select_related("host"), slug=slug)
    return _public_page(request, network)


def _public_page(request: HttpRequest, place: Municipality | Network) -> HttpResponse:
    since = timezone.localdate() - dt.timedelta(days=PUBLIC_PAST_DAYS)
    events = list(
        Event.objects.of(place)
        .public()
        .from_day(since)
        .with_owner()
        .prefetch_related("photos")
        .in_order()[:200]
    )
    return render(
        request,
        "events/public_list.html",
        {"place": place, "events": events, "is_network": isinstance(place, Network)},
    )


# A feed's body is kept in the cache under its version (below) for at most this long.
FEED_CACHE_SECONDS = 3600
# Raise when the feed's bytes change for the same records (a new field, another layout).
FEED_FORMAT = 2


def calendar_municipality(place: Municipality | Network) -> Municipality:
    """Whose working days count for the place's tasks (a network's: its host's)."""
    return place.host if isinstance(place, Network) else place


def _stamp(value: dt.datetime | None) -> float:
    return value.timestamp() if value is not None else 0.0


def _task_owners(place: Municipality | Network) -> dict[int, str]:
    """The name of every owner of a task of the place, as the staff feed shows it: read
    once, for the feed's version and its body."""
    return {
        user.pk: str(user)
        for user in User.objects.filter(pk__in=Task.objects.of(place).values("owner_id")).only(
            "pk", "username", "first_name", "last_name"
        )
    }


def _feed_version(place: Municipality | Network, kind: str, owners: dict[int, str] | None) -> tuple:
    """What the feed's bytes depend on, read with a few aggregate queries and without
    loading a single event: any edit, addition or removal of an event (or, for the staff
    feed, whose tasks' ``owners`` are given, of a task, an owner's name, a correction, a
    local day off or the Thursday rule) changes it. Today's date is in it (the window
    moves), and so are the language (the kinds' labels) and the site's address."""
    events = (
        Event.objects.of(place)
        .from_day(_feed_since())
        .aggregate(n=Count("pk"), top=Max("pk"), changed=Max("updated_at"))
    )
    parts: list[object] = [
        FEED_FORMAT,
        kind,
        type(place).__name__,
        place.pk,
        place.name,
        timezone.localdate().isoformat(),
        get_language(),
        settings.SITE_URL,
        events["n"],
        events["top"],
        _stamp(events["changed"]),
    ]
    stamps = [_stamp(events["changed"])]
    if owners is not None:
        tasks = Task.objects.of(place).aggregate(
            n=Count("pk"), top=Max("pk"), changed=Max("updated_at")
        )
        calendar = calendar_municipality(place)
        corrections = Correction.objects.filter(
            pk__in=Correction.objects.for_municipality(calendar).values("pk")
        ).aggregate(n=Count("pk"), top=Max("pk"), changed=Max("recorded_at"))
        days_off = sorted(
            Holiday.objects.filter(municipality=calendar).values_list("date", flat=True)
        )
        settings_row = VoiceSettings.objects.filter(municipality=calendar).values_list(
            "thursday_off", flat=True
        )
        parts += [
            tasks["n"],
            tasks["top"],
            _stamp(tasks["changed"]),
            corrections["n"],
            corrections["top"],
            _stamp(corrections["changed"]),
            sorted(owners.items()),
            [d.isoformat() for d in days_off],
            list(settings_row),
        ]
        stamps += [_stamp(tasks["changed"]), _stamp(corrections["changed"])]
    return tuple(parts), max(stamps)


def _feed(
    request: HttpRequest,
    place: Municipality | Network,
    kind: str,
    build: Callable[[], bytes],
    *,
    owners: dict[int, str] | None = None,
) -> HttpResponse:
    """The feed, or 304 when the reader's copy (ETag, or Last-Modified) is current.

    The ETag is the feed's version, read with a few aggregate queries, so a current copy is
    answered without building anything, and a body once built is served from the cache
    until something it shows changes."""
    version, changed = _feed_version(place, kind, owners)
    digest = hashlib.sha256(repr(version).encode()).hexdigest()[:32]
    etag = f'"{digest}"'
    last_modified = int(changed) if changed else None
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        # One entry per feed and language, holding the version it was built at: a rebuild
        # is one cache write (on the database cache, each write is its own commit, which
        # waits for the disk). Kept compressed: a staff feed's 1.2 MB of text is some 60 KB,
        # which the cache (the database's: pickled and base64-encoded) writes and reads in
        # a third of the time.
        key = f"events-feed:{kind}:{type(place).__name__}:{place.pk}:{get_language()}"
        kept = cache.get(key)
        if kept is not None and kept[0] == digest:
            body = zlib.decompress(kept[1])
        else:
            body = build()
            cache.set(key, (digest, zlib.compress(body, 1)), FEED_CACHE_SECONDS)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, max_age=300)
    return response


def _feed_since() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=FEED_PAST_DAYS)


def _feed_events(place: Municipality | Network, *, public: bool = False) -> list[FeedEvent]:
    """The feed's events as plain values, each with the feed's own place's calendar (whose
    working days count its tasks: one for all, not joined for each row)."""
    events = Event.objects.of(place).from_day(_feed_since()).in_order()
    if public:
        events = events.public()
    calendar = calendar_municipality(place)
    return [FeedEvent._make((*row, calendar)) for row in events.values_list(*FEED_EVENT_FIELDS)]


def _public_feed(request: HttpRequest, place: Municipality | Network) -> HttpResponse:
    def build() -> bytes:
        return event_calendar(_feed_events(place, public=True), [], place.name)

    return _feed(request, place, "public", build)


@public_page
def municipality_ics(request: HttpRequest, slug: str) -> HttpResponse:
    return _public_feed(request, get_object_or_404(Municipality, slug=slug))


@public_page
def network_ics(request: HttpRequest, slug: str) -> HttpResponse:
    return _public_feed(
        request, get_object_or_404(Network.objects.select_related("host"), slug=slug)
    )


def _staff_tasks(
    place: Municipality | Network, events: list[FeedEvent], owners: dict[int, str]
) -> Iterator[FeedTask]:
    """The live tasks of the feed's events, one at a time as plain values (thousands of
    them: no model objects, which spares the garbage collector passes over the whole
    process), each with its due date counted on one array of the office's working days."""
    by_id = {e.pk: e for e in events}
    # One query, read at once: not with .iterator(), which on PostgreSQL is a server-side
    # cursor that outside a transaction runs the whole query into a held copy and then
    # fetches it a chunk per round trip (12 ms of 3,000 rows' waiting); and the window the
    # due dates need is taken from the rows, not from an aggregate query of its own.
    rows = (
        Task.objects.of(place)
        .live()
        .filter(event__end_date__gte=_feed_since())
        .order_by("event_id", "position", "pk")
        .values_list(*TASK_FIELDS)
    )
    calendars = Calendars(events, max((abs(row[3]) for row in rows), default=0))
    for pk, event_id, title, offset, owner_id, due_override, done_at, updated_at in rows:
        event = by_id[event_id]
        yield FeedTask(
            pk=pk,
            event=event,
            title=title,
            due=calendars.due(event, offset, due_override),
            is_done=done_at is not None,
            updated_at=updated_at,
            owner=owners.get(owner_id, ""),
        )


def staff_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Every event of the office (internal ones too) and its checklist tasks."""
    _user, place = place_for_feed(token)

    owners = _task_owners(place)

    def build() -> bytes:
        events = _feed_events(place)
        return event_calendar(events, _staff_tasks(place, events, owners), place.name)

    response = _feed(request, place, "staff", build, owners=owners)
    patch_cache_control(response, private=True)
    return response


def rsvp(request: AppRequest, token: str) -> HttpResponse:
    try:
        pk = int(signing.loads(token, salt=RSVP_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return render(
            request,
            "events/rsvp.html",
            {"error": _("This link is not valid. Use the link in your invitation email.")},
            status=400,
        )
    invitation = (
        PressInvitation.objects.select_related("event__municipality", "event__network__host")
        .filter(pk=pk)
        .first()
    )
    if invitation is None:
        return render(
            request,
            "events/rsvp.html",
            {"error": _("This invitation no longer exists.")},
            status=404,
        )
    form = AnswerForm(request.POST or None)
    done = False
    if request.method == "POST" and form.is_valid():
        invitation = actions.answer_invitation(invitation, form.cleaned_data["answer"])
        done = True
    status = 400 if request.method == "POST" and not done else 200
    return render(
        request,
        "events/rsvp.html",
        {"invitation": invitation, "event": invitation.event, "form": form, "done": done},
        status=status,
    )


def photo_file(request: AppRequest, pk: int) -> HttpResponse:
    """A report photo: public once its event is public and reported, otherwise private
    (the office's readers only; everyone else gets 404)."""
    photo = get_photo_for_user(request.user, pk)
    return serve_file(
        request, photo.image, public=photo.is_public, inline=True, name=f"event-photo-{photo.pk}"
    )
