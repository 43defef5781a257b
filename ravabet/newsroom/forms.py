from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ravabet.core.files import check_upload_name, sniff
from ravabet.lib.jalali_forms import JalaliDateTimeField

from .actions import clean_body, validate_schedule
from .importing import ImportedText, read_upload, split_news_text
from .messenger import UnsafeBotURL, check_bot_url
from .models import Category, Kind, NewsItem, NewsroomSettings, Status
from .photos import ProcessedPhoto, process_photo


class NewsItemForm(forms.ModelForm):
    class Meta:
        model = NewsItem
        fields = ["kind", "category", "surtitle", "title", "lead", "body", "tags", "festive"]
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 14}),
        }
        help_texts = {
            "body": _(
                "Paragraphs separated by a blank line, or simple HTML (paragraphs, lists, "
                "bold, links). Anything else is removed."
            )
        }

    unsafe_removed = False

    def clean_body(self) -> str:
        body, unsafe = clean_body(self.cleaned_data.get("body", ""))
        self.unsafe_removed = unsafe
        return body


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP, up to 15 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)
    credit = forms.CharField(label=_("Photographer / credit"), max_length=150, required=False)

    processed: ProcessedPhoto

    def clean_image(self) -> Any:
        upload = self.cleaned_data["image"]
        self.processed = process_photo(upload)
        return upload


class ImportForm(forms.Form):
    text = forms.CharField(
        label=_("News text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text=_("Paste the text of the report; the first paragraph becomes the lead."),
    )
    file = forms.FileField(
        label=_("…or a file"), required=False, help_text=_("A .txt or .docx file.")
    )
    title = forms.CharField(label=_("Headline"), max_length=250, required=False)
    source_agency = forms.CharField(
        label=_("Source agency"),
        max_length=150,
        required=False,
        help_text=_("Found in the text when it says so (e.g. «به گزارش خبرگزاری …»)."),
    )
    source_url = forms.URLField(label=_("Source URL"), max_length=500, required=False)

    imported: ImportedText

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            check_upload_name(upload.name or "", sniff(upload))
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text = cleaned.get("text") or ""
        upload = cleaned.get("file")
        if upload:
            text = read_upload(upload)
        if not text.strip():
            raise ValidationError(_("Paste a text or choose a file."))
        self.imported = split_news_text(text, cleaned.get("title") or "")
        return cleaned


class PublishForm(forms.Form):
    at = JalaliDateTimeField(
        label=_("Publish at"),
        required=False,
        help_text=_("Leave empty to publish now, or give a Jalali date and time (Tehran)."),
    )

    def clean_at(self) -> Any:
        at = self.cleaned_data.get("at")
        validate_schedule(at)
        return at


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 2})
    )
    correction = forms.CharField(
        label=_("Correction note for readers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class NewsroomSettingsForm(forms.ModelForm):
    manager_approval_kinds = forms.MultipleChoiceField(
        label=_("Kinds that need a manager's approval"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "After the PR head approves an item of these kinds, it waits for the approval "
            "of one of the municipality's managers before it is published."
        ),
    )

    class Meta:
        model = NewsroomSettings
        fields = [
            "sender_name",
            "sender_email",
            "press_contact",
            "press_email",
            "press_phone",
            "channel",
            "bot_api_url",
            "bot_token",
            "chat_id",
            "manager_approval_kinds",
        ]
        widgets = {"bot_token": forms.PasswordInput(render_value=True)}

    def __init__(self, *args: Any, managers: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.managers = managers or []

    def clean_manager_approval_kinds(self) -> list[str]:
        kinds = list(self.cleaned_data.get("manager_approval_kinds") or [])
        if kinds and not self.managers:
            raise ValidationError(
                _(
                    "This municipality has no member with the manager role, so nobody could "
                    "give the approval. Ask the administrator to add one first."
                ),
                code="no_manager",
            )
        # In the order of the kinds, whatever order the browser sent them in.
        return [k for k in Kind.values if k in kinds]

    def clean_bot_api_url(self) -> str:
        url = (self.cleaned_data.get("bot_api_url") or "").strip()
        if url:
            try:
                check_bot_url(url)
            except UnsafeBotURL as error:
                raise ValidationError(error.reason, code="unsafe") from None
        return url


class ManagerReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is returned"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The PR head and the writer see it with the item."),
    )


class StaffFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Status.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices]
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *Category.choices],
    )
    q = forms.CharField(label=_("Search the news"), required=False, max_length=200)


class PublicFilterForm(forms.Form):
    q = forms.CharField(label=_("Search the news"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices]
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *Category.choices],
    )
    tag = forms.CharField(label=_("Tag"), required=False, max_length=60)
