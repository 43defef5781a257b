from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ravabet.network.face import SUGGESTED, face_of
from ravabet.network.models import Municipality, Network

from .middleware import NulCharacter, chosen_language
from .publiccache import public_page

logger = logging.getLogger(__name__)


# The home page shows this many networks in full; at national scale the rest are a list.
HOME_NETWORKS = 10


@public_page
def home(request: HttpRequest) -> HttpResponse:
    networks = list(
        Network.objects.select_related("host")
        .prefetch_related(Prefetch("members", queryset=Municipality.objects.order_by("name")))
        .order_by("name")[:HOME_NETWORKS]
    )
    faces = [face_of(network) for network in networks]
    suggestions = list({m.pk: m for network in networks for m in network.members.all()}.values())[
        :SUGGESTED
    ]
    return render(
        request,
        "core/home.html",
        {"networks": networks, "faces": faces, "suggestions": suggestions},
    )


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: the database does not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A request the app will not read: a person gets a page, a program its API's error.

    It may come before the locale middleware has run (a NUL is refused first), so the
    language is chosen here the same way.
    """
    nul = isinstance(exception, NulCharacter)
    path = request.path_info
    if path.startswith("/open311/"):
        # Open311 clients expect GeoReport's own error list, in the format they asked for.
        from ravabet.voice.open311.views import error as open311_error

        description = str(exception) if nul else "The request is malformed."
        return open311_error("xml" if path.endswith(".xml") else "json", 400, description)
    with translation.override(chosen_language(request)):
        reason = (
            _(
                "The address, a form field or a header of the request contains a NUL "
                "character (the character with code zero), which no text may hold. "
                "Remove it and try again."
            )
            if nul
            else _("The request was incomplete or malformed. Go back and try again.")
        )
        wants_json = path.endswith(".json") or (
            request.accepts("application/json") and not request.accepts("text/html")
        )
        if wants_json:
            return JsonResponse({"error": "bad_request", "description": reason}, status=400)
        return render(request, "400.html", {"reason": reason}, status=400)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
