from __future__ import annotations

import re
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ravabet.lib.i18n import local_digits
from ravabet.lib.jalali import to_jalali
from ravabet.lib.jalali_forms import JalaliDateField
from ravabet.lib.persian import to_latin_digits
from ravabet.network.models import Department, Municipality

from .models import Category, Channel, Kind, Status
from .photos import check_image
from .validators import normalize_mobile, normalize_national_code

MAX_TEXT = 4000
MAX_PHOTOS = 3
STAFF_CHANNELS = [(c.value, c.label) for c in (Channel.PHONE, Channel.IN_PERSON, Channel.LETTER)]


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


def _decimal(value: str, low: float, high: float, message: str) -> Decimal | None:
    value = to_latin_digits(value or "").strip().replace("٫", ".")
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValidationError(message) from None
    if not low <= number <= high:
        raise ValidationError(message)
    return number.quantize(Decimal("0.000001"))


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
    latitude = forms.CharField(label=_("Latitude (optional)"), required=False, max_length=20)
    longitude = forms.CharField(label=_("Longitude (optional)"), required=False, max_length=20)
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

    def clean_latitude(self) -> Decimal | None:
        return _decimal(
            self.cleaned_data.get("latitude", ""), 24, 40, str(_("Enter a latitude in Iran."))
        )

    def clean_longitude(self) -> Decimal | None:
        return _decimal(
            self.cleaned_data.get("longitude", ""), 44, 64, str(_("Enter a longitude in Iran."))
        )

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
    # A field hidden from people; bots that fill every input give themselves away.
    website = forms.CharField(required=False, label=_("Leave this empty"))
    form_token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["form_token"] = uuid.uuid4().hex

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


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)


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
