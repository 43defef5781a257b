from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ravabet.lib.jalali import TEHRAN
from ravabet.lib.jalali_forms import JalaliDateField
from ravabet.network.models import Municipality

from .facets import Scope
from .query import Order
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
    order = forms.ChoiceField(label=_("Order"), choices=Order.choices, required=False)

    def __init__(self, *args, scope: Scope | None = None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        kind = cast(forms.ChoiceField, self.fields["kind"])
        # Only the types the searcher can ever find: the public search offers no
        # citizens' messages or minutes, which are never public.
        audiences = None if scope is None else {reach.audience for reach in scope.reaches}
        kind.choices = [("", _("All types")), *kind_choices(audiences)]

    @property
    def filtered(self) -> bool:
        """Whether a filter narrows the search (for the advice when nothing is found)."""
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in ("municipality", "kind", "date_from", "date_to"))

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def scope(self, scope: Scope) -> Scope:
        """The user's scope narrowed by the valid form's filters."""
        data = self.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        return scope.narrowed(
            municipalities=frozenset([data["municipality"].pk])
            if data.get("municipality")
            else None,
            kind=data.get("kind") or None,
            start=datetime.combine(start, time.min, tzinfo=TEHRAN) if start else None,
            end=datetime.combine(end + timedelta(days=1), time.min, tzinfo=TEHRAN) if end else None,
        )
