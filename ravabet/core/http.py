from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers
from django_htmx.middleware import HtmxDetails

from ravabet.network.models import User

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., Any])


class AppRequest(HttpRequest):
    """A request as our middleware leaves it, for the type checker."""

    htmx: HtmxDetails
    user: User | AnonymousUser  # type: ignore[assignment]


def personal_data(view: ViewFunc) -> ViewFunc:
    """For a view whose page shows someone's contact details (a citizen's, a journalist's):
    ``Cache-Control: no-store, private`` on every answer it gives (a redirect or a form
    error too), so no browser, proxy or back button keeps a copy. The one place this
    rule lives; the views that need it are listed in the apps' test_trust_resources."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        # max-age=0, no-cache, no-store, must-revalidate, private (and Expires now).
        add_never_cache_headers(response)
        return response

    wrapped.personal_data = True  # type: ignore[attr-defined]
    return cast(ViewFunc, wrapped)
