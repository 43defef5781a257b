from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ravabet.core.files import serve_file
from ravabet.core.publiccache import public_page
from ravabet.lib.persian import normalize

from .face import face_of
from .models import Municipality, Network

# Where the municipality picker may send a visitor, by the `to` it was given.
DESTINATIONS = {
    "contact": "voice:contact",
    "press": "media:press-room",
    "page": "network:municipality",
}
FOUND_LIMIT = 20


@public_page
def network_page(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(Network.objects.select_related("host"), slug=slug)
    members = list(network.members.order_by("name"))
    return render(
        request,
        "network/network.html",
        {"network": network, "members": members, "face": face_of(network)},
    )


@public_page
def municipality_page(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality.objects.prefetch_related("networks"), slug=slug)
    departments = municipality.departments.active()
    return render(
        request,
        "network/municipality.html",
        {"municipality": municipality, "departments": departments},
    )


def find_municipality(request: HttpRequest) -> HttpResponse:
    """The public pickers' one destination: a chosen slug, or a typed name (in either
    language, in any spelling), leads to that municipality's page of the kind asked for;
    several matches are offered, a few at a time, never the whole country."""
    to = request.GET.get("to", "")
    destination = DESTINATIONS.get(to, "network:municipality")
    typed = request.GET.get("m", "").strip()[:100]
    matches: list[Municipality] = []
    if typed:
        exact = Municipality.objects.filter(
            Q(slug=typed) | Q(name=typed) | Q(name_en__iexact=typed)
        ).first()
        if exact is not None:
            return redirect(reverse(destination, args=[exact.slug]))
        wanted = normalize(typed)
        matches = list(
            Municipality.objects.filter(
                Q(name__icontains=typed) | Q(name_en__icontains=typed) | Q(name__icontains=wanted)
            ).order_by("name")[:FOUND_LIMIT]
        )
        if len(matches) == 1:
            return redirect(reverse(destination, args=[matches[0].slug]))
    return render(
        request,
        "network/find.html",
        {"typed": typed, "matches": matches, "to": to, "destination": destination},
    )


def logo_file(request: HttpRequest, slug: str) -> HttpResponse:
    """A municipality's logo is public, like its page."""
    municipality = get_object_or_404(Municipality.objects.only("slug", "logo"), slug=slug)
    return serve_file(
        request, municipality.logo, public=True, inline=True, name=f"logo-{municipality.slug}"
    )
