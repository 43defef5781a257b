"""The journalist's page: the one-click unsubscribe behind a signed link."""

from __future__ import annotations

from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from ravabet.core.http import AppRequest

from . import actions
from .models import UNSUBSCRIBE_SALT, Journalist


@csrf_exempt  # the signed token is the authority; mail clients post one-click unsubscribes
def unsubscribe(request: AppRequest, token: str) -> HttpResponse:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise Http404(_("This unsubscribe link is not valid.")) from None
    journalist = Journalist.objects.select_related("municipality").filter(pk=pk).first()
    if journalist is None:
        raise Http404(_("This unsubscribe link is not valid."))
    done = journalist.unsubscribed_at is not None
    if request.method == "POST":
        actions.unsubscribe(journalist)
        done = True
    return render(
        request, "media/unsubscribe.html", {"journalist": journalist, "done": done, "token": token}
    )
