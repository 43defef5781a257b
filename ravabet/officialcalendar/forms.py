from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ravabet.lib.i18n import is_fa, local_digits
from ravabet.lib.jalali import format_date
from ravabet.lib.jalali_forms import JalaliDateField

from .lunar import MONTH_NAMES_EN, MONTH_NAMES_FA, year_month
from .official import OfficialCalendar

# A sighting moves a month's first day by a day, rarely two; more is a typing mistake.
MAX_SHIFT_DAYS = 2
REASON = forms.CharField(
    label=_("Why"),
    max_length=1000,
    widget=forms.Textarea(attrs={"rows": 2}),
    error_messages={"required": _("Write why: who announced it, or what was seen.")},
)


def hijri_month_label(year: int, month: int) -> str:
    names = MONTH_NAMES_FA if is_fa() else MONTH_NAMES_EN
    return local_digits(f"{names[month - 1]} {year}")


class LunarMonthForm(forms.Form):
    """The day a lunar month really began, for a month near today."""

    month = forms.TypedChoiceField(
        label=_("Lunar month"),
        coerce=int,
        error_messages={"invalid_choice": _("Choose one of the listed months.")},
    )
    began_on = JalaliDateField(
        label=_("Its first day was"),
        error_messages={"required": _("Enter the day the month began.")},
    )
    reason = REASON

    def __init__(self, *args: Any, calendar: OfficialCalendar, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calendar = calendar
        current = calendar.lunar.index_of(timezone.localdate())
        self.fields["month"].choices = [  # type: ignore[attr-defined]
            (index, hijri_month_label(*year_month(index)))
            for index in range(current - 2, current + 13)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        index, began_on = data.get("month"), data.get("began_on")
        if index is None or began_on is None:
            return data
        printed = self.calendar.lunar.month(index).start
        if began_on == printed:
            self.add_error(
                "began_on",
                ValidationError(
                    _("The calendar already starts this month on %(date)s."),
                    code="same",
                    params={"date": format_date(printed)},
                ),
            )
        elif abs((began_on - printed).days) > MAX_SHIFT_DAYS:
            self.add_error(
                "began_on",
                ValidationError(
                    _(
                        "The calendar starts this month on %(date)s; a sighting moves it by "
                        "a day or two, not by %(days)s days. Check the month and the date."
                    ),
                    code="far",
                    params={
                        "date": format_date(printed),
                        "days": local_digits(abs((began_on - printed).days)),
                    },
                ),
            )
        data["hijri_year"], data["hijri_month"] = year_month(index)
        return data


class ClosureForm(forms.Form):
    """An extra day off: a city-wide closure for pollution, a day of national mourning."""

    date = JalaliDateField(
        label=_("Date"), error_messages={"required": _("Enter the day that is closed.")}
    )
    title = forms.CharField(
        label=_("Occasion"),
        max_length=200,
        error_messages={"required": _("Write what the day off is for.")},
    )
    reason = REASON

    def __init__(self, *args: Any, calendar: OfficialCalendar, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calendar = calendar

    def clean_date(self) -> dt.date:
        date: dt.date = self.cleaned_data["date"]
        if date in self.calendar.days_off(date, date):
            raise ValidationError(
                _("%(date)s is already an official day off; nothing is recorded."),
                code="duplicate",
                params={"date": format_date(date)},
            )
        return date
