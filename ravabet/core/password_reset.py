"""Password reset by email: Django's views and tokens, the email through the outbox.

The form never says whether an account has the address (the same page follows either
way), requests are limited per address and per mailbox (`core/throttle.py`), and what
is sent is an outbox row (`password-reset:<user>:<language>:<nonce>`) whose composer,
in `core/sending.py`, writes the link with a fresh token when it is sent.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ravabet.outbox.actions import queue
from ravabet.outbox.models import Transport

from . import throttle
from .addresses import client_ip

SOURCE = "core.password_reset"
PER_ADDRESS = (10, 3600)
PER_EMAIL = (3, 3600)


class ThrottledPasswordResetForm(PasswordResetForm):
    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        email = (data.get("email") or "").strip().lower()
        if not email:
            return data
        ip = client_ip(self.request)
        if throttle.is_limited("password-reset", ip, *PER_ADDRESS) or throttle.is_limited(
            "password-reset-email", email, *PER_EMAIL
        ):
            raise forms.ValidationError(
                _("Too many password reset requests; please wait an hour and try again."),
                code="throttled",
            )
        throttle.hit("password-reset", ip, PER_ADDRESS[1])
        throttle.hit("password-reset-email", email, PER_EMAIL[1])
        return data

    @transaction.atomic
    def save(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Queue one email per active account with this address; none when there is none."""
        language = translation.get_language() or "fa"
        for user in self.get_users(self.cleaned_data["email"]):
            queue(
                key=f"password-reset:{user.pk}:{language}:{uuid.uuid4().hex}",
                source=SOURCE,
                transport=Transport.EMAIL,
                target=getattr(user, user.get_email_field_name()),
            )


class ThrottledPasswordResetView(PasswordResetView):
    form_class = ThrottledPasswordResetForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"request": self.request}
