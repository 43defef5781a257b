"""A person's notifications: the list, following one (which marks it read), marking read,
and the choice of email per kind."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template import Context
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ravabet.core.http import AppRequest
from ravabet.network.models import User

from . import actions
from .access import get_notification_for_user
from .forms import PreferencesForm
from .models import Notification
from .templatetags.notifications import notification_bell

PAGE_SIZE = 25


def _user(request: AppRequest) -> User:
    return cast(User, request.user)  # every caller is behind login_required


def _list_context(request: AppRequest) -> dict[str, object]:
    unread_only = request.GET.get("unread") == "1"
    rows = Notification.objects.for_user(request.user).for_display()
    if unread_only:
        rows = rows.unread()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return {"page": page, "unread_only": unread_only}


def _with_bell(request: AppRequest, response: HttpResponse) -> HttpResponse:
    """An htmx answer that also swaps the header's bell (out of band) to the new count."""
    bell = notification_bell(Context({"user": request.user})) | {"oob": True}
    response.content += render_to_string("notifications/_bell.html", bell, request).encode()
    return response


@login_required
def notification_list(request: AppRequest) -> HttpResponse:
    template = "notifications/list.html#items" if request.htmx else "notifications/list.html"
    return render(request, template, _list_context(request))


@login_required
def notification_open(request: AppRequest, pk: int) -> HttpResponse:
    """Follow a notification to its thing; it is read from then on."""
    notification = get_notification_for_user(request.user, pk)
    actions.mark_read(notification)
    url = notification.url
    if not url:
        messages.info(request, _("What this notification was about is no longer there."))
        return redirect("notifications:list")
    return redirect(url)


@login_required
@require_POST
def notification_read(request: AppRequest, pk: int) -> HttpResponse:
    notification = get_notification_for_user(request.user, pk)
    actions.mark_read(notification)
    if request.htmx:
        return _with_bell(
            request, render(request, "notifications/list.html#item", {"notification": notification})
        )
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request: AppRequest) -> HttpResponse:
    count = actions.mark_all_read(_user(request))
    if request.htmx:
        return _with_bell(
            request, render(request, "notifications/list.html#items", _list_context(request))
        )
    if count:
        messages.success(request, _("Everything is marked as read."))
    return redirect("notifications:list")


@login_required
def preferences(request: AppRequest) -> HttpResponse:
    user = _user(request)
    current = actions.delivery_of(user)
    initial: dict[str, str] = {f"kind_{k}": d for k, d in current.items()}
    initial["language"] = actions.email_language(user.pk) or translation.get_language() or "fa"
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.save_preferences(user, form.deliveries(), form.cleaned_data["language"])
        messages.success(request, _("Your choices were saved."))
        return redirect("notifications:preferences")
    status = 400 if form.is_bound else 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)
