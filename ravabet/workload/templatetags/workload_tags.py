"""``hours``: a number of hours as the reader reads it ("۱۲٫۵" in Persian, "12.5" in English)."""

from __future__ import annotations

from django import template

from ravabet.lib.i18n import local_digits

register = template.Library()


@register.filter(name="hours")
def hours(value: float | int | None) -> str:
    if value is None:
        return "—"
    text = f"{float(value):.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return str(local_digits(text))
