"""Login with failed attempts counted per account and per address in the shared cache."""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ravabet.lib.i18n import local_digits


def _key(kind: str, value: str) -> str:
    # Hashing keeps arbitrary user input out of cache keys (length, odd characters).
    digest = hashlib.sha256(value.strip().casefold().encode()).hexdigest()[:32]
    return f"login-failures:{kind}:{digest}"


def _client_ip(request: HttpRequest | None) -> str:
    return (request.META.get("REMOTE_ADDR") or "unknown") if request else "unknown"


def record_failure(key: str) -> None:
    if not cache.add(key, 1, timeout=settings.LOGIN_THROTTLE_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=settings.LOGIN_THROTTLE_SECONDS)


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or password is not right. Both are case-sensitive."),
        "throttled": _(
            "Too many failed attempts. For your account's safety, logging in is paused; "
            "try again in %(minutes)s minutes."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        account_key = _key("account", username)
        ip_key = _key("ip", _client_ip(self.request))
        if (cache.get(account_key) or 0) >= settings.LOGIN_FAILURES_PER_ACCOUNT or (
            cache.get(ip_key) or 0
        ) >= settings.LOGIN_FAILURES_PER_IP:
            minutes = max(1, settings.LOGIN_THROTTLE_SECONDS // 60)
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": local_digits(minutes)},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError as error:
            if getattr(error, "code", None) == "invalid_login":
                record_failure(account_key)
                record_failure(ip_key)
            raise
        cache.delete(account_key)
        return cleaned


class ThrottledAdminAuthenticationForm(ThrottledAuthenticationForm, AdminAuthenticationForm):
    """The admin's own login page is throttled the same way."""
