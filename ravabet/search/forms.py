from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ravabet.lib.jalali import TEHRAN
from ravabet.lib.jalali_forms import JalaliDateField
from ravabet.network.models import Municipality

from .sources import kind_choices


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=200, required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All municipalities"),
    )
    kind = forms.ChoiceField(label=_("Type"), required=False)
    date_from = JalaliDateField(label=_("From"), required=False)
    date_to = JalaliDateField(label=_("To"), required=False)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        kind = cast(forms.ChoiceField, self.fields["kind"])
        kind.choices = [("", _("All types")), *kind_choices()]

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def filters(self) -> dict[str, object]:
        """ORM filters for the entries, from the valid form's fields."""
        data = self.cleaned_data
        found: dict[str, object] = {}
        if data.get("municipality"):
            found["municipality"] = data["municipality"]
        if data.get("kind"):
            found["kind"] = data["kind"]
        if data.get("date_from"):
            found["date__gte"] = datetime.combine(data["date_from"], time.min, tzinfo=TEHRAN)
        if data.get("date_to"):
            found["date__lt"] = datetime.combine(
                data["date_to"] + timedelta(days=1), time.min, tzinfo=TEHRAN
            )
        return found
