from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from ravabet.network.models import User


class AppRequest(HttpRequest):
    """A request as our middleware leaves it, for the type checker."""

    htmx: HtmxDetails
    user: User | AnonymousUser  # type: ignore[assignment]
