"""The office's and the secretariat's event pages: list, plan, the event with its
checklist, coverage, press invitations and report, and the checklist templates."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ravabet.core.http import AppRequest
from ravabet.lib.i18n import local_digits
from ravabet.lib.paging import LookaheadPaginator
from ravabet.network.access import Rights, get_municipality_for_user, get_network_for_user
from ravabet.network.models import PR_ROLES, Membership, Municipality, Network, Role, User

from . import actions
from .access import feed_token, get_event_for_user, get_task_for_user
from .checklist import Line, template_for, with_due_dates
from .forms import (
    SCOPE_FOLLOWING,
    CoverageForm,
    EventForm,
    InviteForm,
    NewsLinkForm,
    NewTaskForm,
    PhotoForm,
    ReportForm,
    StatusForm,
    TaskForm,
    TemplateFormSet,
)
from .models import Event, Kind, Status
from .warnings import date_warnings

PER_PAGE = 25


def _user(request: AppRequest) -> User:
    return cast(User, request.user)


def staff_of(place: Municipality | Network) -> list[User]:
    """Who can own a task or cover an event: the PR office, or the secretariat."""
    if isinstance(place, Network):
        rows = Membership.objects.filter(network=place, role=Role.SECRETARIAT)
    else:
        rows = Membership.objects.filter(municipality=place, role__in=list(PR_ROLES))
    return sorted({m.user for m in rows.select_related("user")}, key=lambda u: (str(u), u.pk))


def _new_url(place: Municipality | Network) -> str:
    if isinstance(place, Network):
        return reverse("events:network_event_new", args=[place.slug])
    return reverse("events:event_new", args=[place.slug])


def _list_url(place: Municipality | Network) -> str:
    if isinstance(place, Network):
        return reverse("events:network_list", args=[place.slug])
    return reverse("events:list", args=[place.slug])


def _say(request: AppRequest, clamped: list[actions.Clamped]) -> None:
    for item in clamped:
        messages.warning(request, item.message)


# --- lists ------------------------------------------------------------------------------


def _events_list(
    request: AppRequest, place: Municipality | Network, rights: Rights
) -> HttpResponse:
    today = timezone.localdate()
    past = request.GET.get("past") == "1"
    events = Event.objects.of(place).with_owner()
    events = (
        events.filter(end_date__lt=today).order_by("-start_date", "-pk")
        if past
        else (events.filter(end_date__gte=today).in_order())
    )
    events = events.annotate(
        open_tasks=Count("tasks", filter=Q(tasks__done_at__isnull=True)),
        all_tasks=Count("tasks"),
    )
    page = LookaheadPaginator(events, PER_PAGE, asked=request.GET.get("page")).get_page(
        request.GET.get("page")
    )
    feed = reverse("events:staff_feed", args=[feed_token(_user(request), place)])
    context = {
        "place": place,
        "rights": rights,
        "page": page,
        "past": past,
        "new_url": _new_url(place),
        "staff_feed": request.build_absolute_uri(feed),
        "is_network": isinstance(place, Network),
    }
    return render(request, "events/list.html", context)


@login_required
def municipality_events(request: AppRequest, slug: str) -> HttpResponse:
    municipality, rights = get_municipality_for_user(request.user, slug)
    return _events_list(request, municipality, rights)


@login_required
def network_events(request: AppRequest, slug: str) -> HttpResponse:
    network, rights = get_network_for_user(request.user, slug)
    return _events_list(request, network, rights)


# --- planning ---------------------------------------------------------------------------


def _confirm_key(data: dict[str, Any]) -> str:
    """What "save anyway" agreed to: the warnings of this date and kind, not another's."""
    return f"{data.get('start_date')}:{data.get('end_date')}:{data.get('kind')}"


