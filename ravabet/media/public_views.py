"""The journalists' pages, no account needed: a press room per municipality and per
network, the sign-up for press releases with its confirmation (double opt-in), and the
one-click unsubscribe behind a signed link."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from ravabet.core import throttle
from ravabet.core.addresses import client_ip, client_ip_or_none
from ravabet.core.http import AppRequest
from ravabet.network.models import Municipality, Network
from ravabet.newsroom.models import Kind, NewsItem, NewsroomSettings, Photo, Status

from . import actions
from .forms import PressSignupForm
from .models import SIGNUP_SALT, UNSUBSCRIBE_SALT, Journalist, PressSignup, place_label

RELEASES = 10
KIT_PHOTOS = 12
# Sign-ups: per address, and per mailbox so nobody's inbox is flooded with confirmations.
SIGNUPS_PER_ADDRESS = (5, 3600)
SIGNUPS_PER_EMAIL = (3, 24 * 3600)
CONFIRM_DAYS = 14


def _press_room(
    request: AppRequest,
    place: Municipality | Network,
    media_list: Municipality,
    items: Any,
) -> HttpResponse:
    releases = list(
        items.filter(kind=Kind.PRESS_RELEASE)
        .select_related("municipality")
        .only(
            "pk",
            "title",
            "published_at",
            "lead",
            "municipality__slug",
            "municipality__name",
            "municipality__name_en",
        )
        .public_order()[:RELEASES]
    )
    photos = list(
        Photo.objects.filter(item__in=items.values("pk"), item__status=Status.PUBLISHED)
        .select_related("item__municipality")
        .order_by("-item__published_at", "position", "pk")[:KIT_PHOTOS]
    )
    contact = NewsroomSettings.objects.filter(municipality=media_list).first()
    return render(
        request,
        "media/press_room.html",
        {
            "place": place,
            "municipality": place if isinstance(place, Municipality) else None,
            "network": place if isinstance(place, Network) else None,
            "media_list": media_list,
            "releases": releases,
            "photos": photos,
            "contact": contact if contact and contact.has_press_contact else None,
        },
    )


def press_room(request: AppRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    items = NewsItem.objects.published().of_municipality(municipality)
    return _press_room(request, municipality, municipality, items)


def network_press_room(request: AppRequest, slug: str) -> HttpResponse:
    # A network's releases are its members'; its media list is its secretariat's.
    network = get_object_or_404(Network.objects.select_related("host"), slug=slug)
    items = NewsItem.objects.published().of_network(network)
    return _press_room(request, network, network.host, items)


def _signup(
    request: AppRequest, place: Municipality | Network, media_list: Municipality
) -> HttpResponse:
    form = PressSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        email = form.cleaned_data["email"].lower()
        if throttle.is_limited("press-signup", ip, *SIGNUPS_PER_ADDRESS) or throttle.is_limited(
            "press-signup-email", email, *SIGNUPS_PER_EMAIL
        ):
            form.add_error(None, _("Too many sign-ups from here; please try again later."))
        else:
            throttle.hit("press-signup", ip, SIGNUPS_PER_ADDRESS[1])
            throttle.hit("press-signup-email", email, SIGNUPS_PER_EMAIL[1])
            actions.request_signup(
                media_list,
                network=place if isinstance(place, Network) else None,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                outlet=form.cleaned_data["outlet"],
                agreement=form.agreement(),
                language=translation.get_language() or "fa",
                base_url=settings.SITE_URL or request.build_absolute_uri("/"),
                address=client_ip_or_none(request),
            )
            # The same answer whether or not the address is already on the list.
            return render(
                request,
                "media/signup.html",
                {"place": place, "place_name": place_label(place), "sent": True},
            )
    return render(
        request,
        "media/signup.html",
        {"place": place, "place_name": place_label(place), "form": form},
    )


def signup(request: AppRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    return _signup(request, municipality, municipality)


def network_signup(request: AppRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(Network.objects.select_related("host"), slug=slug)
    return _signup(request, network, network.host)


def signup_confirm(request: AppRequest, token: str) -> HttpResponse:
    """Opening the link shows a button (a mail scanner's visit confirms nothing); pressing
    it puts the journalist on the media list with their consent recorded."""
    try:
        payload = signing.loads(token, salt=SIGNUP_SALT, max_age=CONFIRM_DAYS * 24 * 3600)
        signup_id, nonce = int(payload["s"]), str(payload["n"])
    except signing.SignatureExpired:
        return _confirm_error(request, _("This link has expired. Sign up again in the press room."))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return _confirm_error(request, _("This confirmation link is not valid."))
    signup = (
        PressSignup.objects.select_related("municipality", "network").filter(pk=signup_id).first()
    )
    if signup is None or str(signup.nonce) != nonce:
        return _confirm_error(request, _("This confirmation link is not valid."))
    place = signup.network or signup.municipality
    if request.method == "POST":
        try:
            signup = actions.confirm_signup(signup_id, nonce, client_ip_or_none(request))
        except actions.SignupError as error:
            return _confirm_error(request, str(error), status=410)
        return redirect(request.path + "?done=1")
    return render(
        request,
        "media/signup_confirm.html",
        {
            "signup": signup,
            "place_name": place_label(place),
            "done": signup.status == "confirmed",
        },
    )


def _confirm_error(request: AppRequest, error: str, status: int = 400) -> HttpResponse:
    return render(request, "media/signup_confirm.html", {"error": error}, status=status)


@csrf_exempt  # the signed token is the authority; mail clients post one-click unsubscribes
def unsubscribe(request: AppRequest, token: str) -> HttpResponse:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise Http404(_("This unsubscribe link is not valid.")) from None
    journalist = Journalist.objects.select_related("municipality").filter(pk=pk).first()
    if journalist is None:
        raise Http404(_("This unsubscribe link is not valid."))
    done = journalist.unsubscribed_at is not None
    if request.method == "POST":
        actions.unsubscribe(journalist, client_ip_or_none(request))
        done = True
    return render(
        request, "media/unsubscribe.html", {"journalist": journalist, "done": done, "token": token}
    )
