from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ravabet.lib import jalali
from ravabet.lib.jalali_forms import JalaliDateField, JalaliDateTimeField
from ravabet.network.models import User

from . import survey
from .models import Entry, Pack


class EntryForm(forms.ModelForm):
    starts_at = JalaliDateTimeField(label=_("Start"), help_text=_("For example 1405/02/27 21:30"))
    ends_at = JalaliDateTimeField(label=_("End"))

    class Meta:
        model = Entry
        fields = ["kind", "place", "title", "starts_at", "ends_at", "after_hours_request", "note"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 2}),
            "title": forms.TextInput(attrs={"dir": "auto"}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The end is before the start (or the same time)."))
        return data


def month_choices() -> list[tuple[str, str]]:
    """The last twelve Jalali months, this one first."""
    year, month = jalali.today().year, jalali.today().month
    rows = []
    for _i in range(12):
        rows.append((f"{year}-{month}", f"{jalali.month_name(month)} {jalali.local_digits(year)}"))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return rows


class OpenMonthForm(forms.Form):
    month = forms.ChoiceField(label=_("Month"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = month_choices()  # type: ignore[attr-defined]

    def clean_month(self) -> tuple[int, int]:
        year, month = self.cleaned_data["month"].split("-")
        return int(year), int(month)


class PeriodForm(forms.Form):
    start = JalaliDateField(label=_("From"))
    end = JalaliDateField(label=_("To"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The period ends before it starts."))
            elif end > timezone.localdate():
                self.add_error("end", _("The period cannot end in the future."))
            elif (end - start).days > 400:
                self.add_error("end", _("Choose a period of at most a year."))
        return data


def default_period() -> tuple[dt.date, dt.date]:
    """The last three Jalali months up to today."""
    year, month = jalali.today().year, jalali.today().month
    for _i in range(2):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return jalali.month_bounds(year, month)[0], timezone.localdate()


class PackForm(forms.ModelForm):
    start = JalaliDateField(label=_("From"))
    end = JalaliDateField(label=_("To"))
    person = forms.ChoiceField(label=_("For"), required=False)

    class Meta:
        model = Pack
        fields = ["person", "start", "end", "statement"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 5, "dir": "auto"})}

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(u.pk): u for u in people}
        self.fields["person"].choices = [("", _("The whole office"))] + [  # type: ignore[attr-defined]
            (str(u.pk), str(u)) for u in people
        ]

    def clean_person(self) -> User | None:
        value = self.cleaned_data.get("person") or ""
        if not value:
            return None
        if value not in self.people:
            raise ValidationError(_("Choose someone of the office."))
        return self.people[value]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The period ends before it starts."))
            elif end > timezone.localdate():
                self.add_error("end", _("The period cannot end in the future."))
        return data


class SurveyForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i, text in enumerate(survey.ITEMS, start=1):
            self.fields[f"item{i}"] = forms.TypedChoiceField(
                label=str(text),
                choices=[(str(v), label) for v, label in survey.ANSWERS],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer for this statement.")},
            )

    @property
    def answers(self) -> list[int]:
        return [self.cleaned_data[f"item{i}"] for i in range(1, 6)]
