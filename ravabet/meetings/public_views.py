"""The page an invited guest opens without an account: the RSVP behind a signed link."""

from __future__ import annotations

from django.core import signing
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
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
    try:
        payload = signing.loads(token, salt=RSVP_SALT)
        invitation_id, nonce = int(payload["i"]), str(payload["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return render(
            request,
            "meetings/rsvp.html",
            {"error": _("This link is not valid. Use the link in your invitation email.")},
            status=400,
        )
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
        return render(
            request,
            "meetings/rsvp.html",
            {
                "invitation": invitation,
                "error": _("This link has already been used. Ask the secretariat for a new one."),
            },
            status=410,
        )
    form = RSVPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = actions.answer_rsvp(invitation_id, nonce, form.cleaned_data["answer"])
        except actions.RSVPError as error:
            return render(
                request,
                "meetings/rsvp.html",
                {"invitation": invitation, "error": str(error)},
                status=410,
            )
        return render(request, "meetings/rsvp.html", {"invitation": invitation, "done": True})
    return render(
        request,
        "meetings/rsvp.html",
        {
            "invitation": invitation,
            "form": form,
            "meeting": invitation.meeting,
            "now": timezone.now(),
        },
    )
