"""The work log of a PR person, month by month; the evidence packs; the anonymous survey.

A `WorkMonth` is one person's log for one Jalali month in one office: drafted from what
Ravabet records, corrected and completed by the person, then confirmed (and closed). Each
`Entry` has a kind, a place (office or field), a start and an end (aware UTC), and says
where it came from: a Ravabet record (with a link to it) or the person's own hand.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ravabet.lib import jalali
from ravabet.network.models import Municipality


class Kind(models.TextChoices):
    NEWS = "news", _("News writing and editing")
    COVERAGE = "coverage", _("Event covered in the field")
    MEETING = "meeting", _("Meeting")
    CITIZENS = "citizens", _("Citizens' messages")
    PRESS = "press", _("Press work")
    CRISIS = "crisis", _("Crisis shift")
    CEREMONY = "ceremony", _("Ceremony or exhibition")
    FIELD_VISIT = "field_visit", _("Field visit")
    ON_CALL = "on_call", _("On call (a call out of hours)")
    OTHER = "other", _("Other work")


class Place(models.TextChoices):
    OFFICE = "office", _("Office")
    FIELD = "field", _("Field")


class Source(models.TextChoices):
    """Where an entry came from. Each drafting source in sources.py has one."""

    NEWSROOM = "newsroom", _("Newsroom")
    EVENTS = "events", _("Events")
    MEETINGS = "meetings", _("Meetings")
    VOICE = "voice", _("Citizens' voice")
    MEDIA = "media", _("Press distribution")
    CRISIS = "crisis", _("Crisis room")
    MANUAL = "manual", _("Entered by hand")


class WorkMonthQuerySet(models.QuerySet["WorkMonth"]):
    def confirmed(self) -> WorkMonthQuerySet:
        return self.filter(confirmed_at__isnull=False)

    def of_office(self, municipality: Municipality) -> WorkMonthQuerySet:
        return self.filter(municipality=municipality)


class WorkMonth(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="work_months",
        verbose_name=_("person"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    year = models.PositiveSmallIntegerField(_("Jalali year"))
    month = models.PositiveSmallIntegerField(_("Jalali month"))
    drafted_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkMonthQuerySet.as_manager()

    class Meta:
        verbose_name = _("work month")
        verbose_name_plural = _("work months")
        ordering = ["-year", "-month", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "municipality", "year", "month"], name="workload_month_once"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="workload_month_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.year}/{self.month:02d}"

    def get_absolute_url(self) -> str:
        return reverse("workload:month", args=[self.pk])

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def label(self) -> str:
        return f"{jalali.month_name(self.month)} {jalali.local_digits(str(self.year))}"

    @property
    def first_day(self) -> dt.date:
        return jalali.month_bounds(self.year, self.month)[0]

    @property
    def last_day(self) -> dt.date:
        return jalali.month_bounds(self.year, self.month)[1]

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The month's first and last instant (exclusive), Tehran midnight to midnight."""
        return day_start(self.first_day), day_start(self.last_day + dt.timedelta(days=1))


def day_start(day: dt.date) -> dt.datetime:
    """Midnight of ``day`` in Tehran, as aware UTC."""
    local = dt.datetime.combine(day, dt.time(0, 0), tzinfo=jalali.TEHRAN)
    return local.astimezone(dt.UTC)


class EntryQuerySet(models.QuerySet["Entry"]):
    def counted(self) -> EntryQuerySet:
        """What the person keeps: an entry they dismissed stays on record but counts not."""
        return self.filter(dismissed=False)

    def confirmed(self, by: dt.datetime | None = None) -> EntryQuerySet:
        """Entries of confirmed months (confirmed by ``by``, if given)."""
        rows = self.filter(month__confirmed_at__isnull=False)
        if by is not None:
            rows = rows.filter(month__confirmed_at__lte=by)
        return rows

    def starting_between(self, start: dt.datetime, end: dt.datetime) -> EntryQuerySet:
        return self.filter(starts_at__gte=start, starts_at__lt=end)

    def in_order(self) -> EntryQuerySet:
        return self.order_by("starts_at", "pk")


class Entry(models.Model):
    month = models.ForeignKey(
        WorkMonth, on_delete=models.CASCADE, related_name="entries", verbose_name=_("month")
    )
    kind = models.CharField(_("kind of work"), max_length=20, choices=Kind.choices)
    place = models.CharField(_("place of work"), max_length=10, choices=Place.choices)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    title = models.CharField(_("what was done"), max_length=300)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    after_hours_request = models.BooleanField(
        _("asked to do it out of working hours"),
        default=False,
        help_text=_("Someone asked for this work in the evening, at night or on a day off."),
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    # Drafted entries: which record they were drafted from (so drafting again finds them).
    source_key = models.CharField(max_length=120, blank=True)
    source_url = models.CharField(_("record"), max_length=300, blank=True)
    # The person changed the drafted times or kind: drafting again leaves it as they said.
    corrected = models.BooleanField(default=False)
    # The person took a drafted entry out of the log; kept, so drafting again does not
    # bring it back and nothing is lost.
    dismissed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("work log entry")
        verbose_name_plural = _("work log entries")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="workload_entry_kind"),
            models.CheckConstraint(
                condition=Q(place__in=Place.values), name="workload_entry_place"
            ),
            models.CheckConstraint(
                condition=Q(source__in=Source.values), name="workload_entry_source"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="workload_entry_ends_after",
                violation_error_message=_("The end is before the start (or the same time)."),
            ),
            models.UniqueConstraint(
                fields=["month", "source_key"],
                condition=~Q(source_key=""),
                name="workload_entry_drafted_once",
            ),
        ]
        indexes = [models.Index(fields=["month", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600

    @property
    def drafted(self) -> bool:
        return self.source != Source.MANUAL

    def overlaps(self, other: Entry) -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


class PackQuerySet(models.QuerySet["Pack"]):
    def of_office(self, municipality: Municipality) -> PackQuerySet:
        return self.filter(municipality=municipality)


class Pack(models.Model):
    """An evidence pack for a classification committee: a person's or the office's."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    # None: the whole office.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    statement = models.TextField(
        _("the office's statement"),
        blank=True,
        max_length=5000,
        help_text=_("What the duties are and why they are hard, in the office's own words."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = PackQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence pack")
        verbose_name_plural = _("evidence packs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="workload_pack_period",
                violation_error_message=_("The period ends before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.start}–{self.end}"

    def get_absolute_url(self) -> str:
        return reverse("workload:pack", args=[self.pk])

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        return day_start(self.start), day_start(self.end + dt.timedelta(days=1))

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


# --- the wellbeing survey (WHO-5; see survey.py) -----------------------------------------


class SurveyResponse(models.Model):
    """One anonymous answer: no person, no time, a random id (so neither the row's number
    nor a timestamp can be matched with who answered). Only the office and the month."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    item1 = models.PositiveSmallIntegerField()
    item2 = models.PositiveSmallIntegerField()
    item3 = models.PositiveSmallIntegerField()
    item4 = models.PositiveSmallIntegerField()
    item5 = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(item1__lte=5, item2__lte=5, item3__lte=5, item4__lte=5, item5__lte=5),
                name="workload_survey_items_range",
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="workload_survey_month_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year}/{self.month:02d}"

    @property
    def raw(self) -> int:
        return self.item1 + self.item2 + self.item3 + self.item4 + self.item5


class SurveyTaken(models.Model):
    """That a person answered in a month (so they answer once), never what they answered."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "municipality", "year", "month"], name="workload_survey_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.year}/{self.month:02d}"
