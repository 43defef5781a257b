"""The occasions pages, rendered the same way for the public and for an office.

The public calendar is the nationwide one; an office's has its networks' corrections and
its own local days off, and offers "plan for it" on every occasion.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ravabet.core.http import AppRequest
from ravabet.lib import jalali
from ravabet.network.models import Municipality, Network

from . import grid
from .curated import PR_OCCASIONS
from .links import Links, plan_base
from .official import OfficialCalendar


def check_month(year: int, month: int) -> None:
    if not grid.valid_year(year) or not 1 <= month <= 12:
        raise Http404(_("No such month in the calendar."))


def check_year(year: int) -> None:
    if not grid.valid_year(year):
        raise Http404(_("No such year in the calendar."))


def current_month() -> tuple[int, int]:
    year, month, _day = jalali.to_jalali(timezone.localdate())
    return year, month


def feed_url(network: Network | None) -> str:
    if network is None:
        return reverse("officialcalendar:feed")
    return reverse("officialcalendar:network-feed", args=[network.slug])


def _scope(
    municipality: Municipality | None, networks: list[Network] | None = None
) -> dict[str, Any]:
    network = networks[0] if networks else None
    return {
        "municipality": municipality,
        "plan_base": plan_base(municipality) or "",
        "networks": networks or [],
        "feed_url": feed_url(network),
    }


def _neighbours(links: Links, year: int, month: int, month_grid: grid.MonthGrid) -> dict[str, Any]:
    previous, following = month_grid.previous, month_grid.next
    has_previous = grid.valid_year(previous[0])
    has_next = grid.valid_year(following[0])
    return {
        "previous_url": links.month(*previous) if has_previous else "",
        "next_url": links.month(*following) if has_next else "",
        "previous_list_url": links.list(*previous) if has_previous else "",
        "next_list_url": links.list(*following) if has_next else "",
        "previous_name": jalali.month_name(previous[1]),
        "next_name": jalali.month_name(following[1]),
        "month_url": links.month(year, month),
        "list_url": links.list(year, month),
        "year_url": links.year(year),
        "today_url": links.today(),
    }


def render_month(
    request: AppRequest,
    calendar: OfficialCalendar,
    year: int,
    month: int,
    *,
    municipality: Municipality | None = None,
    networks: list[Network] | None = None,
    template: str = "officialcalendar/month.html",
) -> HttpResponse:
    check_month(year, month)
    links = Links(municipality)
    month_grid = grid.month(calendar, year, month, timezone.localdate(), municipality)
    context = {
        "grid": month_grid,
        "weekdays": grid.weekday_names(),
        "pr_count": len(PR_OCCASIONS),
        **_neighbours(links, year, month, month_grid),
        **_scope(municipality, networks),
    }
    return render(request, template, context)


def render_year(
    request: AppRequest,
    calendar: OfficialCalendar,
    year: int,
    *,
    municipality: Municipality | None = None,
    networks: list[Network] | None = None,
) -> HttpResponse:
    check_year(year)
    links = Links(municipality)
    months = grid.year(calendar, year, timezone.localdate(), municipality)
    context = {
        "year": year,
        "months": [(m, links.month(year, m.month)) for m in months],
        "weekdays": grid.weekday_names(short=True),
        "estimated": any(m.estimated for m in months),
        "previous_url": links.year(year - 1) if grid.valid_year(year - 1) else "",
        "next_url": links.year(year + 1) if grid.valid_year(year + 1) else "",
        "today_url": links.today(),
        **_scope(municipality, networks),
    }
    return render(request, "officialcalendar/year.html", context)
