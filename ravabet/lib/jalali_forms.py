"""Form fields that take Jalali dates and give back what the models store.

Model fields stay ``DateField`` / ``DateTimeField``; ``JalaliDateField`` cleans to a
Gregorian ``date`` and ``JalaliDateTimeField`` to an aware UTC ``datetime``.

The widgets are plain text inputs carrying ``data-jdp`` for @majidh1/jalalidatepicker.
Date inputs also carry ``data-jdp-only-date`` so the base template can start the picker
with ``time: true`` for date-time inputs without date inputs growing a clock. Without
JavaScript they stay text inputs that accept any form parse_date understands.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import jdatetime
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ravabet.lib.i18n import local_digits
from ravabet.lib.jalali import (
    MAX_YEAR,
    MIN_YEAR,
    TEHRAN,
    JalaliParseError,
    format_numeric,
    format_numeric_datetime,
    month_name,
    parse_date,
    parse_datetime,
)

__all__ = [
    "JalaliDateField",
    "JalaliDateInput",
    "JalaliDateTimeField",
    "JalaliDateTimeInput",
]


class _JalaliInput(forms.TextInput):
    example = ""
    base_attrs: dict[str, Any] = {}

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {
                "dir": "ltr",
                "inputmode": "numeric",
                "autocomplete": "off",
                "data-jdp": True,
                **self.base_attrs,
                **(attrs or {}),
            }
        )

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        # Chosen at render time, not in __init__, because widgets are built once at import
        # while the language is per request.
        context["widget"]["attrs"].setdefault("placeholder", local_digits(self.example))
        return context


class JalaliDateInput(_JalaliInput):
    example = "1405/02/27"
    base_attrs = {"data-jdp-only-date": True}

    def format_value(self, value: Any) -> str | None:
        if value is None or value == "":
            return None
        # A string is what the user typed (the form is being shown again with errors):
        # give it back untouched so they can fix it.
        if isinstance(value, str):
            return value
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=TEHRAN)
        if isinstance(value, dt.date | jdatetime.date):
            return format_numeric(value)
        return str(value)


class JalaliDateTimeInput(_JalaliInput):
    example = "1405/02/27 14:30"

    def format_value(self, value: Any) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, jdatetime.date):
            value = value.togregorian()
        if isinstance(value, dt.datetime):
            return format_numeric_datetime(_aware(value))
        if isinstance(value, dt.date):
            return format_numeric(value)
        return str(value)


def _aware(value: dt.datetime) -> dt.datetime:
    # Like Django's own form fields with USE_TZ, a naive value is taken as local wall-clock
    # time, and local for this project is always Tehran.
    return value if value.tzinfo is not None else value.replace(tzinfo=TEHRAN)


class _JalaliField(forms.Field):
    default_error_messages = {
        "invalid": _("Enter a valid Jalali date such as 1405/02/27."),
        "year": _("Year must be a Jalali year between %(min)s and %(max)s."),
        "month": _("Month must be between 1 and 12."),
        "day": _("Day must be between 1 and %(days)s in %(month)s %(year)s."),
    }

    def _validation_error(self, error: JalaliParseError) -> ValidationError:
        code = error.code if error.code in self.error_messages else "invalid"
        params: dict[str, str] = {
            "min": local_digits(MIN_YEAR),
            "max": local_digits(MAX_YEAR),
        }
        if error.days is not None:
            params["days"] = local_digits(error.days)
        if error.year is not None:
            params["year"] = local_digits(error.year)
        if error.month is not None and 1 <= error.month <= 12:
            params["month"] = month_name(error.month)
        return ValidationError(self.error_messages[code], code=code, params=params)


class JalaliDateField(_JalaliField):
    """Typed Jalali date in, Gregorian ``datetime.date`` out."""

    widget = JalaliDateInput

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, jdatetime.date):
            value = value.togregorian()
        if isinstance(value, dt.datetime):
            return _aware(value).astimezone(TEHRAN).date()
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value))
        except JalaliParseError as error:
            raise self._validation_error(error) from error


class JalaliDateTimeField(_JalaliField):
    """Typed Jalali date and Tehran time ("1405/02/27 14:30") in, aware UTC out.

    A date without a time means 00:00 in Tehran.
    """

    widget = JalaliDateTimeInput
    default_error_messages = {
        "invalid": _("Enter a valid Jalali date and time such as 1405/02/27 14:30."),
        "time": _("Enter a valid time between 00:00 and 23:59."),
    }

    def to_python(self, value: Any) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, jdatetime.date):
            value = value.togregorian()
        if isinstance(value, dt.datetime):
            return _aware(value).astimezone(dt.UTC)
        if isinstance(value, dt.date):
            return dt.datetime.combine(value, dt.time(), tzinfo=TEHRAN).astimezone(dt.UTC)
        try:
            return parse_datetime(str(value))
        except JalaliParseError as error:
            raise self._validation_error(error) from error

    def has_changed(self, initial: Any, data: Any) -> bool:
        # The input shows minutes only, so an initial value with seconds would otherwise
        # count as changed on every untouched submit.
        if self.disabled:
            return False
        try:
            before = self.to_python(initial)
            after = self.to_python(data)
        except ValidationError:
            return True
        if before is None or after is None:
            return before is not after
        return before.replace(second=0, microsecond=0) != after.replace(second=0, microsecond=0)
