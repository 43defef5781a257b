"""The signed unsubscribe link: who and which kind, so it works without logging in."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "ravabet.notifications.unsubscribe"
# In a digest's List-Unsubscribe header: every kind the person receives in the digest.
DIGEST = "digest"


@dataclass(frozen=True)
class Unsubscribe:
    user_id: int
    kind: str  # a Kind value, or DIGEST


def unsubscribe_token(user_id: int, kind: str) -> str:
    # No expiry: an unsubscribe link in an old email must still work (RFC 8058).
    return signing.dumps({"u": user_id, "k": kind}, salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> Unsubscribe | None:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return Unsubscribe(data["u"], str(data.get("k", "")))


def unsubscribe_url(user_id: int, kind: str) -> str:
    return settings.SITE_URL + reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(user_id, kind)]
    )
