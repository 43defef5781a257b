"""Jalali form fields: typed Jalali text in, Gregorian values out, errors shown back."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator

import pytest
from django import forms
from django.utils import translation

from ravabet.lib.jalali import TEHRAN
from ravabet.lib.jalali_forms import (
    JalaliDateField,
    JalaliDateInput,
    JalaliDateTimeField,
    JalaliDateTimeInput,
)

UTC = dt.UTC


class MeetingForm(forms.Form):
    day = JalaliDateField()
    starts_at = JalaliDateTimeField(required=False)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _errors(data: dict[str, str], field: str = "day") -> list[str]:
    form = MeetingForm(data)
    assert not form.is_valid()
    return [str(message) for message in form.errors[field]]


@pytest.mark.parametrize(
    "typed",
    ["۱۴۰۵/۰۲/۲۷", "۱۴۰۵/۲/۲۷", "1405-2-27", "١٤٠٥/٠٢/٢٧", "۲۷ اردیبهشت ۱۴۰۵", " 1405/02/27 "],
)
def test_date_field_cleans_to_gregorian_date(typed: str) -> None:
    form = MeetingForm({"day": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2026, 5, 17)
    assert form.cleaned_data["starts_at"] is None


def test_datetime_field_cleans_to_aware_utc() -> None:
    form = MeetingForm({"day": "1405/02/27", "starts_at": "۱۴۰۵/۰۲/۲۷ ۱۰:۳۰"})
    assert form.is_valid(), form.errors
    starts_at = form.cleaned_data["starts_at"]
    assert starts_at == dt.datetime(2026, 5, 17, 7, 0, tzinfo=UTC)
    assert starts_at.utcoffset() == dt.timedelta(0)


def test_datetime_field_takes_picker_output_with_seconds() -> None:
    form = MeetingForm({"day": "1405/02/27", "starts_at": "1405/02/27 10:30:00"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"] == dt.datetime(2026, 5, 17, 7, 0, tzinfo=UTC)


def test_datetime_field_date_only_means_tehran_midnight() -> None:
    form = MeetingForm({"day": "1405/02/27", "starts_at": "1405/02/27"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"] == dt.datetime(2026, 5, 16, 20, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "Enter a valid Jalali date such as 1405/02/27."),
        ("۱۴۰۵/۱۳/۴۰", "Month must be between 1 and 12."),
        ("1404/12/30", "Day must be between 1 and 29 in Esfand 1404."),
        ("1405/07/31", "Day must be between 1 and 30 in Mehr 1405."),
        ("2026/05/17", "Year must be a Jalali year between 1200 and 1600."),
        ("", "This field is required."),
    ],
)
def test_date_field_errors(typed: str, message: str) -> None:
    assert _errors({"day": typed}) == [message]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1405/02/27 25:00", "Enter a valid time between 00:00 and 23:59."),
        ("yesterday", "Enter a valid Jalali date and time such as 1405/02/27 14:30."),
        ("1405/13/01 10:00", "Month must be between 1 and 12."),
        ("1404/12/30 10:00", "Day must be between 1 and 29 in Esfand 1404."),
    ],
)
def test_datetime_field_errors(typed: str, message: str) -> None:
    assert _errors({"day": "1405/02/27", "starts_at": typed}, "starts_at") == [message]


def test_error_codes() -> None:
    form = MeetingForm({"day": "۱۴۰۵/۱۳/۴۰", "starts_at": "1405/02/27 25:00"})
    assert not form.is_valid()
    assert form.has_error("day", "month")
    assert form.has_error("starts_at", "time")


def test_bad_input_is_shown_back_unchanged() -> None:
    typed = {"day": "۱۴۰۵/۱۳/۴۰", "starts_at": "1405/2/27  25:00"}
    form = MeetingForm(typed)
    assert not form.is_valid()
    rendered = html.unescape(str(form))
    assert 'value="۱۴۰۵/۱۳/۴۰"' in rendered
    assert 'value="1405/2/27  25:00"' in rendered
    assert "Month must be between 1 and 12." in rendered


def test_valid_input_is_shown_back_as_typed_too() -> None:
    # A form re-rendered for another field's error keeps what the user wrote.
    form = MeetingForm({"day": "۱۴۰۵/۲/۲۷", "starts_at": "bad"})
    assert not form.is_valid()
    assert 'value="۱۴۰۵/۲/۲۷"' in str(form["day"])


def test_widgets_render_picker_hooks() -> None:
    day = str(MeetingForm()["day"])
    for attribute in (
        "data-jdp",
        "data-jdp-only-date",
        'dir="ltr"',
        'inputmode="numeric"',
        'autocomplete="off"',
        'placeholder="1405/02/27"',
        'type="text"',
    ):
        assert attribute in day
    starts_at = str(MeetingForm()["starts_at"])
    assert "data-jdp" in starts_at
    assert "data-jdp-only-date" not in starts_at
    assert 'placeholder="1405/02/27 14:30"' in starts_at


def test_placeholder_follows_the_language() -> None:
    with translation.override("fa"):
        assert 'placeholder="۱۴۰۵/۰۲/۲۷"' in str(MeetingForm()["day"])
        assert 'placeholder="۱۴۰۵/۰۲/۲۷ ۱۴:۳۰"' in str(MeetingForm()["starts_at"])


def test_own_attrs_override_defaults() -> None:
    widget = JalaliDateInput(attrs={"placeholder": "روز جلسه", "class": "date"})
    rendered = widget.render("day", None)
    assert 'placeholder="روز جلسه"' in rendered
    assert 'class="date"' in rendered
    assert "data-jdp" in rendered


def test_initial_values_are_shown_in_jalali() -> None:
    form = MeetingForm(
        initial={
            "day": dt.date(2026, 5, 17),
            "starts_at": dt.datetime(2026, 5, 17, 7, 0, tzinfo=UTC),
        }
    )
    assert 'value="1405/02/27"' in str(form["day"])
    # Stored UTC is shown as Tehran wall-clock time.
    assert 'value="1405/02/27 10:30"' in str(form["starts_at"])


def test_widget_format_value() -> None:
    assert JalaliDateInput().format_value(None) is None
    assert JalaliDateInput().format_value("") is None
    assert JalaliDateInput().format_value(dt.date(2026, 3, 21)) == "1405/01/01"
    late = dt.datetime(2026, 5, 17, 21, 0, tzinfo=UTC)
    assert JalaliDateInput().format_value(late) == "1405/02/28"
    assert JalaliDateTimeInput().format_value(late) == "1405/02/28 00:30"
    naive_tehran = dt.datetime(2026, 5, 17, 10, 30)  # noqa: DTZ001 - Django-style form initial
    assert JalaliDateTimeInput().format_value(naive_tehran) == "1405/02/27 10:30"


def test_unchanged_datetime_is_not_reported_changed() -> None:
    initial = dt.datetime(2026, 5, 17, 10, 30, 42, tzinfo=TEHRAN)
    form = MeetingForm(
        {"day": "1405/02/27", "starts_at": "1405/02/27 10:30"},
        initial={"day": dt.date(2026, 5, 17), "starts_at": initial},
    )
    assert form.is_valid(), form.errors
    assert form.changed_data == []
    changed = MeetingForm(
        {"day": "1405/02/28", "starts_at": "1405/02/27 10:31"},
        initial={"day": dt.date(2026, 5, 17), "starts_at": initial},
    )
    assert changed.is_valid()
    assert changed.changed_data == ["day", "starts_at"]


def test_fields_accept_python_values() -> None:
    assert JalaliDateField().clean(dt.date(2026, 5, 17)) == dt.date(2026, 5, 17)
    aware = dt.datetime(2026, 5, 17, 21, 0, tzinfo=UTC)
    assert JalaliDateField().clean(aware) == dt.date(2026, 5, 18)
    assert JalaliDateTimeField().clean(aware) == aware
    assert JalaliDateTimeField().clean(dt.date(2026, 5, 17)) == dt.datetime(
        2026, 5, 16, 20, 30, tzinfo=UTC
    )
