"""Rate limits for the public form, kept in the shared Django cache (no outside service)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

# (submissions, seconds) per address and per mobile number; a setting may override them.
# "track": wrong tracking codes per address; "pin": wrong PINs per address; "pin-message":
# wrong PINs for one message from anywhere (the PIN's own guard against many addresses);
# "open311": Open311 POSTs per api_key.
DEFAULT_LIMITS = {
    "ip": (10, 600),
    "mobile": (5, 3600),
    "track": (10, 600),
    "pin": (10, 600),
    "pin-message": (5, 3600),
    "open311": (60, 600),
}


def _limit(scope: str) -> tuple[int, int]:
    limits = getattr(settings, "RAVABET_VOICE_LIMITS", {})
    return limits.get(scope, DEFAULT_LIMITS[scope])


def _key(scope: str, value: str) -> str:
    return "voice:%s:%s" % (scope, hashlib.sha256(value.encode()).hexdigest()[:32])  # noqa: UP031


def is_limited(scope: str, value: str) -> bool:
    allowed, _seconds = _limit(scope)
    return int(cache.get(_key(scope, value), 0)) >= allowed


def hit(scope: str, value: str) -> None:
    _allowed, seconds = _limit(scope)
    key = _key(scope, value)
    if not cache.add(key, 1, seconds):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, seconds)


def client_ip(request: object) -> str:
    return str(getattr(request, "META", {}).get("REMOTE_ADDR", ""))
