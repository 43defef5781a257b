"""Rate limits for the citizens' public pages, in counters eviction cannot erase.

The counting is ravabet/core/throttle.py (a table of its own; its docstring says why not
the cache, django-ratelimit or Redis) and the client's address is
ravabet/core/addresses.py (X-Forwarded-For only from a trusted proxy). This module names
the scopes and their limits; a scope is added to DEFAULT_LIMITS and called by name.
"""

from __future__ import annotations

from django.conf import settings

from ravabet.core import throttle

# (allowed, seconds) per scope; settings.RAVABET_VOICE_LIMITS may override any of them.
# "mobile" is the limit per person; "ip" stops one sender with many numbers, and is not lower
# because a mobile operator's NAT puts many citizens of a town behind one address.
# "track": wrong tracking codes per address; "pin": wrong PINs per address; "pin-message":
# wrong PINs for one message from anywhere (the PIN's own guard against many addresses);
# "open311": Open311 POSTs per api_key.
DEFAULT_LIMITS = {
    "ip": (30, 600),
    "mobile": (5, 3600),
    "track": (10, 600),
    "pin": (10, 600),
    "pin-message": (5, 3600),
    "open311": (60, 600),
}


def _limit(scope: str) -> tuple[int, int]:
    limits = getattr(settings, "RAVABET_VOICE_LIMITS", {})
    return limits.get(scope, DEFAULT_LIMITS[scope])


def is_limited(scope: str, value: str) -> bool:
    allowed, seconds = _limit(scope)
    return throttle.is_limited(f"voice:{scope}", value, allowed, seconds)


def any_limited(senders: list[tuple[str, str]]) -> bool:
    """`is_limited` for several (scope, sender) at once, in one query."""
    return throttle.any_limited(
        (f"voice:{scope}", value, *_limit(scope)) for scope, value in senders
    )


def take(scope: str, value: str) -> bool:
    """Count one against the limit if under it (core/throttle.py: inside the transaction)."""
    allowed, seconds = _limit(scope)
    return throttle.take(f"voice:{scope}", value, allowed, seconds)


def hit(scope: str, value: str) -> None:
    _allowed, seconds = _limit(scope)
    throttle.hit(f"voice:{scope}", value, seconds)
