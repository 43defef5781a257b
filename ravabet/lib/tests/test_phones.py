"""Phone numbers typed any usual way come out in one spelling."""

from __future__ import annotations

import pytest

from ravabet.lib.phones import compact_digits, mobile_number, normalize_phone

# Typed spelling -> stored spelling, for any number (landlines too).
PHONES = {"۰۱۳-۴۲۳۴ ۵۶۷۸": "01342345678", "+98 13 4234 5678": "01342345678", "": ""}
PHONES |= {"0098 912 111 2233": "09121112233", "(0912) 111-2233": "09121112233"}
PHONES |= {"٠٩١٢١١١٢٢٣٣": "09121112233"}


@pytest.mark.parametrize(("typed", "stored"), PHONES.items())
def test_normalize_phone(typed: str, stored: str) -> None:
    assert normalize_phone(typed) == stored


# One mobile number, typed every usual way.
TYPED_MOBILES = ["09123456789", "۰۹۱۲ ۳۴۵ ۶۷۸۹", "+98 912 345 6789", "0098-912-345-6789"]
TYPED_MOBILES += ["98 912 345 6789", "912\u200c345\u200f6789", "(۰۹۱۲) ۳۴۵.۶۷۸۹"]


@pytest.mark.parametrize("typed", TYPED_MOBILES)
def test_mobile_number_from_any_usual_spelling(typed: str) -> None:
    assert mobile_number(typed) == "09123456789"


@pytest.mark.parametrize(
    "typed", ["", "01342345678", "0912345678", "091234567890", "0912abc6789", "+0912345678 9"]
)
def test_not_a_mobile_number(typed: str) -> None:
    assert mobile_number(typed) is None


def test_compact_digits_keeps_what_is_not_a_separator() -> None:
    assert compact_digits("۰۰۱-۲۳ ۴x") == "001234x"
