"""Login paused after repeated failures: per account and address together, and per address.

Failures are kept in the database, never in the cache (the database cache's 300 entries
were evicted by ordinary traffic, and a paused account took new guesses):

- django-axes, with its database handler and AXES_LOCKOUT_PARAMETERS = [["username",
  "ip_address"]], counts the failures of each (account, address) pair: after
  LOGIN_FAILURES_PER_ACCOUNT of them that pair is paused, and only that pair, so a stranger
  guessing from elsewhere cannot lock the owner out. A success clears the pair's count.
- ravabet.core.throttle counts failures per address across all accounts (many accounts
  tried from one place), paused after LOGIN_FAILURES_PER_IP. Axes is not used for this
  because it judges every lockout parameter against its one failure limit, and an address,
  which a whole office or a mobile operator's NAT may share, needs a much higher one.

Both pauses last LOGIN_THROTTLE_SECONDS and are said in the login form, in the user's
language, on the site's login and the admin's alike; the address is ravabet.core.addresses'.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ravabet.lib.i18n import local_digits

from . import throttle
from .addresses import client_ip

ADDRESS_SCOPE = "login:address"


def normalized_username(raw: str) -> str:
    return raw.strip().casefold()


# The callables below are named in settings.AXES_*; they read settings on each call so a
# changed setting (or a test's override) takes effect at once.


def failure_limit(request: HttpRequest | None, credentials: dict[str, Any] | None) -> int:
    return int(settings.LOGIN_FAILURES_PER_ACCOUNT)


def cool_off(request: HttpRequest | None) -> timedelta:
    return timedelta(seconds=settings.LOGIN_THROTTLE_SECONDS)


def attempted_username(
    request: HttpRequest | None, credentials: dict[str, Any] | None
) -> str | None:
    """One account however it is typed: "Rudsar-Reporter " counts with "rudsar-reporter"."""
    field = get_user_model().USERNAME_FIELD
    raw = (credentials or {}).get(field)
    if raw is None and request is not None:
        raw = request.POST.get(field)
    return normalized_username(str(raw)) if raw else None


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponseBase:
    """The form has already said why, in the user's language: keep the page it rendered."""
    if isinstance(original_response, HttpResponseBase):
        return original_response
    return HttpResponse(gettext("Too many failed attempts."), status=429)


def _address_is_paused(address: str) -> bool:
    return throttle.is_limited(
        ADDRESS_SCOPE, address, settings.LOGIN_FAILURES_PER_IP, settings.LOGIN_THROTTLE_SECONDS
    )


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or password is not right. Both are case-sensitive."),
        "throttled": _(
            "Too many failed attempts. For your account's safety, logging in is paused; "
            "try again in %(minutes)s minutes."
        ),
    }

    def _throttled(self) -> forms.ValidationError:
        minutes = max(1, settings.LOGIN_THROTTLE_SECONDS // 60)
        return forms.ValidationError(
            self.error_messages["throttled"],
            code="throttled",
            params={"minutes": local_digits(minutes)},
        )

    def _pair_is_paused(self, username: str) -> bool:
        if self.request is None or not username:
            return False
        return not AxesProxyHandler.is_allowed(self.request, get_credentials(username))

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        address = client_ip(self.request)
        # Checked before the password, so a paused pair learns nothing from a right guess.
        if self._pair_is_paused(username) or _address_is_paused(address):
            raise self._throttled()
        try:
            return super().clean()
        except forms.ValidationError as error:
            if getattr(error, "code", None) != "invalid_login":
                raise
            # django-axes has counted the pair through the user_login_failed signal.
            throttle.hit(ADDRESS_SCOPE, address, settings.LOGIN_THROTTLE_SECONDS)
            if getattr(self.request, "axes_locked_out", False) or _address_is_paused(address):
                raise self._throttled() from error
            raise


class ThrottledAdminAuthenticationForm(ThrottledAuthenticationForm, AdminAuthenticationForm):
    """The admin's own login page is throttled the same way."""
