"""The citizen's pages: the contact form per municipality and the tracking page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import OperationalError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ravabet.core.addresses import client_ip
from ravabet.core.http import AppRequest, personal_data
from ravabet.lib.bidi import ltr_text
from ravabet.network.models import Municipality

from . import throttle
from .actions import OverLimit, Submission, rate_message, reopen_message, submit_message
from .forms import ContactForm, PinForm, RatingForm, ReopenForm, TrackForm, new_form_token
from .maps import map_settings
from .models import Category, Channel, Message, VoiceSettings


@personal_data
def contact(request: AppRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    if request.method != "POST":
        # The empty form, whose fields are drawn once (_blank_fields): no form object.
        return _contact_page(request, municipality, None, 200)
    form = ContactForm(request.POST, request.FILES or None, municipality=municipality)
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
    return _contact_page(request, municipality, form, status)


def _contact_page(
    request: AppRequest, municipality: Municipality, form: ContactForm | None, status: int
) -> HttpResponse:
    return render(
        request,
        "voice/contact.html",
        {
            "municipality": municipality,
            "form": form,
            "form_token": new_form_token(),
            "blank_fields": "" if form else _blank_fields(municipality),
            "track_form": TrackForm(),
            "map": map_settings(),
        },
        status=status,
    )


# The empty form's fields as HTML, by language and the municipality's subjects: they are
# the same for every visitor, and drawing their widgets was most of the page's time. The
# per-visitor tokens (the form's and CSRF's) are outside them, drawn fresh each time.
_BLANK_FIELDS: dict[tuple[object, ...], str] = {}
_BLANK_FIELDS_KEPT = 200


def _blank_fields(municipality: Municipality) -> str:
    categories = list(Category.objects.filter(municipality=municipality, is_active=True))
    # Every subject's id and the names shown, read now: an office's edit of its subjects
    # is a new key at once, in every process.
    key = (get_language(), municipality.pk, tuple((c.pk, str(c)) for c in categories))
    html = _BLANK_FIELDS.get(key)
    if html is None:
        form = ContactForm(municipality=municipality)
        html = render_to_string("voice/contact.html#fields", {"form": form, "map": map_settings()})
        if len(_BLANK_FIELDS) >= _BLANK_FIELDS_KEPT:
            _BLANK_FIELDS.clear()
        _BLANK_FIELDS[key] = html
    return mark_safe(html)  # noqa: S308  (our own template's output)


class _Rejected(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _receive(request: AppRequest, municipality: Municipality, form: ContactForm) -> HttpResponse:
    """Save the citizen's message once, or raise _Rejected with the form's errors set."""
    ip = client_ip(request)
    retried = Message.objects.filter(
        form_token=request.POST.get("form_token", "") or None, municipality=municipality
    ).first()
    if retried:
        return _sent(request, retried)
    if not form.is_valid():
        raise _Rejected(400)
    data = form.cleaned_data
    limits = [("ip", ip), ("mobile", data["mobile"])]
    # A read first, so that a sender over the limit costs no more than it; the count
    # that holds is taken with the message (submit_message).
    if throttle.any_limited(limits):
        raise _over_limit(form)
    try:
        message, _created = _submit(municipality, data, ip, limits)
    except OverLimit:
        raise _over_limit(form) from None
    return _sent(request, message)


def _over_limit(form: ContactForm) -> _Rejected:
    form.add_error(
        None,
        _(
            "Too many messages were sent from here or for this number in a short "
            "time. Please wait a while and try again, or call the municipality."
        ),
    )
    return _Rejected(429)


def _submit(
    municipality: Municipality, data: dict[str, Any], ip: str, limits: list[tuple[str, str]]
) -> tuple[Message, bool]:
    return submit_message(
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
            email=data["email"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            share_location=data["share_location"],
            consent=True,
            public_consent=data["public_consent"],
            form_token=data["form_token"],
            ip=ip,
        ),
        photos=data["photos"],
        counted=limits,
    )


# Session key: the messages this browser proved it may act on (by sending them or typing
# their PIN).
PROVEN = "voice_proven"
MAX_PROVEN = 20
# The PIN of a message just sent travels to its tracking page, once, in a cookie signed for
# that message's code, kept by this browser only, never sent to another page (its path is
# the tracking page's), unreadable to scripts and deleted once shown. Not the session: the
# submission's answer must not hang on a second write after the message's commit (under
# load SQLite may refuse it, and the citizen would be told the message failed although it
# was stored); and not the redirect's URL, which proxies and the browser's history keep.
NEW_PIN_COOKIE = "voice_new_pin"
NEW_PIN_SECONDS = 600


def _proof(message: Message) -> str:
    # Part of the PIN's hash: a new PIN from the office also ends every session the old
    # one opened.
    return f"{message.pk}:{message.pin_hash[:16]}"


def _remember(request: AppRequest, message: Message) -> None:
    proof = _proof(message)
    proven = [p for p in request.session.get(PROVEN, []) if p != proof]
    request.session[PROVEN] = [*proven, proof][-MAX_PROVEN:]


def _is_proven(request: AppRequest, message: Message) -> bool:
    return message.has_pin and _proof(message) in request.session.get(PROVEN, [])


def _sent(request: AppRequest, message: Message) -> HttpResponse:
    messages.success(
        request,
        _("Your message was received. Your tracking code is %(code)s; keep it to follow up.")
        % {"code": ltr_text(message.display_code)},
    )
    response = redirect(message.get_tracking_url())
    if message.new_pin:
        # A retried POST has no PIN to give: the first answer carried it.
        response.set_signed_cookie(
            NEW_PIN_COOKIE,
            message.new_pin,
            salt=message.code,
            max_age=NEW_PIN_SECONDS,
            path=message.get_tracking_url(),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


def _take_new_pin(request: AppRequest, message: Message) -> bool:
    """Put the PIN the citizen's browser brought from the form on ``message``, if it is
    still the message's; the browser that sent it is proven from now on."""
    pin = request.get_signed_cookie(
        NEW_PIN_COOKIE, default="", salt=message.code, max_age=NEW_PIN_SECONDS
    )
    if not pin:
        return False
    if message.check_pin(pin):
        message.new_pin = pin
        _remember(request, message)
    return True


