"""Everyone: a municipality's crisis page, live (the same page the web server serves from
its static file when the application is down)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from ravabet.network.models import Municipality

from . import static


def crisis_page(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    response = HttpResponse(static.page_html(municipality))
    # The page carries its own style inline; nothing else is loaded.
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"
    )
    return response
