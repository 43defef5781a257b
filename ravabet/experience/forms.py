from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ravabet.meetings.files import validate_attachment
from ravabet.network.models import Municipality

from .models import Experience


class ExperienceForm(forms.ModelForm):
    attachment = forms.FileField(
        label=_("Attachment"), required=False, validators=[validate_attachment]
    )

    class Meta:
        model = Experience
        fields = ["title", "problem", "action", "result", "tags"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 4}),
            "action": forms.Textarea(attrs={"rows": 4}),
            "result": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean_title(self) -> str:
        # The database constraint (one title per municipality) is the last word; this says
        # it in words first, as the municipality is not one of the form's fields.
        title: str = self.cleaned_data["title"]
        others = Experience.objects.filter(municipality=self.municipality, title=title)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(
                _("Your municipality has already shared an experience with this title."),
                code="unique",
            )
        return title


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}))