class _TooManyGuesses(Exception):
    pass


def _refuses_guessers(view):  # type: ignore[no-untyped-def]
    """Answer 429 with the reason once an address (or a message's PIN) was guessed at."""

    def wrapped(request: AppRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)  # type: ignore[no-any-return]
        except _TooManyGuesses:
            context = {"form": TrackForm(), "refusal": TOO_MANY}
            return render(request, "voice/track.html", context, status=429)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


TOO_MANY = gettext_lazy(
    "Too many wrong tracking codes or PINs were tried from here, or for this message. "
    "Please wait a while and try again, or call the municipality."
)


def track(request: AppRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    if form.is_bound and form.is_valid():
        ip = client_ip(request)
        if throttle.is_limited("track", ip):
            form.add_error("code", _("Too many lookups from here; please wait a few minutes."))
        elif Message.objects.filter(code=form.cleaned_data["code"]).exists():
            return redirect("voice:track-message", code=form.cleaned_data["code"])
        else:
            # Only wrong codes count: a citizen may look up their own as often as they like.
            throttle.hit("track", ip)
            form.add_error("code", _("No message has this tracking code. Check the digits."))
    return render(request, "voice/track.html", {"form": form}, status=200)


def _tracked(request: AppRequest, code: str) -> Message:
    """The message of a tracking code; a wrong code counts against the address, as on /track/."""
    ip = client_ip(request)
    if throttle.is_limited("track", ip):
        raise _TooManyGuesses
    message = Message.objects.with_related().filter(code=code).first()
    if message is None:
        throttle.hit("track", ip)
        raise Http404(_("No message has this tracking code."))
    return message


def _prove(request: AppRequest, message: Message, pin: str) -> bool:
    """Whether `pin` is the message's; wrong ones count per address and per message."""
    ip = client_ip(request)
    if throttle.is_limited("pin", ip) or throttle.is_limited("pin-message", message.code):
        raise _TooManyGuesses
    if message.check_pin(pin):
        _remember(request, message)
        return True
    throttle.hit("pin", ip)
    throttle.hit("pin-message", message.code)
    return False


def _has_proof(request: AppRequest, message: Message) -> bool:
    """This browser proved the PIN before, or the POST carries it (a client without cookies)."""
    if _is_proven(request, message):
        return True
    pin = request.POST.get("pin", "")
    return bool(pin) and _prove(request, message, pin)


@personal_data
@_refuses_guessers
def track_message(request: AppRequest, code: str) -> HttpResponse:
    """The code alone shows the status; the PIN also shows the text and the answers and
    lets its holder rate and reopen (the code is printed, read aloud and was published)."""
    return _track_page(request, _tracked(request, code))


def _track_page(
    request: AppRequest, message: Message, reopen_form: ReopenForm | None = None
) -> HttpResponse:
    pin_form = PinForm(request.POST if reopen_form is None else None)
    status = 400 if reopen_form is not None else 200
    if request.method == "POST" and reopen_form is None:
        if pin_form.is_valid():
            if _prove(request, message, pin_form.cleaned_data["pin"]):
                return redirect(message.get_tracking_url())
            pin_form.add_error("pin", _("This PIN does not match the tracking code."))
        status = 400
    brought_pin = request.method == "GET" and _take_new_pin(request, message)
    proven = _is_proven(request, message)
    reopen_days = VoiceSettings.for_municipality(message.municipality).reopen_days
    response = render(
        request,
        "voice/track_message.html",
        {
            "message": message,
            "municipality": message.municipality,
            "proven": proven,
            "pin_form": pin_form,
            "replies": message.replies.all() if proven else [],
            "rating": getattr(message, "rating", None),
            "rating_form": RatingForm(),
            "reopen_form": reopen_form or ReopenForm(),
            "can_reopen": proven and message.can_reopen(reopen_days),
            "reopen_days": reopen_days,
        },
        status=status,
    )
    if brought_pin:
        # Shown once: a reload, or the next visitor of a shared computer, sees no PIN.
        response.delete_cookie(NEW_PIN_COOKIE, path=message.get_tracking_url(), samesite="Lax")
    return response


def _unproven(request: AppRequest, message: Message) -> HttpResponse:
    messages.error(request, _("Enter the PIN you received with the code to do this."))
    return redirect(message.get_tracking_url())


@require_POST
@_refuses_guessers
def rate(request: AppRequest, code: str) -> HttpResponse:
    message = _tracked(request, code)
    if not _has_proof(request, message):
        return _unproven(request, message)
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
@_refuses_guessers
def reopen(request: AppRequest, code: str) -> HttpResponse:
    message = _tracked(request, code)
    if not _has_proof(request, message):
        return _unproven(request, message)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _track_page(request, message, reopen_form=form)
    try:
        reopen_message(message, form.cleaned_data["reason"])
    except ValueError:
        messages.error(request, _("This message can no longer be reopened; send a new one."))
    else:
        messages.success(request, _("Your message was reopened; the office will look at it again."))
    return redirect(message.get_tracking_url())
