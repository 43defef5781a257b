import json
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

NUL = "\x00"


class ContentSecurityPolicyMiddleware:
    """Sends the site's Content-Security-Policy: no inline script or style anywhere."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class PersianFirstLocaleMiddleware(LocaleMiddleware):
    """Persian unless the person chose otherwise with the language switch.

    Many Iranian browsers announce English (an English OS), so the Accept-Language header
    is not a choice; the language cookie is.
    """

    def process_request(self, request: HttpRequest) -> None:
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()


def chosen_language(request: HttpRequest) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class NulCharacter(BadRequest):
    """A NUL character in the request; handler400 answers it."""


class RefuseNulMiddleware:
    """Answers 400 to a request with a NUL character anywhere the app reads it.

    No address, form field, cookie or header of a real person or client holds one, and
    PostgreSQL cannot store or even compare a text that does (the driver raises, a 500 in
    whichever view meets it first). One check here spares every view and every query. It
    runs before the session is read, as a session cookie with a NUL would fail there too.
    Uploaded files' contents are binary and are not looked at; their names Django already
    strips of unprintable characters.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        place = nul_in(request)
        if place:
            raise NulCharacter(f"The {place} contains a NUL character, which no text may hold.")
        return self.get_response(request)


def nul_in(request: HttpRequest) -> str | None:
    """Where the request holds a NUL character ("path", "query string", ...), or None."""
    if NUL in request.path or NUL in request.path_info:
        return "path"
    if _any_nul(_pairs(request.GET)):
        return "query string"
    if _any_nul(request.COOKIES.items()):  # parsed: an octal escape \000 is a NUL too
        return "cookie"
    if any(
        NUL in value
        for key, value in request.META.items()
        if (key.startswith("HTTP_") or key == "CONTENT_TYPE") and isinstance(value, str)
    ):
        return "header"
    if request.method == "POST" and _any_nul(_pairs(request.POST)):
        return "form"
    if request.method == "POST":
        for key, uploads in request.FILES.lists():
            for upload in uploads:
                described = [key, getattr(upload, "name", ""), getattr(upload, "content_type", "")]
                if NUL in "".join(part or "" for part in described):
                    return "form"
    content_type = request.content_type or ""
    if content_type == "application/json" or content_type.endswith("+json"):
        try:
            document = json.loads(request.body)
        except ValueError:
            return None  # not JSON at all: for the view to refuse in its own words
        if _any_nul(_strings(document)):
            return "JSON body"
    return None


def _pairs(data: Any) -> Iterator[tuple[str, str]]:
    for key, values in data.lists():
        for value in values:
            yield key, value


def _any_nul(pairs: Any) -> bool:
    return any(NUL in key or NUL in value for key, value in pairs)


def _strings(document: Any) -> Iterator[tuple[str, str]]:
    """Every key and string in a parsed JSON document, as (key, value) pairs."""
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            yield "", node
        elif isinstance(node, dict):
            for key, value in node.items():
                yield key, ""
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
