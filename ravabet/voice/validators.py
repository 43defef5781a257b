"""Iranian mobile numbers and national codes, as people type them."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ravabet.lib.phones import compact_digits, mobile_number


def normalize_mobile(value: str) -> str:
    """``09xxxxxxxxx`` from any usual spelling (۰۹۱۲…, +98 912…, 98-912-…), or ValidationError."""
    number = mobile_number(value)
    if number is None:
        raise ValidationError(
            _("Enter an Iranian mobile number, e.g. 0912 345 6789."), code="invalid_mobile"
        )
    return number


def is_valid_national_code(code: str) -> bool:
    """The check digit of the Iranian national code (کد ملی)."""
    if not re.fullmatch(r"\d{10}", code) or len(set(code)) == 1:
        return False
    check = int(code[9])
    remainder = sum(int(code[i]) * (10 - i) for i in range(9)) % 11
    return check == remainder if remainder < 2 else check == 11 - remainder


def normalize_national_code(value: str) -> str:
    """Ten digits (leading zeros restored when 8 or 9 were typed), or ValidationError."""
    compact = compact_digits(value)
    if re.fullmatch(r"\d{8,10}", compact):
        compact = compact.zfill(10)
    if not is_valid_national_code(compact):
        raise ValidationError(
            _("This national code is not valid; check its ten digits."),
            code="invalid_national_code",
        )
    return compact
