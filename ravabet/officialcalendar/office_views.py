"""The office side of the calendar: the secretariat's corrections, and an office's occasions
(with its networks' corrections and its own local days off)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ravabet.core.http import AppRequest
from ravabet.lib.jalali import format_date
from ravabet.network.access import Rights, get_municipality_for_user, get_network_for_user
from ravabet.network.models import Municipality, Network

from . import actions, pages
from .forms import ClosureForm, LunarMonthForm, hijri_month_label
from .lunar import Month
from .models import Correction
from .official import OfficialCalendar

MONTHS_SHOWN = 14


@dataclass(frozen=True)
class MonthRow:
    month: Month
    label: str


def _render(
    request: AppRequest,
    network: Network,
    rights: Rights,
    calendar: OfficialCalendar,
    *,
    lunar_form: LunarMonthForm | None = None,
    closure_form: ClosureForm | None = None,
    status: int = 200,
) -> HttpResponse:
    current = calendar.lunar.index_of(timezone.localdate())
    months = [calendar.lunar.month(i) for i in range(current - 1, current - 1 + MONTHS_SHOWN)]
    context = {
        "network": network,
        "can_write": rights.write,
        "months": [MonthRow(m, hijri_month_label(m.year, m.month)) for m in months],
        "corrections": Correction.objects.for_network(network).select_related(
            "network", "recorded_by"
        ),
        "lunar_form": lunar_form or LunarMonthForm(calendar=calendar),
        "closure_form": closure_form or ClosureForm(calendar=calendar),
    }
    return render(request, "officialcalendar/corrections.html", context, status=status)


def _page(network: Network) -> str:
    return reverse("officialcalendar:corrections", args=[network.slug])


@login_required
def corrections(request: AppRequest, slug: str) -> HttpResponse:
    network, rights = get_network_for_user(request.user, slug)
    return _render(request, network, rights, OfficialCalendar.for_network(network))


@login_required
@require_POST
def lunar_month_add(request: AppRequest, slug: str) -> HttpResponse:
    network, rights = get_network_for_user(request.user, slug, write=True)
    calendar = OfficialCalendar.for_network(network)
    form = LunarMonthForm(request.POST, calendar=calendar)
    if not form.is_valid():
        return _render(request, network, rights, calendar, lunar_form=form, status=400)
    correction = actions.record_lunar_month(
        network,
        hijri_year=form.cleaned_data["hijri_year"],
        hijri_month=form.cleaned_data["hijri_month"],
        began_on=form.cleaned_data["began_on"],
        reason=form.cleaned_data["reason"],
        by=request.user,  # type: ignore[arg-type]
    )
    messages.success(
        request,
        _("%(month)s now begins on %(date)s; deadlines counted on it have moved.")
        % {
            "month": hijri_month_label(correction.hijri_year or 0, correction.hijri_month or 1),
            "date": format_date(correction.date),
        },
    )
    return redirect(_page(network))


@login_required
@require_POST
def closure_add(request: AppRequest, slug: str) -> HttpResponse:
    network, rights = get_network_for_user(request.user, slug, write=True)
    calendar = OfficialCalendar.for_network(network)
    form = ClosureForm(request.POST, calendar=calendar)
    if form.is_valid():
        try:
            correction = actions.record_closure(
                network,
                date=form.cleaned_data["date"],
                title=form.cleaned_data["title"],
                reason=form.cleaned_data["reason"],
                by=request.user,  # type: ignore[arg-type]
            )
        except actions.DuplicateClosureError:
            form.add_error("date", _("This day is already recorded as closed."))
        else:
            messages.success(
                request,
                _("%(date)s is now a day off; deadlines counted on it have moved.")
                % {"date": format_date(correction.date)},
            )
            return redirect(_page(network))
    return _render(request, network, rights, calendar, closure_form=form, status=400)


# --- the occasions calendar in an office ---------------------------------------------------


def _office(request: AppRequest, slug: str) -> tuple[Municipality, list[Network], OfficialCalendar]:
    municipality, _rights = get_municipality_for_user(request.user, slug)
    networks = list(municipality.networks.all())
    return municipality, networks, OfficialCalendar.for_municipality(municipality)


@login_required
def office_today(request: AppRequest, slug: str) -> HttpResponse:
    municipality, networks, calendar = _office(request, slug)
    return pages.render_month(
        request, calendar, *pages.current_month(), municipality=municipality, networks=networks
    )


@login_required
def office_month(request: AppRequest, slug: str, year: int, month: int) -> HttpResponse:
    municipality, networks, calendar = _office(request, slug)
    return pages.render_month(
        request, calendar, year, month, municipality=municipality, networks=networks
    )


@login_required
def office_list(request: AppRequest, slug: str, year: int, month: int) -> HttpResponse:
    municipality, networks, calendar = _office(request, slug)
    return pages.render_month(
        request,
        calendar,
        year,
        month,
        municipality=municipality,
        networks=networks,
        template="officialcalendar/list.html",
    )


@login_required
def office_year(request: AppRequest, slug: str, year: int) -> HttpResponse:
    municipality, networks, calendar = _office(request, slug)
    return pages.render_year(request, calendar, year, municipality=municipality, networks=networks)
