from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ravabet.lib.jalali_forms import JalaliDateField
from ravabet.network.models import User

from .models import ReplyStatus, Tone, WatchKind


class SourceForm(forms.Form):
    url = forms.URLField(
        label=_("Address of the site or of its feed"),
        max_length=500,
        assume_scheme="https",
        help_text=_("A news site's page is enough: its RSS or Atom feed is found from it."),
    )
    name = forms.CharField(
        label=_("Outlet name"),
        max_length=200,
        required=False,
        help_text=_("Left empty, the feed's own title is used."),
    )


class WatchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=WatchKind.choices)
    aliases = forms.CharField(
        label=_("Other spellings and names"),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        required=False,
        help_text=_(
            "One per line. ي/ی, ك/ک, half-spaces and spacing need no separate line: they "
            "are matched whatever way they are typed."
        ),
    )
    exclusions = forms.CharField(
        label=_("Exclusions"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        required=False,
        help_text=_(
            "One phrase per line in which the name means something else (a street named "
            "after a person, a namesake)."
        ),
    )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give a name."))
        return name

    @staticmethod
    def lines(value: str) -> list[str]:
        return [line.strip()[:200] for line in value.splitlines() if line.strip()]


class ClipForm(forms.Form):
    tone = forms.ChoiceField(label=_("Tone"), choices=Tone.choices, widget=forms.RadioSelect)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReplyForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    deadline = JalaliDateField(label=_("Deadline"))

    def __init__(self, *args: Any, staff: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["owner"])
        field.queryset = User.objects.filter(pk__in=[u.pk for u in staff])


class ReplyUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ReplyStatus.choices)
    reply_url = forms.URLField(
        label=_("Reply published at"), required=False, max_length=500, assume_scheme="https"
    )
    deadline = JalaliDateField(label=_("Deadline"))
