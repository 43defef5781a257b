"""The citizen's pages: the contact form per municipality and the tracking page."""

from __future__ import annotations

from django.contrib import messages
from django.db import OperationalError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ravabet.core.http import AppRequest, personal_data
from ravabet.lib.bidi import ltr_text
from ravabet.network.models import Municipality

from . import throttle
from .actions import Submission, rate_message, reopen_message, submit_message
from .forms import ContactForm, RatingForm, TrackForm
from .models import Channel, Message, VoiceSettings


@personal_data
def contact(request: AppRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    form = ContactForm(request.POST or None, request.FILES or None, municipality=municipality)
    status = 200
    if request.method == "POST":
        try:
            return _receive(request, municipality, form)
        except _Rejected as rejected:
            status = rejected.status
        except OperationalError:
            # The database is overloaded (SQLite's lock wait ran out): nothing was saved,
            # and sending the same form again is safe thanks to its one-time token.
            form.add_error(
                None,
                _(
                    "The system is busy right now and your message was not saved. "
                    "Please press Send again in a moment."
                ),
            )
            status = 503
    return render(
        request,
        "voice/contact.html",
        {"municipality": municipality, "form": form, "track_form": TrackForm()},
        status=status,
    )


class _Rejected(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _receive(request: AppRequest, municipality: Municipality, form: ContactForm) -> HttpResponse:
    """Save the citizen's message once, or raise _Rejected with the form's errors set."""
    ip = throttle.client_ip(request)
    retried = Message.objects.filter(
        form_token=request.POST.get("form_token", "") or None, municipality=municipality
    ).first()
    if retried:
        return _sent(request, retried)
    if not form.is_valid():
        raise _Rejected(400)
    data = form.cleaned_data
    if throttle.is_limited("ip", ip) or throttle.is_limited("mobile", data["mobile"]):
        form.add_error(
            None,
            _(
                "Too many messages were sent from here or for this number in a short "
                "time. Please wait a while and try again, or call the municipality."
            ),
        )
        raise _Rejected(429)
    message, created = submit_message(
        municipality,
        Submission(
            kind=data["kind"],
            category=data["category"],
            text=data["text"],
            channel=Channel.WEB,
            name=data["name"],
            mobile=data["mobile"],
            national_code=data["national_code"],
            address=data["address"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            share_location=data["share_location"],
            consent=True,
            form_token=data["form_token"],
            ip=ip,
        ),
        photos=data["photos"],
    )
    if created:
        try:
            throttle.hit("ip", ip)
            throttle.hit("mobile", data["mobile"])
        except OperationalError:
            pass  # the message is saved; a missed count must not turn that into an error
    return _sent(request, message)


def _sent(request: AppRequest, message: Message) -> HttpResponse:
    messages.success(
        request,
        _("Your message was received. Your tracking code is %(code)s; keep it to follow up.")
        % {"code": ltr_text(message.display_code)},
    )
    return redirect(message.get_tracking_url())


def track(request: AppRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    if form.is_bound and form.is_valid():
        ip = throttle.client_ip(request)
        if throttle.is_limited("track", ip):
            form.add_error("code", _("Too many lookups from here; please wait a few minutes."))
        else:
            throttle.hit("track", ip)
            if Message.objects.filter(code=form.cleaned_data["code"]).exists():
                return redirect("voice:track-message", code=form.cleaned_data["code"])
            form.add_error("code", _("No message has this tracking code. Check the digits."))
    return render(request, "voice/track.html", {"form": form}, status=200)


def _tracked(code: str) -> Message:
    return get_object_or_404(Message.objects.with_related(), code=code)


@personal_data
def track_message(request: AppRequest, code: str) -> HttpResponse:
    message = _tracked(code)
    reopen_days = VoiceSettings.for_municipality(message.municipality).reopen_days
    return render(
        request,
        "voice/track_message.html",
        {
            "message": message,
            "municipality": message.municipality,
            "replies": message.replies.all(),
            "rating": getattr(message, "rating", None),
            "rating_form": RatingForm(),
            "can_reopen": message.can_reopen(reopen_days),
            "reopen_days": reopen_days,
        },
    )


@require_POST
def rate(request: AppRequest, code: str) -> HttpResponse:
    message = _tracked(code)
    form = RatingForm(request.POST)
    if not message.can_rate:
        messages.error(request, _("You can rate a message once it has been answered."))
    elif form.is_valid():
        rate_message(message, form.cleaned_data["score"], form.cleaned_data["comment"])
        messages.success(request, _("Thank you; your rating was recorded."))
    else:
        messages.error(request, _("Choose a score from 1 to 5."))
    return redirect(message.get_tracking_url())


@require_POST
def reopen(request: AppRequest, code: str) -> HttpResponse:
    message = _tracked(code)
    try:
        reopen_message(message)
    except ValueError:
        messages.error(request, _("This message can no longer be reopened; send a new one."))
    else:
        messages.success(request, _("Your message was reopened; the office will look at it again."))
    return redirect(message.get_tracking_url())
