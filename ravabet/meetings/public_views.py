"""The page an invited guest opens without an account: the RSVP behind a signed link."""

from __future__ import annotations

from django.core import signing
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ravabet.core.http import AppRequest

from . import actions
from .forms import (
    RSVPForm,
)
from .models import (
    Invitation,
)
from .tasks import RSVP_SALT


def rsvp(request: AppRequest, token: str) -> HttpResponse:
    """The emailed link: shows the present answer and takes a new one until the meeting
    starts. Signed, with the invitation's own random nonce, so it cannot be guessed."""
    try:
        payload = signing.loads(token, salt=RSVP_SALT)
        invitation_id, nonce = int(payload["i"]), str(payload["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return _invalid(request)
    invitation = (
        Invitation.objects.select_related("meeting__network__host", "meeting__municipality")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return render(
            request,
            "meetings/rsvp.html",
            {"error": _("This invitation no longer exists.")},
            status=404,
        )
    if str(invitation.rsvp_nonce) != nonce:
        return _invalid(request)
    closed = actions.rsvp_closed_reason(invitation.meeting)
    form = RSVPForm(request.POST or None, initial={"answer": invitation.rsvp})
    done = False
    if request.method == "POST" and not closed and form.is_valid():
        try:
            invitation = actions.answer_rsvp(
                invitation_id, form.cleaned_data["answer"], nonce=nonce
            )
        except actions.RSVPError as error:
            closed = str(error)
        else:
            done = True
            form = RSVPForm(initial={"answer": invitation.rsvp})
    return render(
        request,
        "meetings/rsvp.html",
        {
            "invitation": invitation,
            "form": None if closed else form,
            "closed": closed,
            "done": done,
            "meeting": invitation.meeting,
        },
        status=410 if closed and request.method == "POST" else 200,
    )


def _invalid(request: AppRequest) -> HttpResponse:
    return render(
        request,
        "meetings/rsvp.html",
        {"error": _("This link is not valid. Use the link in your invitation email.")},
        status=400,
    )
