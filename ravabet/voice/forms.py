from __future__ import annotations

import re
import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ravabet.lib.forms import DecimalNumberField
from ravabet.lib.i18n import local_digits
from ravabet.lib.jalali import to_jalali
from ravabet.lib.jalali_forms import JalaliDateField
from ravabet.lib.persian import to_latin_digits
from ravabet.network.models import Department, Municipality

from .models import PIN_LENGTH, Category, Channel, Kind, Status, clean_pin
from .photos import check_image
from .validators import normalize_mobile, normalize_national_code

MAX_TEXT = 4000
MAX_PHOTOS = 3
STAFF_CHANNELS = [(c.value, c.label) for c in (Channel.PHONE, Channel.IN_PERSON, Channel.LETTER)]


def new_form_token() -> str:
    """The one-time token of a contact form: a resent form is found by it (Message.form_token)."""
    return uuid.uuid4().hex


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        uploads = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        if len(uploads) > MAX_PHOTOS:
            raise ValidationError(_("Send at most three photos."), code="too_many")
        cleaned = [super(MultiplePhotoField, self).clean(upload, initial) for upload in uploads]
        if sum(upload.size or 0 for upload in cleaned) > settings.VOICE_PHOTOS_MAX_BYTES:
            raise ValidationError(
                _("The photos together may be at most %(mb)s MB.")
                % {"mb": local_digits(settings.VOICE_PHOTOS_MAX_BYTES // (1024 * 1024))},
                code="too_big",
            )
        for upload in cleaned:
            check_image(upload)
        return cleaned


def _coordinate(label: Promise, low: int, high: int, message: Promise) -> DecimalNumberField:
    """A map coordinate inside Iran: NaN, infinity or a point abroad gets ``message``."""
    wrong = {"invalid": message, "min_value": message, "max_value": message}
    return DecimalNumberField(
        label=label,
        required=False,
        min_value=low,
        max_value=high,
        decimal_places=6,
        error_messages=wrong,
    )


class MessageFieldsMixin(forms.Form):
    kind = forms.ChoiceField(label=_("What is it?"), choices=Kind.choices, widget=forms.RadioSelect)
    category = forms.ModelChoiceField(
        label=_("Subject"), queryset=Category.objects.none(), empty_label=_("Choose a subject")
    )
    text = forms.CharField(
        label=_("Your message"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Write your message."),
            "max_length": _("The message may be at most 4000 characters long."),
        },
    )
    address = forms.CharField(label=_("Address (optional)"), max_length=300, required=False)
    share_location = forms.BooleanField(
        label=_("Share the map point below with the municipality"), required=False
    )
    latitude = _coordinate(_("Latitude (optional)"), 24, 40, _("Enter a latitude in Iran."))
    longitude = _coordinate(_("Longitude (optional)"), 44, 64, _("Enter a longitude in Iran."))
    name = forms.CharField(label=_("Your name"), max_length=120)
    mobile = forms.CharField(
        label=_("Mobile number"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"}),
    )
    national_code = forms.CharField(
        label=_("National code (optional)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
    )
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        help_text=_("To be told by email when your message is answered."),
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
        error_messages={"invalid": _("Enter an email address such as name@example.com.")},
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["category"].queryset = Category.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, is_active=True
        )

    def clean_mobile(self) -> str:
        value = self.cleaned_data.get("mobile", "")
        if not value and not self.fields["mobile"].required:
            return ""
        return normalize_mobile(value)

    def clean_national_code(self) -> str:
        value = self.cleaned_data.get("national_code", "")
        return normalize_national_code(value) if value.strip() else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("share_location") and (
            data.get("latitude") is None or data.get("longitude") is None
        ):
            self.add_error("latitude", _("To share a location, give both latitude and longitude."))
        return data


class ContactForm(MessageFieldsMixin):
    photos = MultiplePhotoField(
        label=_("Photos (optional, up to three)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB each."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the municipality keeps my name and number to follow up this message; "
            "they are shown to no one outside its public-relations office."
        ),
        error_messages={"required": _("Please agree to how your details are used.")},
    )
    # Default no: a citizen writes to the office, not to the public. The wording says, as
    # FixMyStreet does, which parts become public and which never do.
    public_consent = forms.BooleanField(
        label=_("Show my message on the municipality's public list, without my name"),
        help_text=_(
            "If you tick this, anyone may read the subject and text of your message, its "
            "status and roughly where it is. Your name, mobile number, national code and "
            "address are never shown. Do not write personal details in the message."
        ),
        required=False,
    )
    # A field hidden from people; bots that fill every input give themselves away.
    website = forms.CharField(required=False, label=_("Leave this empty"))
    form_token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["form_token"] = new_form_token()

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise ValidationError(
                _("Your message looks automated and was not accepted. Leave the last field empty.")
            )
        return ""

    def clean_form_token(self) -> str:
        token = self.cleaned_data["form_token"]
        if not re.fullmatch(r"[0-9a-f]{32}", token):
            raise ValidationError(_("The form has expired; please send it again."))
        return token


class StaffMessageForm(MessageFieldsMixin):
    channel = forms.ChoiceField(label=_("Received by"), choices=STAFF_CHANNELS)
    consent = forms.BooleanField(
        label=_("The citizen agreed that we keep their name and number"), required=False
    )
    public_consent = forms.BooleanField(
        label=_(
            "The citizen agreed that the message be shown publicly, without their name "
            "or contact details"
        ),
        help_text=_("Ask them; without a clear yes, leave it unticked."),
        required=False,
    )

    field_order = ["channel", "kind", "category", "text"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mobile"].required = False
        self.fields["name"].required = False


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
    )

    def clean_code(self) -> str:
        code = re.sub(r"\D", "", to_latin_digits(self.cleaned_data["code"]))
        if len(code) != 8:
            raise ValidationError(_("A tracking code has eight digits."))
        return code


class PinForm(forms.Form):
    pin = forms.CharField(
        label=_("PIN"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "dir": "ltr", "autocomplete": "off", "size": 8}
        ),
        error_messages={"required": _("Enter the six-digit PIN you received with the code.")},
    )

    def clean_pin(self) -> str:
        pin = clean_pin(self.cleaned_data["pin"])
        if len(pin) != PIN_LENGTH:
            raise ValidationError(_("A PIN has six digits."))
        return pin


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with the answer?"),
        coerce=int,
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False, empty_label=_("all")
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("all"),
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    date_from = JalaliDateField(label=_("From"), required=False)
    date_to = JalaliDateField(label=_("To"), required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("all"))]
        self.fields["status"].choices = every + list(Status.choices)  # type: ignore[attr-defined]
        self.fields["kind"].choices = every + list(Kind.choices)  # type: ignore[attr-defined]
        self.fields["channel"].choices = every + list(Channel.choices)  # type: ignore[attr-defined]
        self.fields["category"].queryset = Category.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )
        self.fields["department"].queryset = Department.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )


class RouteForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, is_active=True
        )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Public reply to the citizen"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


REASON_INPUT = forms.Textarea(attrs={"rows": 2})


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        widget=REASON_INPUT,
        help_text=_("Needed when an answered or closed message is taken up again."),
    )

    def __init__(self, *args: Any, reopening: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # reopening(status) says whether that status takes the message up again.
        self.reopening = reopening

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status = data.get("status")
        reopening = bool(status and self.reopening and self.reopening(status))
        if reopening and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Write why the message is taken up again."))
        return data


class DeadlineForm(forms.Form):
    due_on = JalaliDateField(label=_("New deadline"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=REASON_INPUT,
        error_messages={"required": _("Write why the deadline changes.")},
    )

    def __init__(self, *args: Any, received_on: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.received_on = received_on

    def clean_due_on(self) -> Any:
        due_on = self.cleaned_data["due_on"]
        if self.received_on and due_on < self.received_on:
            raise ValidationError(_("The deadline cannot be before the message was received."))
        return due_on


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the answer not enough?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write why you are reopening the message.")},
    )


class MergeForm(forms.Form):
    original = forms.CharField(
        label=_("Tracking code of the original message"),
        max_length=20,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric"}),
    )

    def clean_original(self) -> str:
        return re.sub(r"\D", "", to_latin_digits(self.cleaned_data["original"]))


# Text, not number, inputs: they show Persian digits and accept either kind typed.
DAYS_INPUT = forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", "size": 4})


class VoiceSettingsForm(forms.Form):
    thursday_off = forms.BooleanField(
        label=_("Thursday is a day off"),
        required=False,
        help_text=_("Friday is always off; many offices also close on Thursday."),
    )
    reopen_days = forms.IntegerField(
        label=_("Days a citizen may reopen an answered message"),
        widget=DAYS_INPUT,
        min_value=1,
        max_value=365,
        error_messages={
            "required": _("Enter the number of days."),
            "invalid": _("Enter a whole number of days."),
            "min_value": _("The reopen window must be at least one day."),
            "max_value": _("The reopen window can be at most 365 days."),
        },
    )


class HolidayForm(forms.Form):
    """A local day off inside the Jalali year the page shows."""

    date = JalaliDateField(label=_("Date"))
    name = forms.CharField(
        label=_("Occasion"),
        max_length=200,
        error_messages={"required": _("Write what the holiday is for.")},
    )

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year

    def clean_date(self) -> Any:
        date = self.cleaned_data["date"]
        if to_jalali(date)[0] != self.year:
            raise ValidationError(
                _("This date is not in the year %(year)s; choose a day of that year."),
                code="year",
                params={"year": local_digits(self.year)},
            )
        return date


class CategoryForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        error_messages={"required": _("Write the category's name.")},
    )
    name_en = forms.CharField(
        label=_("Name in English"),
        max_length=150,
        required=False,
        help_text=_("Shown on English pages; the Persian name when empty."),
        widget=forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
    )
    deadline_days = forms.IntegerField(
        label=_("Deadline in working days"),
        widget=DAYS_INPUT,
        min_value=1,
        max_value=365,
        error_messages={
            "required": _("Enter the deadline in working days."),
            "invalid": _("Enter a whole number of working days."),
            "min_value": _("The deadline must be at least one working day."),
            "max_value": _("The deadline can be at most 365 working days."),
        },
    )


class CategoryEditForm(CategoryForm):
    is_active = forms.BooleanField(label=_("Active"), required=False)
    is_public = forms.BooleanField(
        label=_("Shown publicly"),
        required=False,
        help_text=_("Messages whose citizens agreed are listed publicly, without names."),
    )

    def __init__(self, *args: Any, can_be_public: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.can_be_public = can_be_public
        if not can_be_public:
            field = self.fields["is_public"]
            field.disabled = True
            field.help_text = _("Complaints about staff are never shown publicly.")

    def clean_is_public(self) -> bool:
        value = bool(self.cleaned_data.get("is_public"))
        if value and not self.can_be_public:
            raise ValidationError(_("Complaints about staff are never shown publicly."))
        return value
