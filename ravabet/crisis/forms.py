from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ravabet.lib.jalali_forms import JalaliDateField, JalaliDateTimeField
from ravabet.network.models import Membership, Municipality, Network, Role, User

from .models import (
    Contact,
    Fact,
    Incident,
    Rumour,
    Shift,
    Statement,
    StatementStatus,
    TeamRole,
    Template,
)


def staff_for(municipalities: list[Municipality], network: Network | None = None) -> list[User]:
    """Who may be the spokesperson or on the team: the places' staff and secretariat."""
    rows = Membership.objects.filter(municipality__in=municipalities)
    if network is not None:
        rows = rows | Membership.objects.filter(network=network, role=Role.SECRETARIAT)
    users = {m.user for m in rows.select_related("user")}
    return sorted(users, key=lambda u: (str(u), u.pk))


def _choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class IncidentForm(forms.ModelForm):
    started_at = JalaliDateTimeField(label=_("Started"), help_text=_("Empty: now."), required=False)
    spokesperson = UserChoiceField(queryset=User.objects.none(), label=_("Spokesperson"))
    team = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        label=_("Team"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    team_role = forms.ChoiceField(
        label=_("Their role in the team"), choices=TeamRole.choices, initial=TeamRole.WRITER
    )

    class Meta:
        model = Incident
        fields = ["title", "kind", "severity", "description", "spokesperson", "started_at"]
        widgets = {
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "description": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        }

    def __init__(
        self,
        *args: Any,
        municipalities: list[Municipality],
        network: Network | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        people = staff_for(municipalities, network)
        ids = [u.pk for u in people]
        chosen = User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "pk")
        _choices(self, "spokesperson").queryset = chosen
        _choices(self, "team").queryset = chosen
        self.network = network
        if network is not None:
            self.fields["municipalities"] = forms.ModelMultipleChoiceField(
                queryset=network.members.order_by("name"),
                label=_("Municipalities concerned"),
                widget=forms.CheckboxSelectMultiple,
            )

    def clean_started_at(self) -> Any:
        value = self.cleaned_data.get("started_at")
        if value is None:
            return timezone.now()
        if value > timezone.now():
            raise ValidationError(_("An incident that has not started is not opened yet."))
        return value


class EntryForm(forms.Form):
    text = forms.CharField(
        label=_("What happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    happened_at = JalaliDateTimeField(label=_("When"), required=False, help_text=_("Empty: now."))

    def clean_happened_at(self) -> Any:
        value = self.cleaned_data.get("happened_at")
        if value is not None and value > timezone.now():
            raise ValidationError(_("The timeline records what has happened, not what will."))
        return value


class CorrectionForm(forms.Form):
    text = forms.CharField(label=_("The correction"), max_length=2000)


class FactForm(forms.ModelForm):
    class Meta:
        model = Fact
        fields = ["text", "source"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            "source": forms.TextInput(attrs={"dir": "auto"}),
        }


class RetractForm(forms.Form):
    reason = forms.CharField(label=_("Why it is retracted"), max_length=1000)


class DraftForm(forms.Form):
    template = forms.ChoiceField(label=_("Template"), choices=Template.choices)


class StatementForm(forms.ModelForm):
    facts = forms.ModelMultipleChoiceField(
        queryset=Fact.objects.none(),
        label=_("Facts cited"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only verified facts can be cited."),
    )

    class Meta:
        model = Statement
        fields = ["title", "known", "doing", "next_update"]
        widgets = {
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "known": forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
            "doing": forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
            "next_update": forms.TextInput(attrs={"dir": "auto"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every fact of the incident is offered, so that choosing an unverified one is
        # refused with its reason, not silently dropped.
        _choices(self, "facts").queryset = self.instance.incident.facts.exclude(status="retracted")
        if self.instance.pk and not self.is_bound:
            self.initial["facts"] = list(self.instance.facts.values_list("pk", flat=True))

    def clean_facts(self) -> Any:
        facts = self.cleaned_data.get("facts") or []
        unverified = [f for f in facts if not f.is_verified]
        if unverified:
            raise ValidationError(
                _("A statement cites only verified facts; not verified: %(facts)s"),
                params={"facts": "، ".join(f.text[:60] for f in unverified)},
            )
        return facts


class DiscardForm(forms.Form):
    reason = forms.CharField(label=_("Why it is discarded"), max_length=500, required=False)


class RumourForm(forms.ModelForm):
    seen_at = JalaliDateTimeField(label=_("When seen"), required=False, help_text=_("Empty: now."))

    class Meta:
        model = Rumour
        fields = ["text", "where_seen", "seen_at"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            "where_seen": forms.TextInput(attrs={"dir": "auto"}),
        }

    def clean_seen_at(self) -> Any:
        return self.cleaned_data.get("seen_at") or timezone.now()


class StatementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}: {obj.title}"


class RumourStatusForm(forms.ModelForm):
    answered_by = StatementChoiceField(
        queryset=Statement.objects.none(), required=False, label=_("Answered by the statement")
    )

    class Meta:
        model = Rumour
        fields = ["status", "answered_by", "reply"]
        widgets = {"reply": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = _choices(self, "answered_by")
        field.queryset = Statement.objects.filter(
            incident_id=self.instance.incident_id,
            status__in=[StatementStatus.PUBLISHED, StatementStatus.SUPERSEDED],
        ).order_by("number")


class ShiftForm(forms.ModelForm):
    user = UserChoiceField(queryset=User.objects.none(), label=_("Who"))
    starts_at = JalaliDateTimeField(label=_("Starts"))
    ends_at = JalaliDateTimeField(label=_("Ends"))

    class Meta:
        model = Shift
        fields = ["user", "starts_at", "ends_at", "duty"]

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "user").queryset = User.objects.filter(pk__in=[u.pk for u in people])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A shift ends after it starts."))
        if starts and ends and (ends - starts).total_seconds() > 24 * 3600:
            self.add_error("ends_at", _("A shift is at most 24 hours; enter two shifts."))
        return data


class TeamForm(forms.Form):
    user = UserChoiceField(queryset=User.objects.none(), label=_("Who"))
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices)

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "user").queryset = User.objects.filter(pk__in=[u.pk for u in people])


class CloseForm(forms.Form):
    discard_drafts = forms.BooleanField(
        label=_("Discard the unpublished statements"), required=False
    )


class ContactForm(forms.ModelForm):
    last_verified_on = JalaliDateField(label=_("Last verified"), required=False)

    class Meta:
        model = Contact
        fields = [
            "organisation",
            "name",
            "role",
            "phone",
            "phone_alt",
            "email",
            "notes",
            "last_verified_on",
        ]
        widgets = {
            "phone": forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel"}),
            "phone_alt": forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"dir": "ltr"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_last_verified_on(self) -> Any:
        value = self.cleaned_data.get("last_verified_on")
        if value is not None and value > timezone.localdate():
            raise ValidationError(_("A contact cannot be verified in the future."))
        return value
