"""Issue 11, 3.3: Persian digits typed into number fields vanished (type=number) and the
form then refused the "empty" field. Every number field of every form is a text box with
a numeric keypad that reads Persian, Arabic-Indic and Latin digits."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from django import forms

import ravabet
from ravabet.lib.forms import IntegerField
from ravabet.lib.jalali import format_numeric_datetime
from ravabet.meetings.forms import HeldForm, MeetingForm
from ravabet.meetings.models import Meeting

from .conftest import in_days


def _project_forms() -> list[Any]:
    """Every form class of the project (imported from every module but the tests)."""
    for module in pkgutil.walk_packages(ravabet.__path__, "ravabet."):
        if ".tests" in module.name or ".migrations" in module.name or "conftest" in module.name:
            continue
        importlib.import_module(module.name)

    def subclasses(cls: type[Any]) -> list[type[Any]]:
        found: list[type[Any]] = []
        for child in cls.__subclasses__():
            found += [child, *subclasses(child)]
        return found

    return [c for c in subclasses(forms.BaseForm) if c.__module__.startswith("ravabet.")]


def test_no_form_in_the_project_uses_a_number_input():
    found = []
    numeric = (forms.IntegerField, forms.DecimalField, forms.FloatField)
    for form in _project_forms():
        for name, field in form.base_fields.items():
            if isinstance(field.widget, forms.HiddenInput):
                continue
            if isinstance(field.widget, forms.NumberInput) or (
                isinstance(field, numeric) and "inputmode" not in field.widget.attrs
            ):
                found.append(f"{form.__module__}.{form.__name__}.{name}")
    assert found == []


def test_the_meeting_forms_number_fields_render_as_text_with_a_numeric_keypad():
    html = str(MeetingForm()["duration_minutes"]) + str(HeldForm()["comment_days"])
    assert 'type="number"' not in html
    assert html.count('inputmode="numeric"') == 2


def test_integer_field_reads_every_kind_of_digit():
    from ravabet.lib.forms import NumberInput

    field = IntegerField(min_value=0, max_value=500)
    assert field.clean("۹۰") == 90
    assert field.clean("٩٠") == 90
    assert field.clean(" 90 ") == 90
    assert field.clean("۹۰٫۰") == 90
    assert isinstance(field.widget, NumberInput)


def test_a_meeting_saved_with_persian_digits(client_for, lahijan_head, east_gilan):
    response = client_for(lahijan_head).post(
        "/office/meetings/n/east-gilan/new/",
        {
            "title": "نشست هم‌اندیشی",
            "starts_at": format_numeric_datetime(in_days(9)),
            "duration_minutes": "۹۰",
            "place": "سالن شهرداری",
            "reminder_days": "۳",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get(title="نشست هم‌اندیشی")
    assert (meeting.duration_minutes, meeting.reminder_days) == (90, 3)
    # Shown again in the reader's digits.
    page = client_for(lahijan_head).get(f"/office/meetings/{meeting.pk}/edit/").content.decode()
    assert 'value="۹۰"' in page


def test_agenda_minutes_and_comment_days_in_persian_digits(client_for, lahijan_head, planned):
    client = client_for(lahijan_head)
    client.post(
        f"/office/meetings/{planned.pk}/agenda/",
        {"title": "گزارش ستاد خبری", "duration_minutes": "۲۵"},
    )
    assert planned.agenda.get(title="گزارش ستاد خبری").duration_minutes == 25
