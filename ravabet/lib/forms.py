"""Form fields and a save helper for numbers and unique names typed by people.

Django's own FloatField and DecimalField already refuse NaN and infinity, and a ModelForm's
integer fields carry their column's range; what is left are the fields below, for plain
forms, and the race between a form's uniqueness check and its save.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ravabet.lib.i18n import local_digits
from ravabet.lib.persian import to_latin_digits

# What a BIGINT column (and SQLite's driver) holds; a form never lets a larger one through.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

T = TypeVar("T")


class NumberInput(forms.TextInput):
    """A text box for a whole number: never ``type=number``, which browsers empty when the
    digits typed are Persian or Arabic-Indic (the form then refuses the "empty" field).
    ``inputmode`` still brings up the phone's number pad; the value shows in the reader's
    digits and the field reads either kind back."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "numeric", "dir": "ltr", "size": 6, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        text = super().format_value(value)
        return None if text is None else local_digits(text)


class IntegerField(forms.IntegerField):
    """A whole number, in Persian, Arabic-Indic or Latin digits, within what a database
    column holds, typed into a `NumberInput`."""

    widget = NumberInput

    def __init__(
        self, *, min_value: int | None = None, max_value: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(
            min_value=INT64_MIN if min_value is None else max(min_value, INT64_MIN),
            max_value=INT64_MAX if max_value is None else min(max_value, INT64_MAX),
            **kwargs,
        )

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = to_latin_digits(value).strip()
        return super().to_python(value)


class DecimalNumberField(forms.DecimalField):
    """A finite decimal in Persian or Latin digits (٫ or . as the point), rounded, not refused,
    to ``decimal_places`` (a phone's GPS gives more digits than we keep).

    NaN, infinity and numbers too long to be typed are "invalid" with the field's own message.
    """

    MAX_LENGTH = 40

    def __init__(self, *, decimal_places: int, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}))
        # No max_digits/decimal_places for Django: we round instead of refusing extra digits.
        super().__init__(**kwargs)
        self.places = Decimal(1).scaleb(-decimal_places)
        self.widget.attrs.setdefault("maxlength", str(self.MAX_LENGTH))

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        text = to_latin_digits(str(value)).strip()
        if not text:
            return None
        try:
            number = Decimal(text) if len(text) <= self.MAX_LENGTH else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def clean(self, value: Any) -> Decimal | None:
        number = super().clean(value)  # min and max checked before rounding can overflow
        return None if number is None else number.quantize(self.places)


def save_or_form_error(form: forms.BaseForm, save: Callable[[], T]) -> T | None:
    """``save()`` in a savepoint; None, with the form's errors set, if the database refused it.

    The form checked uniqueness in words, but another request may save the same name between
    that check and this save. Then the database's constraint refuses it, nothing of this save
    is kept, and checking the form again (the other record is visible now) gives the person the
    same clear message. A refusal the form cannot explain is a bug and is raised.
    """
    try:
        with transaction.atomic():
            return save()
    except IntegrityError:
        form.full_clean()
        if form.is_valid():
            raise
        return None
