from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ravabet.core.files import serve_file
from ravabet.core.http import AppRequest
from ravabet.lib.forms import save_or_form_error
from ravabet.lib.paging import LookaheadPaginator, other_parameters
from ravabet.network.access import get_network_for_user
from ravabet.network.models import User

from . import actions
from .access import get_attachment_for_user, get_experience_for_user, may_edit
from .forms import CommentForm, ExperienceForm
from .models import Experience, UsefulMark, counts_per_member

PAGE_SIZE = 20


def _user(request: AppRequest) -> User:
    # Every caller is behind login_required.
    return cast(User, request.user)


@login_required
def experience_list(request: AppRequest, slug: str) -> HttpResponse:
    network, rights = get_network_for_user(request.user, slug)
    experiences = (
        Experience.objects.of_network(network)
        .select_related("municipality")
        .with_counts()
        .featured_first()
    )
    # Counted a few pages ahead, not the whole library (ravabet/lib/paging.py).
    asked = request.GET.get("page")
    return render(
        request,
        "experience/list.html",
        {
            "network": network,
            "page": LookaheadPaginator(experiences, PAGE_SIZE, asked=asked).get_page(asked),
            "query": other_parameters(request.GET),
            "members": counts_per_member(network),
            "can_write": rights.propose,
        },
    )


@login_required
def experience_new(request: AppRequest, slug: str) -> HttpResponse:
    network, rights = get_network_for_user(request.user, slug)
    if rights.municipality is None:
        raise PermissionDenied(_("Experiences are written by a member municipality's PR office."))
    form = ExperienceForm(
        request.POST or None, request.FILES or None, municipality=rights.municipality
    )
    if request.method == "POST" and form.is_valid():
        experience = form.save(commit=False)
        experience.network = network
        experience.municipality = rights.municipality
        experience.author = _user(request)
        attachment = form.cleaned_data.get("attachment")
        if save_or_form_error(form, lambda: actions.save_experience(experience, attachment)):
            messages.success(request, _("Your experience was shared with the network."))
            return redirect(experience)
    return render(request, "experience/form.html", {"form": form, "network": network})


@login_required
def experience_edit(request: AppRequest, pk: int) -> HttpResponse:
    experience, _rights = get_experience_for_user(request.user, pk, write=True)
    form = ExperienceForm(
        request.POST or None,
        request.FILES or None,
        instance=experience,
        municipality=experience.municipality,
    )
    if request.method == "POST" and form.is_valid():
        attachment = form.cleaned_data.get("attachment")
        if save_or_form_error(
            form, lambda: actions.save_experience(form.save(commit=False), attachment)
        ):
            messages.success(request, _("The experience was saved."))
            return redirect(experience)
    return render(
        request,
        "experience/form.html",
        {"form": form, "network": experience.network, "experience": experience},
    )


@login_required
def attachment_file(request: AppRequest, pk: int) -> HttpResponse:
    attachment, _rights = get_attachment_for_user(request.user, pk)
    return serve_file(request, attachment.file, public=False, name=attachment.name)


@login_required
def experience_detail(request: AppRequest, pk: int) -> HttpResponse:
    experience, rights = get_experience_for_user(request.user, pk)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.add_comment(experience, _user(request), form.cleaned_data["text"])
        messages.success(request, _("Your comment was added."))
        return redirect(experience)
    return render(
        request,
        "experience/detail.html",
        {
            "experience": experience,
            "form": form,
            "comments": experience.comments.select_related("author"),
            "attachments": experience.attachments.all(),
            "useful_count": experience.marks.count(),
            "marked": UsefulMark.objects.filter(
                experience=experience, user=_user(request)
            ).exists(),
            "can_edit": may_edit(rights, experience),
            "can_feature": rights.write,
        },
    )


@login_required
@require_POST
def experience_useful(request: AppRequest, pk: int) -> HttpResponse:
    experience, _rights = get_experience_for_user(request.user, pk)
    if actions.toggle_useful(experience, _user(request)):
        messages.success(request, _("Marked as useful."))
    return redirect(experience)


@login_required
@require_POST
def experience_feature(request: AppRequest, pk: int) -> HttpResponse:
    experience, rights = get_experience_for_user(request.user, pk)
    if not rights.write:
        raise PermissionDenied(_("Only the secretariat features experiences."))
    actions.set_featured(experience, request.POST.get("featured") == "1")
    messages.success(request, _("Saved."))
    return redirect(experience)
