from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ravabet.lib.jalali import TEHRAN
from ravabet.lib.jalali_forms import JalaliDateField
from ravabet.lib.persian import normalize
from ravabet.network.models import Municipality

from .facets import Scope
from .query import Order
from .sources import kind_choices


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=200, required=False)
    # A name typed (or a slug from a link), not a list of every municipality: at national
    # scale a dropdown of 1,400 names made every search page 300 KB.
    municipality = forms.CharField(
        label=_("Municipality"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("All municipalities"), "dir": "auto"}),
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

    def clean_municipality(self) -> Municipality | None:
        typed = self.cleaned_data["municipality"].strip()
        if not typed:
            return None
        found = Municipality.objects.filter(
            Q(slug=typed) | Q(name=typed) | Q(name=normalize(typed)) | Q(name_en__iexact=typed)
        ).first()
        if found is None:
            raise forms.ValidationError(
                _("No municipality is called “%(name)s”; check the spelling, or leave it empty.")
                % {"name": typed}
            )
        return found

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
