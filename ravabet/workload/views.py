"""The work log's pages: a person's months, the office's status and evidence packs, the
survey, and the network's aggregate for the secretariat and the observer."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ravabet.core.http import AppRequest
from ravabet.lib.i18n import local_digits
from ravabet.network.access import get_network_for_user
from ravabet.network.models import PR_ROLES, Membership, Municipality, User

from . import actions, pdf, reports, sources, survey, thresholds
from .access import (
    get_entry_for_user,
    get_month_for_user,
    get_office_for_user,
    get_pack_for_user,
)
from .forms import EntryForm, OpenMonthForm, PackForm, PeriodForm, SurveyForm, default_period
from .measures import overlaps
from .models import Entry, Pack, SurveyTaken, WorkMonth


def _user(request: AppRequest) -> User:
    return cast(User, request.user)


def pr_people(municipality: Municipality) -> list[User]:
    rows = Membership.objects.filter(municipality=municipality, role__in=list(PR_ROLES))
    return sorted({m.user for m in rows.select_related("user")}, key=lambda u: (str(u), u.pk))


def _common(municipality: Municipality) -> dict[str, Any]:
    return {
        "municipality": municipality,
        "thresholds": thresholds,
        "min_group": thresholds.MIN_GROUP,
    }


# --- the office's page ------------------------------------------------------------------


@login_required
def office(request: AppRequest, slug: str) -> HttpResponse:
    municipality, rights = get_office_for_user(request.user, slug)
    user = _user(request)
    mine = WorkMonth.objects.filter(person=user, municipality=municipality)
    context = {
        **_common(municipality),
        "rights": rights,
        "months": mine.order_by("-year", "-month")[:12],
        "open_form": OpenMonthForm(),
        "answered": SurveyTaken.objects.filter(
            person=user,
            municipality=municipality,
            year=actions.this_month()[0],
            month=actions.this_month()[1],
        ).exists(),
    }
    if rights.head:
        context["office_months"] = (
            WorkMonth.objects.of_office(municipality)
            .select_related("person")
            .order_by("-year", "-month", "person__last_name", "pk")[:60]
        )
        context["packs"] = Pack.objects.of_office(municipality).select_related("person")[:20]
    return render(request, "workload/office.html", context)


@login_required
@require_POST
def open_month(request: AppRequest, slug: str) -> HttpResponse:
    municipality, _rights = get_office_for_user(request.user, slug)
    form = OpenMonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the months listed."))
        return redirect("workload:office", slug)
    year, month = form.cleaned_data["month"]
    try:
        work_month = actions.open_month(_user(request), municipality, year, month)
    except actions.WorkloadError as error:
        messages.error(request, error.message)
        return redirect("workload:office", slug)
    return redirect(work_month)


# --- a person's month -------------------------------------------------------------------


def _month_context(month: WorkMonth, rights: Any, form: EntryForm | None = None) -> dict[str, Any]:
    entries = list(month.entries.in_order())
    counted = [e for e in entries if not e.dismissed]
    return {
        **_common(month.municipality),
        "month": month,
        "rights": rights,
        "entries": entries,
        "measures": reports.month_measures(month, entries),
        "overlaps": overlaps(counted),
        "form": form or EntryForm(),
        "can_change": rights.own and not month.confirmed,
        "assumed": {
            "news": sources.NEWS_MINUTES,
            "voice": sources.VOICE_MINUTES,
            "press": sources.PRESS_MINUTES,
        },
    }


@login_required
def month(request: AppRequest, pk: int) -> HttpResponse:
    work_month, rights = get_month_for_user(request.user, pk)
    return render(request, "workload/month.html", _month_context(work_month, rights))


@login_required
@require_POST
def draft(request: AppRequest, pk: int) -> HttpResponse:
    work_month, _rights = get_month_for_user(request.user, pk, write=True)
    try:
        done = actions.draft_month(work_month)
    except actions.WorkloadError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "Drafted from Ravabet's records: %(added)s new, %(updated)s brought up to date, "
                "%(kept)s left as you corrected them."
            )
            % {
                "added": local_digits(done.added),
                "updated": local_digits(done.updated),
                "kept": local_digits(done.kept),
            },
        )
        if done.future:
            messages.info(
                request,
                _("%(n)s records are of work still to come; draft again once it is done.")
                % {"n": local_digits(done.future)},
            )
    return redirect(work_month)


@login_required
@require_POST
def confirm(request: AppRequest, pk: int) -> HttpResponse:
    work_month, _rights = get_month_for_user(request.user, pk, write=True)
    try:
        actions.confirm_month(work_month)
    except actions.WorkloadError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("You confirmed your work log of %(month)s.") % {"month": work_month.label}
        )
    return redirect(work_month)


def _save_entry(request: AppRequest, work_month: WorkMonth, form: EntryForm) -> bool:
    if not form.is_valid():
        return False
    try:
        actions.save_entry(work_month, form.instance)
    except actions.WorkloadError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return False
    return True


@login_required
def entry_new(request: AppRequest, pk: int) -> HttpResponse:
    work_month, rights = get_month_for_user(request.user, pk, write=True)
    form = EntryForm(request.POST or None, instance=Entry(month=work_month))
    if request.method == "POST":
        if _save_entry(request, work_month, form):
            messages.success(request, _("The entry was added to your log."))
            return redirect(work_month)
        status = 400
    else:
        status = 200
    return render(
        request, "workload/month.html", _month_context(work_month, rights, form), status=status
    )


@login_required
def entry_edit(request: AppRequest, pk: int) -> HttpResponse:
    entry, rights = get_entry_for_user(request.user, pk, write=request.method == "POST")
    form = EntryForm(request.POST or None, instance=entry)
    if request.method == "POST":
        if _save_entry(request, entry.month, form):
            messages.success(request, _("The entry was saved."))
            return redirect(entry.month)
        status = 400
    else:
        status = 200
    context = {
        **_common(entry.month.municipality),
        "entry": entry,
        "form": form,
        "rights": rights,
        "can_change": rights.own and not entry.month.confirmed,
    }
    return render(request, "workload/entry.html", context, status=status)


@login_required
@require_POST
def entry_dismiss(request: AppRequest, pk: int) -> HttpResponse:
    entry, _rights = get_entry_for_user(request.user, pk, write=True)
    try:
        if request.POST.get("restore") == "1":
            actions.restore_entry(entry)
        else:
            actions.dismiss_entry(entry)
    except actions.WorkloadError as error:
        messages.error(request, error.message)
    return redirect(entry.month)


# --- the office's report and evidence packs ---------------------------------------------


def _period(request: AppRequest) -> tuple[PeriodForm, dt.date, dt.date]:
    start, end = default_period()
    form = PeriodForm(request.GET if "start" in request.GET else None)
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    elif not form.is_bound:
        form = PeriodForm(initial={"start": start, "end": end})
    return form, start, end


@login_required
def office_report(request: AppRequest, slug: str) -> HttpResponse:
    municipality, _rights = get_office_for_user(request.user, slug, head=True)
    form, start, end = _period(request)
    people = pr_people(municipality)
    context = {
        **_common(municipality),
        "period_form": form,
        "report": reports.office_report(municipality, start, end),
        "pack_form": PackForm(people=people, initial={"start": start, "end": end}),
    }
    return render(request, "workload/report.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def pack_new(request: AppRequest, slug: str) -> HttpResponse:
    municipality, _rights = get_office_for_user(request.user, slug, head=True)
    people = pr_people(municipality)
    form = PackForm(request.POST, people=people, instance=Pack(municipality=municipality))
    if form.is_valid():
        try:
            pack = actions.create_pack(form.instance, _user(request))
        except actions.WorkloadError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect(pack)
    _f, start, end = _period(request)
    context = {
        **_common(municipality),
        "period_form": PeriodForm(initial={"start": start, "end": end}),
        "report": reports.office_report(municipality, start, end),
        "pack_form": form,
    }
    return render(request, "workload/report.html", context, status=400)


def _pack_context(pack: Pack) -> dict[str, Any]:
    report = reports.office_report(
        pack.municipality, pack.start, pack.end, person=pack.person, confirmed_by=pack.confirmed_at
    )
    return {**_common(pack.municipality), "pack": pack, "report": report, "survey": survey}


@login_required
def pack(request: AppRequest, pk: int) -> HttpResponse:
    the_pack, rights = get_pack_for_user(request.user, pk)
    return render(request, "workload/pack.html", {**_pack_context(the_pack), "rights": rights})


@login_required
@require_POST
def pack_confirm(request: AppRequest, pk: int) -> HttpResponse:
    the_pack, _rights = get_pack_for_user(request.user, pk, head=True)
    try:
        actions.confirm_pack(the_pack, _user(request))
    except actions.WorkloadError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You confirmed the evidence pack."))
    return redirect(the_pack)


@login_required
def pack_pdf(request: AppRequest, pk: int) -> HttpResponse:
    the_pack, _rights = get_pack_for_user(request.user, pk)
    body = pdf.render_pdf("workload/pack_pdf.html", _pack_context(the_pack))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="workload-{the_pack.pk}.pdf"'
    return response


# --- the survey -------------------------------------------------------------------------


@login_required
def survey_form(request: AppRequest, slug: str) -> HttpResponse:
    municipality, _rights = get_office_for_user(request.user, slug)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_survey(_user(request), municipality, form.answers)
        except actions.WorkloadError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Thank you. Your answers were stored without your name."))
        return redirect("workload:office", slug)
    context = {**_common(municipality), "form": form, "survey": survey}
    return render(request, "workload/survey.html", context, status=400 if form.errors else 200)


# --- the network ------------------------------------------------------------------------


@login_required
def network(request: AppRequest, slug: str) -> HttpResponse:
    the_network, _rights = get_network_for_user(request.user, slug)
    form, start, end = _period(request)
    context = {
        "network": the_network,
        "period_form": form,
        "report": reports.network_report(the_network, start, end),
        "min_group": thresholds.MIN_GROUP,
        "thresholds": thresholds,
    }
    return render(request, "workload/network.html", context, status=400 if form.errors else 200)


@login_required
def network_pdf(request: AppRequest, slug: str) -> HttpResponse:
    the_network, _rights = get_network_for_user(request.user, slug)
    _form, start, end = _period(request)
    context = {
        "network": the_network,
        "report": reports.network_report(the_network, start, end),
        "min_group": thresholds.MIN_GROUP,
        "thresholds": thresholds,
        "printed_at": timezone.now(),
    }
    body = pdf.render_pdf("workload/network_pdf.html", context)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="workload-{the_network.slug}.pdf"'
    return response
