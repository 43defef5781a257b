from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ravabet.lib.forms import IntegerField
from ravabet.lib.jalali import format_date
from ravabet.lib.jalali_forms import JalaliDateField, JalaliDateTimeField
from ravabet.network.models import Department, Municipality

from .files import validate_attachment
from .models import (
    AgendaItem,
    Attendance,
    Invitation,
    Meeting,
    OwnerKind,
    Resolution,
    ResolutionStatus,
    Statement,
)


class MeetingForm(forms.ModelForm):
    starts_at = JalaliDateTimeField(label=_("Date and time"))

    class Meta:
        model = Meeting
        fields = [
            "title",
            "starts_at",
            "duration_minutes",
            "place",
            "online_link",
            "occasion",
            "purpose",
            "reminder_days",
            "is_public",
        ]
        field_classes = {"duration_minutes": IntegerField, "reminder_days": IntegerField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.network_id is None:  # an office's own meetings are never public
            del self.fields["is_public"]

    def clean_starts_at(self) -> Any:
        value = self.cleaned_data["starts_at"]
        if value is not None and "starts_at" in self.changed_data and value < timezone.now():
            raise ValidationError(
                _("A meeting cannot be planned in the past; choose a later date and time."),
                code="past",
            )
        return value

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if not data.get("place") and not data.get("online_link"):
            raise ValidationError(_("Give a place or an online link for the meeting."))
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), widget=forms.Textarea)


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "duration_minutes", "is_standing"]
        field_classes = {"duration_minutes": IntegerField}


class ProposalForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "duration_minutes"]
        field_classes = {"duration_minutes": IntegerField}


class GuestForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["name", "title", "organisation", "email"]

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["email"].required = True

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if self.meeting.invitations.filter(email__iexact=email).exists():
            raise ValidationError(_("This email address is already invited."))
        return email


class RSVPForm(forms.Form):
    """The invitee's answer; shown again with the present answer chosen, to change it."""

    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            ("yes", _("I will attend")),
            ("no", _("I will not attend")),
            ("maybe", _("Maybe")),
        ],
        widget=forms.RadioSelect,
    )


class AttendanceForm(forms.Form):
    """One row per invitation, prefixed by its id."""

    attendance = forms.ChoiceField(label=_("Attendance"), choices=Attendance.choices)
    deputy = forms.CharField(label=_("Deputy"), required=False, max_length=150)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("What was said and decided"), widget=forms.Textarea, required=False
    )
    version = IntegerField(widget=forms.HiddenInput, min_value=0)


class StatementForm(forms.ModelForm):
    class Meta:
        model = Statement
        fields = ["speaker", "speaker_title", "municipality", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), validators=[validate_attachment])


class HeldForm(forms.Form):
    comment_days = IntegerField(
        label=_("Days attendees may comment on the minutes"), min_value=0, max_value=30, initial=3
    )


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}))
    asks_change = forms.BooleanField(
        label=_("I ask for a change to the minutes"),
        required=False,
        help_text=_("The minutes are not approved until the secretariat settles it."),
    )


class ResolutionForm(forms.ModelForm):
    deadline = JalaliDateField(label=_("Deadline"))

    class Meta:
        model = Resolution
        fields = [
            "text",
            "owner_kind",
            "owner_municipality",
            "owner_department",
            "owner_person",
            "owner_email",
            "deadline",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        if meeting.network is not None:
            members = meeting.network.members.all()
        else:
            members = Municipality.objects.filter(pk=meeting.host_municipality.pk)
        owner_municipality = cast(forms.ModelChoiceField, self.fields["owner_municipality"])
        owner_municipality.queryset = members
        owner_department = cast(forms.ModelChoiceField, self.fields["owner_department"])
        owner_department.queryset = Department.objects.filter(
            municipality__in=members
        ).select_related("municipality")
        owner_department.label_from_instance = lambda d: (  # type: ignore[method-assign,assignment]
            f"{d.name} — {d.municipality.name}"
        )

    def clean_deadline(self) -> Any:
        deadline = self.cleaned_data["deadline"]
        meeting_day = timezone.localtime(self.meeting.starts_at).date()
        if deadline is not None and deadline < meeting_day:
            raise ValidationError(
                _("The deadline cannot be before the meeting (%(date)s)."),
                params={"date": format_date(meeting_day)},
                code="before_meeting",
            )
        return deadline

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        kind = data.get("owner_kind")
        if kind == OwnerKind.MUNICIPALITY and not data.get("owner_municipality"):
            self.add_error("owner_municipality", _("Choose the municipality that owns it."))
        if kind == OwnerKind.DEPARTMENT:
            if data.get("owner_department"):
                data["owner_municipality"] = data["owner_department"].municipality
            else:
                self.add_error("owner_department", _("Choose the department that owns it."))
        if kind == OwnerKind.PERSON and not data.get("owner_person"):
            self.add_error("owner_person", _("Name the person who owns it."))
        if kind == OwnerKind.SECRETARIAT:
            data["owner_municipality"] = data["owner_department"] = None
        return data


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("What has been done"), widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (ResolutionStatus.IN_PROGRESS.value, ResolutionStatus.IN_PROGRESS.label),
            (ResolutionStatus.DONE.value, ResolutionStatus.DONE.label),
        ],
    )
    attachment = forms.FileField(
        label=_("Attachment"), required=False, validators=[validate_attachment]
    )


class CloseForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ResolutionStatus.choices)
    reason = forms.CharField(label=_("Reason (required to drop it)"), required=False)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("status") == ResolutionStatus.DROPPED and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the resolution is dropped."))
        return data


class NewsDraftForm(forms.Form):
    text = forms.CharField(
        label=_("News draft"), strip=False, widget=forms.Textarea(attrs={"rows": 24})
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Move up")), ("down", _("Move down"))])


class ExtendDeadlineForm(forms.Form):
    deadline = JalaliDateField(label=_("New deadline"))
    reason = forms.CharField(
        label=_("Reason for the extension"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Say why the deadline is extended.")},
    )

    def __init__(self, *args: Any, resolution: Resolution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.resolution = resolution

    def clean_deadline(self) -> Any:
        deadline = self.cleaned_data["deadline"]
        if deadline is not None and deadline <= self.resolution.deadline:
            raise ValidationError(
                _("The new deadline must be after the present one (%(date)s)."),
                params={"date": format_date(self.resolution.deadline)},
                code="not_later",
            )
        return deadline
