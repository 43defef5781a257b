"""What the core sends: the password reset email, written when it is sent."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ravabet.outbox.compose import Email, Skip, composer
from ravabet.outbox.models import Send

from .password_reset import SOURCE


@composer(SOURCE)
def password_reset(send: Send) -> Email | Skip:
    _kind, user_pk, language, _nonce = send.key.split(":")
    user = get_user_model().objects.filter(pk=int(user_pk), is_active=True).first()
    if user is None or not user.has_usable_password():
        return Skip(_("The account is closed or has no password to reset."))
    link = settings.SITE_URL + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    with translation.override(language if language in ("fa", "en") else "fa"):
        context = {"user": user, "url": link}
        return Email(
            subject=_("Reset your Ravabet password"),
            body=render_to_string("registration/password_reset_email.txt", context),
        )
