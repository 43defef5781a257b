from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ravabet.core.http import AppRequest, personal_data
from ravabet.lib import jalali
from ravabet.network.access import (
    get_department_for_user,
    get_municipality_for_user,
    get_network_for_user,
    memberships_of,
)
from ravabet.network.actions import save_department
from ravabet.network.forms import DepartmentForm
from ravabet.network.models import Membership, Role

from . import panels


@login_required
def home(request: AppRequest) -> HttpResponse:
    memberships = memberships_of(request.user).rows
    places = {(m.municipality or m.network).get_office_url() for m in memberships}  # type: ignore[union-attr]
    if len(places) == 1:
        return redirect(places.pop())
    return render(request, "office/home.html", {"memberships": memberships})


def _team(place_filter: dict[str, object]) -> list[Membership]:
    return list(
        Membership.objects.filter(**place_filter)
        .select_related("user")
        .order_by("role", "user__last_name")
    )


@personal_data
@login_required
def municipality_dashboard(request: AppRequest, slug: str) -> HttpResponse:
    municipality, rights = get_municipality_for_user(request.user, slug)
    return render(
        request,
        "office/municipality.html",
        {
            "municipality": municipality,
            "roles": rights.role_labels,
            "can_write": rights.write,
            "team": _team({"municipality": municipality}),
            "departments": municipality.departments.all(),
            "cards": panels.cards(request.user, municipality),
            "today": timezone.now(),
            "quarter": jalali.JalaliQuarter.of(timezone.localdate()),
        },
    )


@login_required
def department_list(request: AppRequest, slug: str) -> HttpResponse:
    write = request.method == "POST"
    municipality, rights = get_municipality_for_user(request.user, slug, write=write)
    form = DepartmentForm(request.POST or None, municipality=municipality)
    if write and form.is_valid():
        department = save_department(form.save(commit=False))
        messages.success(request, _("Department “%(name)s” was added.") % {"name": department})
        if not request.htmx:
            return redirect("office:departments", slug=municipality.slug)
        form = DepartmentForm(municipality=municipality)
    context = {
        "municipality": municipality,
        "departments": municipality.departments.all(),
        "form": form,
        "can_write": rights.write,
    }
    template = "office/departments.html"
    if request.htmx:
        template += "#department-section"
    return render(request, template, context)


@login_required
def department_edit(request: AppRequest, pk: int) -> HttpResponse:
    write = request.method == "POST"
    department, _rights = get_department_for_user(request.user, pk, write=write)
    form = DepartmentForm(
        request.POST or None, instance=department, municipality=department.municipality
    )
    if write and form.is_valid():
        save_department(form.save(commit=False))
        messages.success(request, _("Department “%(name)s” was saved.") % {"name": department})
        return redirect("office:departments", slug=department.municipality.slug)
    return render(request, "office/department_edit.html", {"department": department, "form": form})


@personal_data
@login_required
def network_dashboard(request: AppRequest, slug: str) -> HttpResponse:
    network, rights = get_network_for_user(request.user, slug)
    members = network.members.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(role=Role.PR_HEAD).select_related("user"),
            to_attr="pr_heads",
        )
    )
    return render(
        request,
        "office/network.html",
        {
            "network": network,
            "members": members,
            "roles": rights.role_labels,
            "team": _team({"network": network}),
            "cards": panels.cards(request.user, network),
            "today": timezone.now(),
            "quarter": jalali.JalaliQuarter.of(timezone.localdate()),
        },
    )
