"""Events an office or the network's secretariat plans on the official calendar.

An event has one owner (a municipality, or a network whose secretariat runs it), a kind,
a place and its days: all-day events keep Tehran calendar dates, timed ones an aware UTC
start and end (the Tehran dates are kept beside them, so lists and feeds never convert
in the database). A recurring event is a ``Series`` on a Jalali rule whose occurrences
are events of their own: moving or cancelling one touches that event alone.

A checklist's task stores its offset in working days, not a date: its due date is
counted on read from the event's day and the official calendar as it is now (see
``checklist.py``), so a moved event, a local day off or a lunar correction moves it with
no second copy to keep in step.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ravabet.core.files import opaque_name
from ravabet.lib.jalali import TEHRAN
from ravabet.network.models import Municipality, Network, Role
from ravabet.outbox.models import Send, SendQuerySet


class Kind(models.TextChoices):
    CEREMONY = "ceremony", _("Ceremony")
    BOOTH = "booth", _("Exhibition: our booth")
    EXHIBITION_VISIT = "exhibition_visit", _("Exhibition: a visit")
    PRESS_CONFERENCE = "press_conference", _("Press conference")
    VISIT = "visit", _("Visit or tour")
    CAMPAIGN = "campaign", _("Campaign")
    OTHER = "other", _("Other")


# Kinds that celebrate: on a mourning day they get a warning.
FESTIVE_KINDS = frozenset({Kind.CEREMONY, Kind.BOOTH, Kind.CAMPAIGN})


class Status(models.TextChoices):
    IDEA = "idea", _("Idea")
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    HELD = "held", _("Held")
    REPORTED = "reported", _("Reported")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


# Where each status may go next. Postponing and cancelling need a reason.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.IDEA: (Status.PLANNED, Status.CANCELLED),
    Status.PLANNED: (Status.CONFIRMED, Status.POSTPONED, Status.CANCELLED),
    Status.CONFIRMED: (Status.HELD, Status.POSTPONED, Status.CANCELLED),
    Status.HELD: (Status.REPORTED,),
    Status.REPORTED: (),
    Status.POSTPONED: (Status.PLANNED, Status.CANCELLED),
    Status.CANCELLED: (),
}
NEEDS_REASON = frozenset({Status.POSTPONED, Status.CANCELLED})
# On public pages and feeds: what is decided (an idea is nobody's business yet).
SHOWN_STATUSES = (
    Status.PLANNED,
    Status.CONFIRMED,
    Status.HELD,
    Status.REPORTED,
    Status.POSTPONED,
    Status.CANCELLED,
)
ACTIVE_STATUSES = (Status.IDEA, Status.PLANNED, Status.CONFIRMED, Status.POSTPONED)


class Rule(models.TextChoices):
    YEARLY = "yearly", _("Every year on the same Jalali day")
    MONTHLY_WEEKDAY = "monthly_weekday", _("Every Jalali month on the same weekday")


def _one_owner(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(
            Q(network__isnull=False, municipality__isnull=True)
            | Q(network__isnull=True, municipality__isnull=False)
        ),
        name=f"{prefix}_one_owner",
    )


class Owned(models.Model):
    """A municipality's, or a network's (run by its secretariat)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("network"),
    )

    class Meta:
        abstract = True

    @property
    def owner(self) -> Municipality | Network:
        # The one-owner constraint guarantees exactly one of the two.
        return self.network or self.municipality  # type: ignore[return-value]

    @property
    def calendar_municipality(self) -> Municipality:
        """Whose working days count: the office's own, or the secretariat's host."""
        if self.network is not None:
            return self.network.host
        return self.municipality  # type: ignore[return-value]


