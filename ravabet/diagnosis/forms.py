from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ravabet.lib.forms import IntegerField
from ravabet.lib.i18n import local_digits
from ravabet.lib.jalali import JalaliQuarter
from ravabet.meetings.models import Resolution
from ravabet.network.models import Network, Role, User

from . import metrics
from .actions import Given
from .models import Area, Problem, ProblemStatus, Question, Severity

SCALE_LIMIT = 100


class QuestionForm(forms.ModelForm):
    text = forms.CharField(
        label=_("Question"),
        max_length=400,
        error_messages={"required": _("Write the question.")},
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
    scale_min = IntegerField(label=_("Lowest score"), min_value=0, max_value=SCALE_LIMIT, initial=1)
    scale_max = IntegerField(
        label=_("Highest score"), min_value=1, max_value=SCALE_LIMIT, initial=5
    )
    metric = forms.ChoiceField(label=_("Measured by"), required=False)

    class Meta:
        model = Question
        fields = ["area", "text", "scale_min", "scale_max", "metric"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        metric = self.fields["metric"]
        metric.choices = [("", _("Nothing measured")), *metrics.metric_choices()]  # type: ignore[attr-defined]

    def clean_text(self) -> str:
        text = " ".join(self.cleaned_data["text"].split())
        if not text:
            raise forms.ValidationError(_("Write the question."))
        return text

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        low, high = data.get("scale_min"), data.get("scale_max")
        if low is not None and high is not None and high <= low:
            self.add_error("scale_max", _("The highest score must be above the lowest."))
        return data


def quarter_choices() -> list[tuple[str, str]]:
    current = JalaliQuarter.current()
    quarters = [current.next(), current]
    for _n in range(3):
        quarters.append(quarters[-1].previous())
    return [(f"{q.year}-{q.number}", str(q.label)) for q in quarters]


class QuarterField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=quarter_choices, **kwargs)

    def clean(self, value: Any) -> JalaliQuarter:  # type: ignore[override]
        text = super().clean(value)
        year, number = text.split("-")
        return JalaliQuarter(int(year), int(number))


class RoundForm(forms.Form):
    quarter = QuarterField(label=_("Quarter"))


class AnswersForm(forms.Form):
    """One score, a note and an optional problem per question of the round's version."""

    def __init__(
        self, *args: Any, questions: list[Question], initial_answers: dict[int, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            old = initial_answers.get(q.pk)
            self.fields[f"score_{q.pk}"] = IntegerField(
                label=q.text,
                initial=old.score if old else None,
                error_messages={"invalid": _("Enter a whole number as the score.")},
            )
            self.fields[f"note_{q.pk}"] = forms.CharField(
                label=_("Your note"),
                required=False,
                max_length=2000,
                initial=old.note if old else "",
                widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            )
            self.fields[f"problem_{q.pk}"] = forms.CharField(
                label=_("A problem to put in the register (optional)"),
                required=False,
                max_length=250,
                widget=forms.TextInput(attrs={"dir": "auto"}),
            )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        for q in self.questions:
            score = data.get(f"score_{q.pk}")
            if score is not None and not q.scale_min <= score <= q.scale_max:
                self.add_error(
                    f"score_{q.pk}",
                    _t("The score must be between %(low)s and %(high)s.")
                    % {"low": local_digits(q.scale_min), "high": local_digits(q.scale_max)},
                )
        return data

    def given(self) -> list[Given]:
        return [
            Given(
                q,
                self.cleaned_data[f"score_{q.pk}"],
                self.cleaned_data[f"note_{q.pk}"].strip(),
                self.cleaned_data[f"problem_{q.pk}"].strip(),
            )
            for q in self.questions
        ]

    def rows(self) -> list[tuple[Question, Any, Any, Any]]:
        return [
            (q, self[f"score_{q.pk}"], self[f"note_{q.pk}"], self[f"problem_{q.pk}"])
            for q in self.questions
        ]


class ProblemForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Area.choices)
    title = forms.CharField(
        label=_("Problem"), max_length=250, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial="medium")
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Say what the problem is."))
        return title


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ProblemStatus.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    resolutions = forms.ModelMultipleChoiceField(
        label=_("Resolutions that address it"),
        queryset=Resolution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, problem: Problem, network: Network, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "status": problem.status,
                "severity": problem.severity,
                "owner": problem.owner_id,
                "resolutions": list(problem.resolutions.values_list("pk", flat=True)),
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__network=network, memberships__role=Role.SECRETARIAT
        ).distinct()
        self.fields["resolutions"].queryset = (  # type: ignore[attr-defined]
            Resolution.objects.of_network(network).select_related("meeting").order_by("-pk")
        )
        self.fields["resolutions"].label_from_instance = lambda r: r.text[:120]  # type: ignore[attr-defined]


class IssueForm(forms.Form):
    quarter = QuarterField(label=_("Quarter"))
    narrative = forms.CharField(
        label=_("The secretariat's narrative"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
    )
    change_note = forms.CharField(
        label=_("What changed (for a correction)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
