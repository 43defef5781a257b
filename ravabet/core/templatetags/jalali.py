"""Persian display in templates (a builtin library: no ``{% load %}`` needed).

    {{ news.published_at|jdatetime }}     ۲۷ اردیبهشت ۱۴۰۵، ساعت ۱۰:۳۰
    {{ meeting.day|jdate:"weekday" }}     یکشنبه ۲۷ اردیبهشت ۱۴۰۵
    {{ meeting.day|jquarter }}            بهار ۱۴۰۵
    {{ meeting.day|jnumeric }}            1405/02/27 (Latin: for attributes and inputs)
    {{ meeting.day|jnumeric|fa_digits }}  ۱۴۰۵/۰۲/۲۷
    {{ count|fa_digits }}                 ۱۲ in fa, 12 in en
    {{ rate|percent }}                    ۴۵٪ in fa, 45% in en
    {{ person|bdi }}                      <bdi>نگار صفری</bdi>: a name or a date in a line
                                          of the other language, laid out on its own
    {{ message.display_code|ltr }}        <bdi dir="ltr">۷۹۹۶-۲۴۲۸</bdi>: codes, numbers,
                                          phones, emails, URLs and Latin runs, isolated
                                          from the Persian text around them

Like Django's own ``date`` filter, these render "" for None, "" or a value they cannot
format instead of breaking the page; the latter is logged, since it means a bug upstream
(most likely a naive datetime).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django import template
from django.utils.html import format_html

from ravabet.lib import jalali
from ravabet.lib.bidi import PDI, ltr_html, ltr_text
from ravabet.lib.i18n import is_fa, local_digits

FSI = "\u2068"  # FIRST STRONG ISOLATE: plain text's <bdi>

register = template.Library()
logger = logging.getLogger(__name__)


def _safely(name: str, value: Any, render: Callable[[Any], str]) -> str:
    if value is None or value == "":
        return ""
    try:
        return render(value)
    except (TypeError, ValueError):
        logger.warning("%s: cannot format %r", name, value)
        return ""


@register.filter(name="jdate")
def jdate(value: Any, arg: str = "") -> str:
    """Jalali date; ``|jdate:"weekday"`` adds the weekday."""
    weekday = arg == "weekday"
    return _safely("jdate", value, lambda v: jalali.format_date(v, weekday=weekday))


@register.filter(name="jdatetime")
def jdatetime_filter(value: Any, arg: str = "") -> str:
    """Jalali date and Tehran time; ``|jdatetime:"weekday"`` adds the weekday."""
    weekday = arg == "weekday"
    return _safely("jdatetime", value, lambda v: jalali.format_datetime(v, weekday=weekday))


@register.filter(name="jquarter")
def jquarter(value: Any) -> str:
    """The label of the Jalali quarter containing a date, e.g. "بهار ۱۴۰۵"."""
    return _safely("jquarter", value, lambda v: jalali.JalaliQuarter.of(v).label)


@register.filter(name="jnumeric")
def jnumeric(value: Any) -> str:
    """1405/02/27 in Latin digits (a datetime gives its Tehran date); ``|fa_digits`` for display."""
    return _safely("jnumeric", value, jalali.format_numeric)


# is_safe: only digits change, so HTML that was safe stays safe and escaping still applies
# to anything that was not.
@register.filter(name="fa_digits", is_safe=True)
def fa_digits(value: Any) -> str:
    """Digits as the reader's language writes them: Persian in fa, Latin otherwise."""
    if value is None or value == "":
        return ""
    return local_digits(value)


@register.filter(name="percent", is_safe=True)
def percent(value: Any) -> str:
    """A percentage in the reader's digits and sign: ۴۵٪ in fa, 45% otherwise."""
    if value is None or value == "":
        return ""
    return local_digits(value) + ("٪" if is_fa() else "%")


@register.filter(name="bdi", needs_autoescape=True)
def bdi(value: Any, autoescape: bool = True) -> str:
    """A run in its own direction (``<bdi>``), so a Persian name in an English line (or a
    Latin one in a Persian line) does not pull the text around it out of order."""
    if value is None or value == "":
        return ""
    if not autoescape:
        return f"{FSI}{value}{PDI}"
    return format_html("<bdi>{}</bdi>", value)


@register.filter(name="ltr", needs_autoescape=True)
def ltr(value: Any, autoescape: bool = True) -> str:
    """A left-to-right run isolated from the text around it; LRI…PDI in plain text."""
    if value is None or value == "":
        return ""
    return ltr_html(value) if autoescape else ltr_text(value)
