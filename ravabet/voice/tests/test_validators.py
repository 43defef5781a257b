import pytest
from django.core.exceptions import ValidationError

from ravabet.voice.validators import (
    is_valid_national_code,
    normalize_mobile,
    normalize_national_code,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("09121234567", "09121234567"),
        ("۰۹۱۲۱۲۳۴۵۶۷", "09121234567"),
        ("٠٩١٢١٢٣٤٥٦٧", "09121234567"),
        ("+989121234567", "09121234567"),
        ("989121234567", "09121234567"),
        ("00989121234567", "09121234567"),
        ("0912 123 4567", "09121234567"),
        ("0912-123-45-67", "09121234567"),
        ("+98 (912) 123 4567", "09121234567"),
        ("۰۹۳۵ ۱۲۳ ۴۵۶۷", "09351234567"),
        ("9121234567", "09121234567"),
    ],
)
def test_mobile_numbers_as_people_type_them(typed: str, stored: str) -> None:
    assert normalize_mobile(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["", "0912123456", "091212345678", "02112345678", "+44912123456", "0912abc4567", "۰۸۱۲۱۲۳۴۵۶۷"],
)
def test_not_mobile_numbers(typed: str) -> None:
    with pytest.raises(ValidationError) as error:
        normalize_mobile(typed)
    assert error.value.code == "invalid_mobile"


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("0012345679", True),
        ("1234567891", True),
        ("2740291876", True),
        ("0087654326", True),
        ("4532189071", True),
        ("0012345678", False),  # wrong check digit
        ("1234567890", False),
        ("1111111111", False),  # all the same digit passes the sum but is never issued
        ("0000000000", False),
        ("5555555555", False),
        ("123456789", False),  # too short
        ("12345678901", False),
        ("abcdefghij", False),
    ],
)
def test_national_code_check_digit(code: str, valid: bool) -> None:
    assert is_valid_national_code(code) is valid


def test_national_code_typed_with_persian_digits_and_lost_zeros() -> None:
    assert normalize_national_code("۰۰۱۲۳۴۵۶۷۹") == "0012345679"
    assert normalize_national_code("12345679") == "0012345679"
    assert normalize_national_code("001-234567-9") == "0012345679"
    with pytest.raises(ValidationError):
        normalize_national_code("۱۱۱۱۱۱۱۱۱۱")
