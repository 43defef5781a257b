from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ravabet.lib.forms import IntegerField
from ravabet.lib.jalali_forms import JalaliDateField
from ravabet.lib.persian import to_latin_digits
from ravabet.media.models import Journalist
from ravabet.network.models import Role, User
from ravabet.newsroom.models import NewsItem
from ravabet.voice.photos import check_image

from .models import Answer, CoverageRole, Event, Rule, Status

OFFSET_RANGE = 200
SCOPE_THIS = "this"
SCOPE_FOLLOWING = "following"


class TimeField(forms.TimeField):
    """A Tehran wall-clock time typed in Persian or Latin digits."""

    widget = forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric", "placeholder": "10:30"})
    default_error_messages = {"invalid": _("Enter a time such as 10:30.")}

    def to_python(self, value: Any) -> dt.time | None:
        if isinstance(value, str):
            value = to_latin_digits(value).strip()
        return super().to_python(value)


class EventForm(forms.ModelForm):
    start_date = JalaliDateField(label=_("First day"))
    end_date = JalaliDateField(
        label=_("Last day"), required=False, help_text=_("Empty: the same day.")
    )
    start_time = TimeField(
        label=_("Starts at"), required=False, help_text=_("Empty: an all-day event.")
    )
    end_time = TimeField(label=_("Ends at"), required=False)
    repeat = forms.ChoiceField(
        label=_("Repeats"),
        required=False,
        choices=[("", _("Does not repeat")), *Rule.choices],
        help_text=_(
            "On the Jalali calendar: the same day each year, or e.g. the first "
            "Saturday of every month."
        ),
    )
    until = JalaliDateField(
        label=_("Repeat until"), required=False, help_text=_("Empty: one year from now.")
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "occasion",
            "status",
            "start_date",
            "end_date",
            "start_time",
            "end_time",
            "place",
            "organiser",
            "audience",
            "is_public",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, new: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if new:
            self.fields["status"].choices = [  # type: ignore[attr-defined]
                (s.value, s.label) for s in (Status.PLANNED, Status.IDEA)
            ]
        else:
            del self.fields["status"]
            del self.fields["repeat"]
            del self.fields["until"]
            if self.instance.series_id:
                self.fields["scope"] = forms.ChoiceField(
                    label=_("Apply to"),
                    choices=[
                        (SCOPE_THIS, _("This occurrence only")),
                        (SCOPE_FOLLOWING, _("This and every later occurrence")),
                    ],
                    initial=SCOPE_THIS,
                    required=False,
                    widget=forms.RadioSelect,
                    help_text=_(
                        "Later occurrences take the title, place, times and the rest; each "
                        "keeps its own day. Held, reported and cancelled ones are left as "
                        "they are."
                    ),
                )
            if self.instance.pk:
                self.initial.update(
                    start_date=self.instance.start_date,
                    end_date=self.instance.end_date,
                    start_time=self.instance.start_time,
                    end_time=self.instance.end_time,
                )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and not end:
            data["end_date"] = end = start
        if start and end and end < start:
            self.add_error("end_date", _("The event cannot end before it starts."))
            return data
        start_time, end_time = data.get("start_time"), data.get("end_time")
        if end_time and not start_time:
            self.add_error("start_time", _("Give the start time too, or neither."))
        elif start and start == end and start_time and end_time and end_time < start_time:
            self.add_error("end_time", _("The event cannot end before it starts."))
        until = data.get("until")
        if data.get("repeat") and until and start and until < start:
            self.add_error("until", _("The repetition cannot end before the first day."))
        if start and end and (end - start).days > 366:
            self.add_error("end_date", _("An event lasts a year at most."))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when postponing or cancelling; everyone invited is told."),
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (s, Status(s).label) for s in event.next_statuses
        ]


def staff_choices(users: list[User]) -> list[tuple[str, str]]:
    return [("", "—")] + [(str(u.pk), str(u)) for u in users]


class TaskForm(forms.Form):
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    due = JalaliDateField(
        label=_("Due (set by hand)"),
        required=False,
        help_text=_("Empty: counted in working days from the event."),
    )

    def __init__(self, *args: Any, staff: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = {str(u.pk): u for u in staff}
        self.fields["owner"].choices = staff_choices(staff)  # type: ignore[attr-defined]

    def clean_owner(self) -> User | None:
        value = self.cleaned_data["owner"]
        return self.staff.get(value) if value else None


class NewTaskForm(TaskForm):
    title = forms.CharField(label=_("Task"), max_length=200)
    offset = IntegerField(
        label=_("Working days from the event"),
        min_value=-OFFSET_RANGE,
        max_value=OFFSET_RANGE,
        initial=-1,
        help_text=_("Negative: before the event; 0: the day; positive: after it."),
    )

    field_order = ["title", "offset", "owner"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["due"]


class TemplateLineForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    offset = IntegerField(
        label=_("Working days from the event"), min_value=-OFFSET_RANGE, max_value=OFFSET_RANGE
    )
    role = forms.ChoiceField(
        label=_("Done by"),
        initial=Role.PR_STAFF.value,
        choices=[
            (Role.PR_STAFF.value, Role.PR_STAFF.label),
            (Role.PR_HEAD.value, Role.PR_HEAD.label),
        ],
    )


TemplateFormSet = forms.formset_factory(
    TemplateLineForm, extra=2, can_delete=True, max_num=30, validate_max=True
)


class CoverageForm(forms.Form):
    role = forms.ChoiceField(label=_("Covers as"), choices=CoverageRole.choices)
    user = forms.ChoiceField(label=_("Person"))

    def __init__(self, *args: Any, staff: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = {str(u.pk): u for u in staff}
        self.fields["user"].choices = staff_choices(staff)[1:]  # type: ignore[attr-defined]

    def clean_user(self) -> User:
        value = self.cleaned_data["user"]
        if value not in self.staff:
            raise ValidationError(_("Choose someone of the office."))
        return self.staff[value]


class NewsLinkForm(forms.Form):
    item = forms.ModelChoiceField(label=_("News item"), queryset=NewsItem.objects.none())

    def __init__(self, *args: Any, municipality_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = NewsItem.objects.filter(  # type: ignore[attr-defined]
            municipality_id=municipality_id
        ).order_by("-pk")


class InviteForm(forms.Form):
    journalists = forms.ModelMultipleChoiceField(
        label=_("Journalists"),
        queryset=Journalist.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only those who agreed to receive invitations are listed."),
    )

    def __init__(self, *args: Any, municipality_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["journalists"].queryset = (  # type: ignore[attr-defined]
            Journalist.objects.filter(municipality_id=municipality_id)
            .reachable()
            .select_related("outlet")
        )


class ReportForm(forms.Form):
    attendance = IntegerField(label=_("Attendance"), required=False, min_value=0, max_value=10**6)
    report = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    photos_link = forms.URLField(label=_("Photos (link)"), required=False)


class PhotoForm(forms.Form):
    # A plain file field: the photo is judged by its header in clean_image (as every
    # upload of the project is), with that check's messages.
    image = forms.FileField(
        label=_("Photo"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP."),
        error_messages={"required": _("Choose a photo to add.")},
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    def clean_image(self) -> Any:
        upload = self.cleaned_data["image"]
        check_image(upload)
        return upload


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Will you come?"),
        choices=[(Answer.YES.value, Answer.YES.label), (Answer.NO.value, Answer.NO.label)],
        widget=forms.RadioSelect,
    )
