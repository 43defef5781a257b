"""The occasions calendar for everyone: month, list and year views, and the iCalendar feed.

Occasions and holidays are public facts; these pages show the nationwide calendar (with the
site admin's corrections). A network's feed carries its secretariat's corrections too.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_GET

from ravabet.core.http import AppRequest
from ravabet.network.models import Network

from . import ics, pages
from .official import OfficialCalendar


@require_GET
def today(request: AppRequest) -> HttpResponse:
    return pages.render_month(request, OfficialCalendar.nationwide(), *pages.current_month())


@require_GET
def month(request: AppRequest, year: int, month: int) -> HttpResponse:
    return pages.render_month(request, OfficialCalendar.nationwide(), year, month)


@require_GET
def month_list(request: AppRequest, year: int, month: int) -> HttpResponse:
    return pages.render_month(
        request,
        OfficialCalendar.nationwide(),
        year,
        month,
        template="officialcalendar/list.html",
    )


@require_GET
def year(request: AppRequest, year: int) -> HttpResponse:
    return pages.render_year(request, OfficialCalendar.nationwide(), year)


def _network(slug: str | None) -> Network | None:
    return None if slug is None else get_object_or_404(Network, slug=slug)


def _validators(request: HttpRequest, slug: str | None) -> tuple[Network | None, str, dt.datetime]:
    """The network and the feed's (ETag, Last-Modified), read once per request."""
    known = getattr(request, "_occasions_feed", None)
    if known is None:
        network = _network(slug)
        known = (network, *ics.validators(network, timezone.localdate()))
        request._occasions_feed = known  # type: ignore[attr-defined]
    return known


def _etag(request: HttpRequest, slug: str | None = None) -> str:
    return _validators(request, slug)[1]


def _last_modified(request: HttpRequest, slug: str | None = None) -> dt.datetime:
    return _validators(request, slug)[2]


@require_GET
@condition(etag_func=_etag, last_modified_func=_last_modified)
def feed(request: AppRequest, slug: str | None = None) -> HttpResponse:
    network, etag, stamp = _validators(request, slug)
    name = _("Occasions and holidays")
    if network is not None:
        name = f"{name} · {network.display_name}"
    today = timezone.localdate()
    body = ics.feed_body(
        etag,
        lambda: ics.occasions_calendar(
            OfficialCalendar.for_network(network), today, name=name, stamp=stamp
        ),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="occasions.ics"'
    # Always asked again (a correction moves the feed at once), answered 304 when unchanged.
    response["Cache-Control"] = "public, no-cache"
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response