class Series(Owned):
    """A Jalali rule (27 Ordibehesht every year; the first Saturday of every month)."""

    rule = models.CharField(_("repeats"), max_length=20, choices=Rule.choices)
    month = models.PositiveSmallIntegerField(_("Jalali month"), null=True, blank=True)
    day = models.PositiveSmallIntegerField(_("day of the month"), null=True, blank=True)
    # Saturday is 0 … Friday 6, as the official calendar's data counts them.
    weekday = models.PositiveSmallIntegerField(_("weekday"), null=True, blank=True)
    nth = models.PositiveSmallIntegerField(_("which one in the month"), null=True, blank=True)
    until = models.DateField(_("until"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recurring event")
        verbose_name_plural = _("recurring events")
        constraints = [
            _one_owner("events_series"),
            models.CheckConstraint(condition=Q(rule__in=Rule.values), name="events_series_rule"),
            models.CheckConstraint(
                condition=(
                    Q(rule="yearly", month__gte=1, month__lte=12, day__gte=1, day__lte=31)
                    | Q(rule="monthly_weekday", weekday__lte=6, nth__gte=1, nth__lte=5)
                ),
                name="events_series_rule_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.month or ''}/{self.day or ''} {self.weekday or ''}"


class EventQuerySet(models.QuerySet["Event"]):
    def of(self, place: Municipality | Network) -> EventQuerySet:
        if isinstance(place, Network):
            return self.filter(network=place)
        return self.filter(municipality=place)

    def public(self) -> EventQuerySet:
        return self.filter(is_public=True, status__in=SHOWN_STATUSES)

    def from_day(self, day: dt.date) -> EventQuerySet:
        return self.filter(end_date__gte=day)

    def in_order(self) -> EventQuerySet:
        return self.order_by("start_date", "starts_at", "pk")

    def with_owner(self) -> EventQuerySet:
        return self.select_related("municipality", "network__host")


class Event(Owned):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    occasion = models.CharField(
        _("occasion"),
        max_length=200,
        blank=True,
        help_text=_("For example: Journalist Day, 17 Mordad."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    all_day = models.BooleanField(_("all day"), default=False)
    # Tehran calendar days, for every event (the last day inclusive).
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    # Aware UTC; for an all-day event, Tehran midnight of the first day and of the day after
    # the last, so sorting and overlaps need no special case.
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Shown on the public events page and in the public calendar feed."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    status_reason = models.TextField(_("reason"), blank=True)
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("recurring event"),
    )
    # The day the series' rule gave this occurrence (it may since have been moved).
    series_date = models.DateField(null=True, blank=True)
    news = models.ManyToManyField(
        "newsroom.NewsItem", blank=True, related_name="events", verbose_name=_("news items")
    )
    # The short report after the event.
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    report = models.TextField(_("report"), blank=True)
    photos_link = models.URLField(_("photos (link)"), blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    # RFC 5545: one UID for the life of the event; SEQUENCE grows when its time changes.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start_date", "starts_at", "pk"]
        constraints = [
            _one_owner("events_event"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="events_event_kind"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="events_event_status"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date"))
                & Q(ends_at__gte=models.F("starts_at")),
                name="events_event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=sorted(NEEDS_REASON)) | ~Q(status_reason=""),
                name="events_event_reason_given",
            ),
            models.UniqueConstraint(
                fields=["series", "series_date"],
                condition=Q(series__isnull=False),
                name="events_event_once_per_series_date",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "start_date"]),
            models.Index(fields=["network", "start_date"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event", args=[self.pk])

    def set_days(
        self,
        start_date: dt.date,
        end_date: dt.date,
        start_time: dt.time | None = None,
        end_time: dt.time | None = None,
    ) -> None:
        """All-day when no times are given; times are Tehran wall-clock times."""
        self.start_date, self.end_date = start_date, end_date
        self.all_day = start_time is None
        if start_time is None:
            self.starts_at = dt.datetime.combine(start_date, dt.time(), tzinfo=TEHRAN)
            after = end_date + dt.timedelta(days=1)
            self.ends_at = dt.datetime.combine(after, dt.time(), tzinfo=TEHRAN)
        else:
            self.starts_at = dt.datetime.combine(start_date, start_time, tzinfo=TEHRAN)
            self.ends_at = dt.datetime.combine(end_date, end_time or start_time, tzinfo=TEHRAN)
        self.starts_at = self.starts_at.astimezone(dt.UTC)
        self.ends_at = self.ends_at.astimezone(dt.UTC)

    @property
    def start_time(self) -> dt.time | None:
        return None if self.all_day else timezone.localtime(self.starts_at, TEHRAN).time()

    @property
    def end_time(self) -> dt.time | None:
        return None if self.all_day else timezone.localtime(self.ends_at, TEHRAN).time()

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return TRANSITIONS.get(self.status, ())

    @property
    def is_closed(self) -> bool:
        return self.status in {Status.CANCELLED, Status.REPORTED}

    @property
    def is_moved(self) -> bool:
        return self.series_date is not None and self.series_date != self.start_date

    @property
    def is_press_conference(self) -> bool:
        return self.kind == Kind.PRESS_CONFERENCE

    @property
    def is_festive(self) -> bool:
        return self.kind in FESTIVE_KINDS


class TemplateItem(Owned):
    """One line of an office's (or the secretariat's) checklist for a kind of event.

    An office with no rows of its own for a kind uses the defaults in ``checklist.py``;
    the PR head's first change copies them here.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("task"), max_length=200)
    offset = models.SmallIntegerField(
        _("working days from the event"),
        help_text=_(
            "Negative: before the event (−5 is five working days before); 0: the day; "
            "positive: after it."
        ),
    )
    role = models.CharField(
        _("done by"),
        max_length=20,
        choices=[
            (Role.PR_HEAD.value, Role.PR_HEAD.label),
            (Role.PR_STAFF.value, Role.PR_STAFF.label),
        ],
        default=Role.PR_STAFF,
    )

    class Meta:
        verbose_name = _("checklist template item")
        verbose_name_plural = _("checklist template items")
        ordering = ["kind", "position", "pk"]
        constraints = [
            _one_owner("events_templateitem"),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values), name="events_templateitem_kind"
            ),
            models.CheckConstraint(
                condition=Q(role__in=[Role.PR_HEAD, Role.PR_STAFF]),
                name="events_templateitem_role",
            ),
            models.CheckConstraint(
                condition=Q(offset__gte=-200, offset__lte=200),
                name="events_templateitem_offset_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TaskQuerySet(models.QuerySet["Task"]):
    def open(self) -> TaskQuerySet:
        return self.filter(done_at__isnull=True)

    def of(self, place: Municipality | Network) -> TaskQuerySet:
        if isinstance(place, Network):
            return self.filter(event__network=place)
        return self.filter(event__municipality=place)

    def could_be_due_by(self, day: dt.date) -> TaskQuerySet:
        """Leave out tasks of events so far off that no offset among these tasks can bring
        their due date to ``day`` (counted generously: three calendar days per working
        day, and a month for Nowruz); one aggregate query first."""
        earliest = self.filter(offset__lt=0).aggregate(models.Min("offset"))["offset__min"]
        reach = -earliest if earliest is not None else 0
        return self.filter(
            Q(due_override__lte=day)
            | Q(
                due_override__isnull=True,
                event__start_date__lte=day + dt.timedelta(days=reach * 3 + 30),
            )
        )

    def live(self) -> TaskQuerySet:
        """Tasks of events still on (not cancelled, not reported)."""
        return self.filter(event__status__in=(*ACTIVE_STATUSES, Status.HELD))


class Task(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("event")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("task"), max_length=200)
    offset = models.SmallIntegerField(_("working days from the event"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_tasks",
        verbose_name=_("owner"),
    )
    # A date someone set by hand, or today when the offset fell before the day it was
    # planned; cleared when the event moves.
    due_override = models.DateField(_("due (set by hand)"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaskQuerySet.as_manager()

    # Counted on read (checklist.with_due_dates), never stored.
    due: dt.date | None = None

    class Meta:
        verbose_name = _("checklist task")
        verbose_name_plural = _("checklist tasks")
        ordering = ["event", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(offset__gte=-200, offset__lte=200), name="events_task_offset_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class TaskReminder(Send):
    """The reminder to a task's owner that it is due: once per task (the outbox key)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")

    @staticmethod
    def key_for(task_id: int) -> str:
        return f"event-task:{task_id}"

    def __str__(self) -> str:
        return self.key


def report_photo_path(instance: ReportPhoto, filename: str) -> str:
    return opaque_name("events/photos", filename)


class ReportPhoto(models.Model):
    """A photo of the report after the event. Served through ``serve_file`` only: to the
    office's readers, and to everyone once the event is public and reported."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=report_photo_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name or ""

    def get_absolute_url(self) -> str:
        return reverse("events:photo", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.event.is_public and self.event.status == Status.REPORTED


class CoverageRole(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    PHOTOGRAPHER = "photographer", _("Photographer")
    VIDEO = "video", _("Video")


class Coverage(models.Model):
    """Who covers the event for the office."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="coverage")
    role = models.CharField(_("covers as"), max_length=20, choices=CoverageRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_coverage",
        verbose_name=_("person"),
    )

    class Meta:
        verbose_name = _("coverage assignment")
        verbose_name_plural = _("coverage assignments")
        ordering = ["role", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=CoverageRole.values), name="events_coverage_role"
            ),
            models.UniqueConstraint(fields=["event", "role", "user"], name="events_coverage_once"),
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.user}"


class Answer(models.TextChoices):
    PENDING = "pending", _("No answer yet")
    YES = "yes", _("Will come")
    NO = "no", _("Will not come")


RSVP_SALT = "ravabet.events.rsvp"


class PressInvitationQuerySet(SendQuerySet["PressInvitation"]):
    pass


PressInvitationManager = models.Manager.from_queryset(PressInvitationQuerySet)


class PressInvitation(Send):
    """A press conference's invitation to one journalist of the media list: a send of the
    outbox, as a press release's Delivery is (its status, attempts and reason), with the
    journalist's answer from the signed link in the email."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="press_invitations")
    journalist = models.ForeignKey(
        "media.Journalist",
        on_delete=models.SET_NULL,
        null=True,
        related_name="event_invitations",
        verbose_name=_("journalist"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    base_url = models.URLField(_("site address"))

    objects: ClassVar[PressInvitationManager] = PressInvitationManager()

    class Meta:
        verbose_name = _("press invitation")
        verbose_name_plural = _("press invitations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="events_invitation_once"),
            models.CheckConstraint(
                condition=Q(answer__in=Answer.values), name="events_invitation_answer"
            ),
        ]

    @staticmethod
    def key_for(event_id: int, email: str) -> str:
        return f"event-invitation:{event_id}:{email.lower()}"

    def __str__(self) -> str:
        return f"{self.email} ({self.status})"

    def rsvp_token(self) -> str:
        return signing.dumps(self.pk, salt=RSVP_SALT)

    def rsvp_url(self) -> str:
        return self.base_url + reverse("events:rsvp", args=[self.rsvp_token()])


class EventNotice(Send):
    """Telling someone invited that the event was postponed or cancelled."""

    invitation = models.ForeignKey(
        PressInvitation, on_delete=models.CASCADE, related_name="notices"
    )
    event_status = models.CharField(max_length=20, choices=Status.choices)

    @staticmethod
    def key_for(invitation_id: int, status: str, sequence: int) -> str:
        return f"event-notice:{invitation_id}:{status}:{sequence}"
