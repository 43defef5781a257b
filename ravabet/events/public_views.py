"""Pages and feeds without an account: the public events of an office and of the network,
their iCalendar feeds, a person's private staff feed (a signed URL), and a journalist's
answer to a press invitation (a signed link)."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _

from ravabet.core.http import AppRequest
from ravabet.core.publiccache import public_page
from ravabet.network.models import Municipality, Network
from ravabet.officialcalendar.models import Correction

from . import actions
from .access import place_for_feed
from .checklist import with_due_dates
from .forms import AnswerForm
from .ics import event_calendar
from .models import RSVP_SALT, Event, PressInvitation, Task

# Feeds list what is coming and what was lately: a calendar app keeps the rest.
FEED_PAST_DAYS = 90
TASK_FIELDS = (
    "pk",
    "event_id",
    "title",
    "offset",
    "owner",
    "due_override",
    "done_at",
    "updated_at",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
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
    events = list(Event.objects.of(place).public().from_day(since).with_owner().in_order()[:200])
    return render(
        request,
        "events/public_list.html",
        {"place": place, "events": events, "is_network": isinstance(place, Network)},
    )


def _feed(
    request: HttpRequest,
    events: list[Event],
    tasks: list[Task],
    name: str,
    changed: list[dt.datetime] | None = None,
) -> HttpResponse:
    """The feed, or 304 when the reader's copy (ETag, or Last-Modified) is current."""
    body = event_calendar(events, tasks, name)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    stamps = [e.updated_at for e in events] + [t.updated_at for t in tasks] + (changed or [])
    last_modified = max(stamps).timestamp() if stamps else None
    response = get_conditional_response(
        request, etag=etag, last_modified=int(last_modified) if last_modified else None
    )
    if response is None:
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, max_age=300)
    return response


def _feed_events(place: Municipality | Network):  # type: ignore[no-untyped-def]
    since = timezone.localdate() - dt.timedelta(days=FEED_PAST_DAYS)
    return Event.objects.of(place).from_day(since).with_owner().in_order()


@public_page
def municipality_ics(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    events = list(_feed_events(municipality).public())
    return _feed(request, events, [], municipality.name)


@public_page
def network_ics(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(Network.objects.select_related("host"), slug=slug)
    events = list(_feed_events(network).public())
    return _feed(request, events, [], network.name)


def staff_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Every event of the office (internal ones too) and its checklist tasks."""
    _user, place = place_for_feed(token)
    events = list(_feed_events(place))
    since = timezone.localdate() - dt.timedelta(days=FEED_PAST_DAYS)
    by_id = {e.pk: e for e in events}
    tasks = list(
        Task.objects.of(place)
        .live()
        .filter(event__end_date__gte=since)
        .select_related("owner")
        .only(*TASK_FIELDS)
        .order_by("event_id", "position", "pk")
    )
    for task in tasks:
        task.event = by_id[task.event_id]  # the feed's own rows: no second join
    with_due_dates(tasks)
    # Due dates are counted on the calendar: a correction changes the feed too.
    corrections = (
        Correction.objects.for_network(place)
        if isinstance(place, Network)
        else Correction.objects.for_municipality(place)
    )
    latest = corrections.order_by("-recorded_at").values_list("recorded_at", flat=True).first()
    response = _feed(request, events, tasks, place.name, [latest] if latest else [])
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