def _prefill(request: AppRequest) -> tuple[dict[str, Any], list[str]]:
    """``?date=YYYY-MM-DD`` (Gregorian, from the occasions calendar) and ``?occasion=``."""
    initial: dict[str, Any] = {}
    problems = []
    raw = request.GET.get("date", "")
    if raw:
        try:
            initial["start_date"] = dt.date.fromisoformat(raw)
        except ValueError:
            problems.append(_("The date in the link is not a date; choose one below."))
    occasion = request.GET.get("occasion", "").strip()[:200]
    if occasion:
        initial["occasion"] = occasion
        initial["title"] = occasion
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        initial["kind"] = kind
    return initial, problems


def _event_new(request: AppRequest, place: Municipality | Network) -> HttpResponse:
    owner = {"network": place} if isinstance(place, Network) else {"municipality": place}
    warnings: list[str] = []
    if request.method == "POST":
        form = EventForm(request.POST, instance=Event(**owner))
        if form.is_valid():
            data = form.cleaned_data
            warnings = date_warnings(place, data["start_date"], data["kind"], data["end_date"])
            if not warnings or request.POST.get("confirm") == _confirm_key(data):
                event = form.save(commit=False)
                event.set_days(
                    data["start_date"], data["end_date"], data["start_time"], data["end_time"]
                )
                event, clamped = actions.create_event(
                    event, _user(request), repeat=data["repeat"], until=data["until"]
                )
                messages.success(request, _("The event was saved."))
                _say(request, clamped)
                return redirect(event)
        status = 200 if form.is_valid() else 400
    else:
        initial, problems = _prefill(request)
        for problem in problems:
            messages.error(request, problem)
        form = EventForm(initial=initial, instance=Event(**owner))
        if "start_date" in initial:
            warnings = date_warnings(place, initial["start_date"], initial.get("kind", ""))
        status = 200
    return render(
        request,
        "events/event_form.html",
        {
            "form": form,
            "place": place,
            "warnings": warnings,
            "confirm": _confirm_key(form.cleaned_data) if warnings and form.is_bound else "",
        },
        status=status,
    )


@login_required
def event_new(request: AppRequest, slug: str) -> HttpResponse:
    municipality, _rights = get_municipality_for_user(request.user, slug, write=True)
    return _event_new(request, municipality)


@login_required
def network_event_new(request: AppRequest, slug: str) -> HttpResponse:
    network, _rights = get_network_for_user(request.user, slug, write=True)
    return _event_new(request, network)


@login_required
def event_edit(request: AppRequest, pk: int) -> HttpResponse:
    event, _rights = get_event_for_user(request.user, pk, write=True)
    warnings: list[str] = []
    form = EventForm(request.POST or None, instance=event, new=False)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        moved = data["start_date"] != event.start_date
        if moved or "kind" in form.changed_data:
            warnings = date_warnings(
                event.owner, data["start_date"], data["kind"], data["end_date"]
            )
        if not warnings or request.POST.get("confirm") == _confirm_key(data):
            edited = form.save(commit=False)
            clamped = actions.update_event(
                edited,
                start_date=data["start_date"],
                end_date=data["end_date"],
                start_time=data["start_time"],
                end_time=data["end_time"],
            )
            messages.success(request, _("The event was saved."))
            if data.get("scope") == SCOPE_FOLLOWING:
                count = actions.update_following(
                    edited, start_time=data["start_time"], end_time=data["end_time"]
                )
                messages.success(
                    request,
                    ngettext(
                        "One later occurrence was changed too.",
                        "%(n)s later occurrences were changed too.",
                        count,
                    )
                    % {"n": local_digits(count)},
                )
            _say(request, clamped)
            return redirect(event)
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(
        request,
        "events/event_form.html",
        {
            "form": form,
            "place": event.owner,
            "event": event,
            "warnings": warnings,
            "confirm": _confirm_key(form.cleaned_data) if warnings else "",
        },
        status=status,
    )


# --- the event --------------------------------------------------------------------------


