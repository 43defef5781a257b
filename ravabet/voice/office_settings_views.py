"""The PR head's own settings page: the office week, local holidays and the categories.

Every municipal staff member may read it; only the PR head changes it, since it sets
the deadline of every message that comes in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ravabet.core.http import AppRequest
from ravabet.lib import jalali
from ravabet.lib.i18n import local_digits
from ravabet.network.access import Rights, get_municipality_for_user
from ravabet.network.models import Municipality
from ravabet.officialcalendar.official import OfficialCalendar

from . import actions
from .access import (
    get_category_for_user,
    get_holiday_for_user,
)
from .forms import CategoryEditForm, CategoryForm, HolidayForm, VoiceSettingsForm
from .models import Category, Holiday, VoiceSettings


@dataclass(frozen=True)
class HolidayRow:
    date: dt.date
    name: str
    local: Holiday | None  # None: an official day off, not this page's to delete
    estimated: bool


def _year(value: Any) -> int:
    try:
        year = int(str(value))
    except (TypeError, ValueError):
        return jalali.today().year
    return year if jalali.MIN_YEAR <= year <= jalali.MAX_YEAR else jalali.today().year


def _page_url(municipality: Municipality, year: int) -> str:
    return f"{reverse('voice:settings', args=[municipality.slug])}?year={year}"


def _render(
    request: AppRequest,
    municipality: Municipality,
    rights: Rights,
    year: int,
    *,
    settings_form: VoiceSettingsForm | None = None,
    holiday_form: HolidayForm | None = None,
    category_form: CategoryForm | None = None,
    edited: CategoryEditForm | None = None,
    status: int = 200,
) -> HttpResponse:
    voice_settings = VoiceSettings.for_municipality(municipality)
    start = jalali.nowruz(year)
    end = jalali.nowruz(year + 1) - dt.timedelta(days=1)
    official = OfficialCalendar.for_municipality(municipality).days_off(start, end)
    holidays = [
        HolidayRow(day.date, "؛ ".join(day.holiday_titles), None, day.holiday_estimated)
        for day in official.values()
    ] + [
        HolidayRow(holiday.date, holiday.name, holiday, False)
        for holiday in Holiday.objects.filter(
            municipality=municipality, date__gte=start, date__lte=end
        )
    ]
    holidays.sort(key=lambda row: (row.date, row.local is not None))
    categories = []
    for category in Category.objects.filter(municipality=municipality):
        if edited is not None and edited.prefix == f"c{category.pk}":
            form = edited
        else:
            form = CategoryEditForm(
                prefix=f"c{category.pk}",
                initial={
                    "name": category.name,
                    "name_en": category.name_en,
                    "deadline_days": local_digits(category.deadline_days),
                    "is_active": category.is_active,
                    "is_public": category.is_public,
                },
                can_be_public=category.can_be_public,
            )
        categories.append((category, form))
    context = {
        "municipality": municipality,
        "year": year,
        "previous_year": year - 1,
        "next_year": year + 1,
        "this_year": jalali.today().year,
        "can_write": rights.head,
        "voice_settings": voice_settings,
        "settings_form": settings_form
        or VoiceSettingsForm(
            initial={
                "thursday_off": voice_settings.thursday_off,
                "reopen_days": local_digits(voice_settings.reopen_days),
            }
        ),
        "holidays": holidays,
        "networks": municipality.networks.all(),
        "holiday_form": holiday_form or HolidayForm(year=year),
        "categories": categories,
        "category_form": category_form or CategoryForm(),
    }
    return render(request, "voice/settings.html", context, status=status)


@login_required
def settings_page(request: AppRequest, slug: str) -> HttpResponse:
    municipality, rights = get_municipality_for_user(request.user, slug)
    return _render(request, municipality, rights, _year(request.GET.get("year")))


@login_required
@require_POST
def settings_week(request: AppRequest, slug: str) -> HttpResponse:
    municipality, rights = get_municipality_for_user(request.user, slug, head=True)
    year = _year(request.POST.get("year"))
    form = VoiceSettingsForm(request.POST)
    if not form.is_valid():
        return _render(request, municipality, rights, year, settings_form=form, status=400)
    actions.update_voice_settings(
        municipality,
        thursday_off=form.cleaned_data["thursday_off"],
        reopen_days=form.cleaned_data["reopen_days"],
    )
    messages.success(request, _("The office week was saved."))
    return redirect(_page_url(municipality, year))


@login_required
@require_POST
def holiday_add(request: AppRequest, slug: str) -> HttpResponse:
    municipality, rights = get_municipality_for_user(request.user, slug, head=True)
    year = _year(request.POST.get("year"))
    form = HolidayForm(request.POST, year=year)
    if form.is_valid():
        try:
            holiday = actions.add_holiday(
                municipality, form.cleaned_data["date"], form.cleaned_data["name"]
            )
        except actions.DuplicateHolidayError:
            form.add_error(
                "date", _("This day is already a holiday, official or your own; it is not added.")
            )
        else:
            messages.success(
                request,
                _("%(date)s was added as a holiday.") % {"date": jalali.format_date(holiday.date)},
            )
            return redirect(_page_url(municipality, year))
    return _render(request, municipality, rights, year, holiday_form=form, status=400)


@login_required
@require_POST
def holiday_delete(request: AppRequest, slug: str, pk: int) -> HttpResponse:
    holiday, _rights = get_holiday_for_user(request.user, slug, pk, write=True)
    year = jalali.to_jalali(holiday.date)[0]
    actions.delete_holiday(holiday)
    messages.success(
        request,
        _("%(date)s is no longer a local holiday.") % {"date": jalali.format_date(holiday.date)},
    )
    return redirect(_page_url(holiday.municipality, year))  # type: ignore[arg-type]


@login_required
@require_POST
def category_add(request: AppRequest, slug: str) -> HttpResponse:
    municipality, rights = get_municipality_for_user(request.user, slug, head=True)
    year = _year(request.POST.get("year"))
    form = CategoryForm(request.POST)
    if not form.is_valid():
        return _render(request, municipality, rights, year, category_form=form, status=400)
    category = actions.add_category(
        municipality,
        form.cleaned_data["name"],
        form.cleaned_data["deadline_days"],
        name_en=form.cleaned_data["name_en"],
    )
    messages.success(
        request, _("The category “%(name)s” was added.") % {"name": category.display_name}
    )
    return redirect(_page_url(municipality, year))


@login_required
@require_POST
def category_edit(request: AppRequest, slug: str, pk: int) -> HttpResponse:
    category, rights = get_category_for_user(request.user, slug, pk, write=True)
    municipality = category.municipality
    year = _year(request.POST.get("year"))
    form = CategoryEditForm(
        request.POST,
        prefix=f"c{category.pk}",
        initial={"is_public": category.is_public},
        can_be_public=category.can_be_public,
    )
    if not form.is_valid():
        return _render(request, municipality, rights, year, edited=form, status=400)
    actions.update_category(
        category,
        name=form.cleaned_data["name"],
        name_en=form.cleaned_data["name_en"],
        deadline_days=form.cleaned_data["deadline_days"],
        is_active=form.cleaned_data["is_active"],
        is_public=form.cleaned_data["is_public"],
    )
    messages.success(
        request, _("The category “%(name)s” was saved.") % {"name": category.display_name}
    )
    return redirect(_page_url(municipality, year))
