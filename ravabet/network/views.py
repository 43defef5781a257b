from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ravabet.core.files import serve_file

from .models import Municipality, Network


def network_page(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(
        Network.objects.select_related("host").prefetch_related("members"), slug=slug
    )
    return render(request, "network/network.html", {"network": network})


def municipality_page(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality.objects.prefetch_related("networks"), slug=slug)
    departments = municipality.departments.active()
    return render(
        request,
        "network/municipality.html",
        {"municipality": municipality, "departments": departments},
    )


def logo_file(request: HttpRequest, slug: str) -> HttpResponse:
    """A municipality's logo is public, like its page."""
    municipality = get_object_or_404(Municipality.objects.only("slug", "logo"), slug=slug)
    return serve_file(
        request, municipality.logo, public=True, inline=True, name=f"logo-{municipality.slug}"
    )