def _event_page(
    request: AppRequest, event: Event, rights: Rights, status: int = 200, **forms: Any
) -> HttpResponse:
    place = event.owner
    staff = staff_of(place)
    office = event.calendar_municipality
    tasks = with_due_dates(
        list(event.tasks.select_related("owner", "event__municipality", "event__network__host"))
    )
    today = timezone.localdate()
    context = {
        "event": event,
        "place": place,
        "rights": rights,
        "tasks": tasks,
        "today": today,
        "done_count": sum(t.is_done for t in tasks),
        "coverage": event.coverage.select_related("user"),
        "news": event.news.all(),
        "invitations": event.press_invitations.select_related("journalist__outlet"),
        "warnings": date_warnings(place, event.start_date, event.kind, event.end_date),
        "staff": staff,
        "status_form": forms.get("status_form") or StatusForm(event=event),
        "task_form": forms.get("task_form") or NewTaskForm(staff=staff),
        "coverage_form": forms.get("coverage_form") or CoverageForm(staff=staff),
        "news_form": forms.get("news_form") or NewsLinkForm(municipality_id=office.pk),
        "invite_form": forms.get("invite_form") or InviteForm(municipality_id=office.pk),
        "report_form": forms.get("report_form")
        or ReportForm(
            initial={
                "attendance": event.attendance,
                "report": event.report,
                "photos_link": event.photos_link,
            }
        ),
        "photo_form": forms.get("photo_form") or PhotoForm(),
        "photos": event.photos.all(),
        "can_report": event.status in {Status.HELD, Status.REPORTED},
        "can_invite": event.is_press_conference
        and event.status in {Status.PLANNED, Status.CONFIRMED},
    }
    return render(request, "events/event.html", context, status=status)


@login_required
def event_detail(request: AppRequest, pk: int) -> HttpResponse:
    event, rights = get_event_for_user(request.user, pk)
    return _event_page(request, event, rights)


@login_required
@require_POST
def event_status(request: AppRequest, pk: int) -> HttpResponse:
    event, rights = get_event_for_user(request.user, pk, write=True)
    form = StatusForm(request.POST, event=event)
    if form.is_valid():
        try:
            clamped = actions.change_status(
                event, form.cleaned_data["status"], form.cleaned_data["reason"], _user(request)
            )
        except actions.EventError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The status is now “%(status)s”.") % {"status": event.get_status_display()},
            )
            _say(request, clamped)
            return redirect(event)
    event.refresh_from_db()
    return _event_page(request, event, rights, status=400, status_form=form)


@login_required
@require_POST
def task_add(request: AppRequest, pk: int) -> HttpResponse:
    event, rights = get_event_for_user(request.user, pk, write=True)
    form = NewTaskForm(request.POST, staff=staff_of(event.owner))
    if not form.is_valid():
        return _event_page(request, event, rights, status=400, task_form=form)
    data = form.cleaned_data
    _say(request, actions.add_task(event, data["title"], data["offset"], data["owner"]))
    messages.success(request, _("The task was added."))
    return redirect(event)


@login_required
@require_POST
def task_done(request: AppRequest, pk: int) -> HttpResponse:
    task, _rights = get_task_for_user(request.user, pk, write=True)
    actions.set_task_done(task, request.POST.get("done") == "1", _user(request))
    return redirect(task.event)


@login_required
@require_POST
def task_edit(request: AppRequest, pk: int) -> HttpResponse:
    task, rights = get_task_for_user(request.user, pk, write=True)
    form = TaskForm(request.POST, staff=staff_of(task.event.owner))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{task.title}: {error}")
        return _event_page(request, task.event, rights, status=400)
    actions.update_task(task, owner=form.cleaned_data["owner"], due=form.cleaned_data["due"])
    messages.success(request, _("The task was saved."))
    return redirect(task.event)


