from django.utils.translation import get_language

from ravabet.lib.persian import to_latin_digits, to_persian_digits


def in_persian() -> bool:
    return (get_language() or "fa").startswith("fa")


def local_digits(value: object) -> str:
    """Digits as the reader's language writes them: Persian in fa, Latin in en."""
    text = str(value)
    return to_persian_digits(text) if in_persian() else to_latin_digits(text)
