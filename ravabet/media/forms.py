from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ravabet.lib.phones import normalize_phone
from ravabet.network.models import Municipality

from .importing import MAX_BYTES, read_table
from .models import Journalist, Outlet


class JournalistForm(forms.ModelForm):
    class Meta:
        model = Journalist
        fields = ["name", "outlet", "beat", "email", "phone", "notes", "consent"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        outlet = cast(forms.ModelChoiceField, self.fields["outlet"])
        outlet.queryset = Outlet.objects.filter(municipality=municipality)

    def _others(self):  # type: ignore[no-untyped-def]
        others = Journalist.objects.filter(municipality=self.instance.municipality)
        return others.exclude(pk=self.instance.pk) if self.instance.pk else others

    def clean_email(self) -> str:
        # The database constraint is the last word; this says it in words first (the
        # form cannot, as the municipality is not one of its fields).
        email = self.cleaned_data.get("email", "").strip()
        if email and self._others().filter(email__iexact=email).exists():
            raise ValidationError(_("A journalist with this email is already listed."))
        return email

    def clean_phone(self) -> str:
        phone = normalize_phone(self.cleaned_data.get("phone", ""))
        if phone and not 7 <= len(phone.lstrip("+")) <= 15:
            raise ValidationError(_("This is not a phone number."))
        if phone and self._others().filter(phone=phone).exists():
            raise ValidationError(_("A journalist with this phone is already listed."))
        return phone


class OutletForm(forms.ModelForm):
    class Meta:
        model = Outlet
        fields = ["name", "kind", "website", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality

    def clean_name(self) -> str:
        # As for a journalist's email: the constraint is the last word, this says it first.
        name: str = self.cleaned_data["name"]
        others = Outlet.objects.filter(municipality=self.instance.municipality, name=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(_("An outlet with this name is already listed."), code="unique")
        return name


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV or XLSX. The first row names the columns: name, outlet, beat, email, phone, "
            "notes, consent (Persian headings work too)."
        ),
    )

    table: list[list[str]]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        self.table = read_table(upload.name or "", upload.read(MAX_BYTES + 1))
        return upload


class DistributeForm(forms.Form):
    journalists = forms.ModelMultipleChoiceField(
        label=_("Journalists"),
        queryset=Journalist.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one journalist.")},
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["journalists"])
        field.queryset = (
            Journalist.objects.filter(municipality=municipality)
            .reachable()
            .select_related("outlet")
        )
        field.label_from_instance = lambda j: (  # type: ignore[method-assign,assignment]
            f"{j.name} — {j.outlet.name if j.outlet else ''} <{j.email}>"
        )


class PressSignupForm(forms.Form):
    """A journalist asks for press releases; the email that follows asks them to confirm."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Email"), max_length=254)
    outlet = forms.CharField(
        label=_("Outlet"),
        max_length=200,
        required=False,
        help_text=_("The agency, paper, station or site you write for."),
    )
    agree = forms.BooleanField(
        label=_(
            "I agree to receive press releases by email at this address, and to my name, "
            "address and outlet being kept on the PR office's media list for that purpose. "
            "I can unsubscribe from any release with one click."
        ),
        error_messages={"required": _("Tick the box to agree, or you cannot be signed up.")},
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Give your name."), code="required")
        return name

    def clean_outlet(self) -> str:
        return " ".join(self.cleaned_data["outlet"].split())

    def agreement(self) -> str:
        """The words the journalist agreed to, in the language they read them in."""
        return str(self.fields["agree"].label)