@login_required
@require_POST
def coverage_add(request: AppRequest, pk: int) -> HttpResponse:
    event, rights = get_event_for_user(request.user, pk, write=True)
    form = CoverageForm(request.POST, staff=staff_of(event.owner))
    if not form.is_valid():
        return _event_page(request, event, rights, status=400, coverage_form=form)
    actions.assign_coverage(event, form.cleaned_data["role"], form.cleaned_data["user"])
    messages.success(request, _("Coverage assigned."))
    return redirect(event)


@login_required
@require_POST
def news_link(request: AppRequest, pk: int) -> HttpResponse:
    event, rights = get_event_for_user(request.user, pk, write=True)
    form = NewsLinkForm(request.POST, municipality_id=event.calendar_municipality.pk)
    if not form.is_valid():
        return _event_page(request, event, rights, status=400, news_form=form)
    actions.link_news(event, form.cleaned_data["item"])
    messages.success(request, _("The news item was linked."))
    return redirect(event)


@login_required
@require_POST
def invite(request: AppRequest, pk: int) -> HttpResponse:
    event, rights = get_event_for_user(request.user, pk, write=True)
    form = InviteForm(request.POST, municipality_id=event.calendar_municipality.pk)
    if form.is_valid():
        try:
            made = actions.invite_journalists(
                event, form.cleaned_data["journalists"], request.build_absolute_uri("/")
            )
        except actions.EventError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("%(count)s invitations are on their way.") % {"count": len(made)}
            )
            return redirect(event)
    return _event_page(request, event, rights, status=400, invite_form=form)


@login_required
@require_POST
def report(request: AppRequest, pk: int) -> HttpResponse:
    event, rights = get_event_for_user(request.user, pk, write=True)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            actions.record_report(event, by=_user(request), **form.cleaned_data)
        except actions.EventError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The report was saved."))
            return redirect(event)
    return _event_page(request, event, rights, status=400, report_form=form)


@login_required
@require_POST
def photo_add(request: AppRequest, pk: int) -> HttpResponse:
    event, rights = get_event_for_user(request.user, pk, write=True)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_report_photo(
                event, form.cleaned_data["image"], form.cleaned_data["caption"], _user(request)
            )
        except actions.EventError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The photo was added to the report."))
            return redirect(event.get_absolute_url() + "#report")
    return _event_page(request, event, rights, status=400, photo_form=form)


# --- checklist templates ------------------------------------------------------------------


def _checklists(request: AppRequest, place: Municipality | Network, rights: Rights) -> HttpResponse:
    kind = request.GET.get("kind") or request.POST.get("kind") or Kind.PRESS_CONFERENCE
    if kind not in Kind.values:
        kind = Kind.PRESS_CONFERENCE
    owner = Event(
        municipality=None if isinstance(place, Network) else place,
        network=place if isinstance(place, Network) else None,
    )
    lines = template_for(owner, kind)
    initial = [{"title": str(li.title), "offset": li.offset, "role": li.role} for li in lines]
    if request.method == "POST":
        formset = TemplateFormSet(request.POST, prefix="line")
    else:
        formset = TemplateFormSet(initial=initial, prefix="line")
    if request.method == "POST" and formset.is_valid():
        kept = [
            Line(f.cleaned_data["title"], f.cleaned_data["offset"], f.cleaned_data["role"])
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        kept.sort(key=lambda li: li.offset)
        actions.save_template(place, kind, kept)
        messages.success(request, _("The checklist was saved; events planned from now on use it."))
        return redirect(f"{request.path}?kind={kind}")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "events/checklists.html",
        {
            "place": place,
            "formset": formset,
            "kind": kind,
            "kinds": Kind.choices,
            "list_url": _list_url(place),
        },
        status=status,
    )


@login_required
def checklists(request: AppRequest, slug: str) -> HttpResponse:
    municipality, rights = get_municipality_for_user(request.user, slug, head=True)
    return _checklists(request, municipality, rights)


@login_required
def network_checklists(request: AppRequest, slug: str) -> HttpResponse:
    network, rights = get_network_for_user(request.user, slug, write=True)
    return _checklists(request, network, rights)
