"""Iranian phone numbers as people type them, in one spelling.

Stored numbers have Latin digits, no separators and a leading 0 where the country code
was typed, so a number typed twice in two ways is found once.
"""

from __future__ import annotations

import re

from ravabet.lib.persian import to_latin_digits

# What people put between digits: spaces, dashes of every kind, brackets, dots, and the
# ZWNJ and direction marks that copying from right-to-left text brings along.
SEPARATORS = re.compile(r"[\s\-\u2010-\u2015().\u200c\u200f\u200e]")
_COUNTRY_CODES = ("+98", "0098")
_MOBILE = re.compile(r"(?:98|0)?(9\d{9})")
_TYPED = re.compile(r"\+?\d*")


def compact_digits(value: str) -> str:
    """Latin digits with the separators taken out; anything else is left in."""
    return SEPARATORS.sub("", to_latin_digits(value or ""))


def normalize_phone(phone: str) -> str:
    """One spelling of any number, landlines too: Latin digits, no separators, 0 for +98."""
    digits = re.sub(r"[^\d+]", "", to_latin_digits(phone or ""))
    for code in _COUNTRY_CODES:
        if digits.startswith(code):
            return "0" + digits[len(code) :]
    return digits


def mobile_number(value: str) -> str | None:
    """``09xxxxxxxxx`` from any usual spelling (۰۹۱۲…, +98 912…, 98-912-…), or None."""
    compact = compact_digits(value)
    if not _TYPED.fullmatch(compact):
        return None
    match = _MOBILE.fullmatch(normalize_phone(compact))
    return "0" + match.group(1) if match else None
