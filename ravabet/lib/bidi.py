"""Left-to-right runs inside Persian text: codes, numbers, phones, emails, URLs, Latin words.

Unisolated, such a run takes part in the direction of the text around it: after Persian
letters the tracking code ۷۹۹۶-۲۴۲۸ is laid out as «۲۴۲۸-۷۹۹۶» (its digits count as
Arabic numbers there and the hyphen between them as neutral), and a Latin name at the end
of a Persian line jumps to its start. Isolated, the run is laid out on its own, left to
right, and the text around it is laid out as if it were one neutral character.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString

# LEFT-TO-RIGHT ISOLATE and POP DIRECTIONAL ISOLATE: <bdi dir="ltr"> for plain text.
LRI = "\u2066"
PDI = "\u2069"


def ltr_html(value: object) -> SafeString:
    """``value`` (escaped unless already safe) in ``<bdi dir="ltr">``."""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


def ltr_text(value: object) -> str:
    """``value`` between LRI and PDI, for plain text (flash messages, email)."""
    return f"{LRI}{value}{PDI}"
