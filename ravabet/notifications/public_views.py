"""The one-click unsubscribe of every notification email: a signed link, no login.

GET shows what the link stops and asks to confirm (mail scanners open links; they must not
unsubscribe anyone); POST stops it: from the page's button, or from the mail program itself
(RFC 8058: `List-Unsubscribe=One-Click`, posted without a session or a CSRF token, which is
why the signature is the only proof asked for).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ravabet.core.http import AppRequest

from . import actions
from .models import Kind
from .tokens import DIGEST, read_unsubscribe_token


def _what(kind: str) -> str:
    if kind == DIGEST:
        return _("the daily digest")
    return str(Kind(kind).label) if kind in Kind.values else ""


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: AppRequest, token: str) -> HttpResponse:
    found = read_unsubscribe_token(token)
    if found is None or not _what(found.kind):
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    context = {"what": _what(found.kind), "token": token}
    if request.method == "POST":
        actions.unsubscribe(found)
        return render(request, "notifications/unsubscribe.html", {**context, "done": True})
    return render(request, "notifications/unsubscribe.html", context)
