"""The reader's language, asked one way: is it Persian, and how are its digits written."""

from __future__ import annotations

from django.utils import translation

from ravabet.lib.persian import to_latin_digits, to_persian_digits


def is_fa(lang: str | None = None) -> bool:
    """Whether ``lang`` (or the active language) is Persian."""
    code = lang if lang is not None else translation.get_language()
    # No active language means translations were deactivated; the site is Persian-first.
    return code is None or code.lower().startswith("fa")


def local_digits(value: object, lang: str | None = None) -> str:
    """Digits as the reader's language writes them: Persian in fa, Latin otherwise."""
    text = str(value)
    return to_persian_digits(text) if is_fa(lang) else to_latin_digits(text)
