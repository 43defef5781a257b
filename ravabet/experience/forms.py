from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ravabet.meetings.files import validate_attachment

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


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}))
