"""The crisis room: an incident, its append-only timeline, the facts ledger, numbered
statements published to every channel at once, contacts, shifts and rumours.

An incident concerns one or more municipalities (opened by a PR head for their own, or by
a network's secretariat for several members) and has one spokesperson: the only person
who approves what is said. Statements are numbered per incident when they are published,
under a lock on the incident's counter row, so two people publishing at the same moment
get two numbers with no gap and no repeat. A published statement is never changed: a new
one supersedes it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ravabet.lib.jalali import TEHRAN
from ravabet.network.models import Municipality, Network


class Kind(models.TextChoices):
    FLOOD = "flood", _("Flood")
    FIRE = "fire", _("Fire")
    EARTHQUAKE = "earthquake", _("Earthquake")
    STORM = "storm", _("Storm or heavy snow")
    WATER_CUT = "water_cut", _("Water cut")
    POWER_CUT = "power_cut", _("Power cut")
    ACCIDENT = "accident", _("Accident")
    RUMOUR = "rumour", _("A spreading rumour")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    SERIOUS = "serious", _("Serious")
    SEVERE = "severe", _("Severe")
    DISASTER = "disaster", _("Disaster")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class IncidentQuerySet(models.QuerySet["Incident"]):
    def open(self) -> IncidentQuerySet:
        return self.filter(status=IncidentStatus.OPEN)

    def concerning(self, municipality: Municipality) -> IncidentQuerySet:
        return self.filter(municipalities=municipality)

    def of(self, place: Municipality | Network) -> IncidentQuerySet:
        """A municipality's incidents, or those of a network's members (and its own)."""
        if isinstance(place, Network):
            return self.filter(
                Q(network=place) | Q(municipalities__in=place.members.values("pk"))
            ).distinct()
        return self.filter(municipalities=place)

    def with_people(self) -> IncidentQuerySet:
        return self.select_related("spokesperson", "opened_by", "network").prefetch_related(
            "municipalities"
        )


class Incident(models.Model):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)
    description = models.TextField(_("what is known at the start"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality, related_name="incidents", verbose_name=_("municipalities concerned")
    )
    # Set when the network's secretariat opened it for several members.
    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("network"),
    )
    spokesperson = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="incidents_spoken_for",
        verbose_name=_("spokesperson"),
        help_text=_("The one voice: only this person approves statements."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The counter row of statement numbers: read and raised under select_for_update.
    last_number = models.PositiveIntegerField(default=0)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="crisis_incident_kind"),
            models.CheckConstraint(
                condition=Q(severity__in=Severity.values), name="crisis_incident_severity"
            ),
            models.CheckConstraint(
                condition=Q(status__in=IncidentStatus.values), name="crisis_incident_status"
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status="closed", closed_at__isnull=False),
                name="crisis_incident_closed_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status"], condition=Q(status="open"), name="crisis_open")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("crisis:incident", args=[self.pk])

    get_office_url = get_absolute_url

    @property
    def is_open(self) -> bool:
        return self.status == IncidentStatus.OPEN


class TeamRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    WRITER = "writer", _("Statement writer")
    FACT_CHECKER = "fact_checker", _("Fact checker")
    MONITOR = "monitor", _("Media and rumour monitor")
    LIAISON = "liaison", _("Liaison with the services")
    MESSENGER = "messenger", _("Channels and press desk")


class TeamMember(models.Model):
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="team", verbose_name=_("incident")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    role = models.CharField(_("role"), max_length=20, choices=TeamRole.choices)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team")
        ordering = ["role", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=TeamRole.values), name="crisis_team_role"),
            models.UniqueConstraint(
                fields=["incident", "user", "role"], name="crisis_team_once_per_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


# --- the timeline -----------------------------------------------------------------------


class AppendOnly(Exception):
    """A timeline entry is never changed; a correction is a new entry."""


class EntryKind(models.TextChoices):
    NOTE = "note", _("Note")
    OPENED = "opened", _("Incident opened")
    FACT = "fact", _("Fact")
    STATEMENT = "statement", _("Statement")
    RUMOUR = "rumour", _("Rumour")
    SHIFT = "shift", _("Shift")
    CORRECTION = "correction", _("Correction")
    CLOSED = "closed", _("Incident closed")


class TimelineQuerySet(models.QuerySet["TimelineEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("The timeline is append-only.")

    def in_order(self) -> TimelineQuerySet:
        return self.order_by("happened_at", "pk")


class TimelineEntry(models.Model):
    """Who did or learned what, when. Written once: the model refuses updates."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="timeline", verbose_name=_("incident")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    text = models.TextField(_("what happened"))
    happened_at = models.DateTimeField(_("when"), default=timezone.now)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )

    objects: ClassVar[models.Manager[TimelineEntry]] = TimelineQuerySet.as_manager()

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline")
        ordering = ["happened_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EntryKind.values), name="crisis_entry_kind"
            ),
            models.CheckConstraint(
                condition=~Q(kind="correction") | Q(corrects__isnull=False),
                name="crisis_correction_points_back",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("A timeline entry is never edited; record a correction instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("A timeline entry is never deleted.")


# --- facts ------------------------------------------------------------------------------


class FactStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Unverified")
    VERIFIED = "verified", _("Verified")
    RETRACTED = "retracted", _("Retracted")


class FactQuerySet(models.QuerySet["Fact"]):
    def verified(self) -> FactQuerySet:
        return self.filter(status=FactStatus.VERIFIED)


class Fact(models.Model):
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="facts", verbose_name=_("incident")
    )
    text = models.TextField(_("fact"))
    source = models.CharField(
        _("source"),
        max_length=300,
        help_text=_("Who said it, or where it was seen: e.g. the fire service's duty officer."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=FactStatus.choices, default=FactStatus.UNVERIFIED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    retracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("retracted by"),
    )
    retracted_at = models.DateTimeField(_("retracted at"), null=True, blank=True)
    retraction_reason = models.TextField(_("why retracted"), blank=True)

    objects = FactQuerySet.as_manager()

    class Meta:
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=FactStatus.values), name="crisis_fact_status"
            ),
            models.CheckConstraint(
                condition=~Q(status="verified")
                | Q(verified_by__isnull=False, verified_at__isnull=False),
                name="crisis_fact_verified_has_who",
            ),
            models.CheckConstraint(
                condition=~Q(status="retracted")
                | Q(retracted_by__isnull=False, retracted_at__isnull=False),
                name="crisis_fact_retracted_has_who",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_verified(self) -> bool:
        return self.status == FactStatus.VERIFIED


# --- statements -------------------------------------------------------------------------


class Template(models.TextChoices):
    HOLDING = "holding", _("First holding statement")
    UPDATE = "update", _("Update")
    RUMOUR = "rumour", _("Answer to a rumour")
    ALL_CLEAR = "all_clear", _("All clear")


class StatementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING = "awaiting", _("Awaiting the spokesperson")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")
    DISCARDED = "discarded", _("Discarded")


# Not yet out: what closing an incident asks about.
UNPUBLISHED = (StatementStatus.DRAFT, StatementStatus.AWAITING, StatementStatus.APPROVED)
# Out, and stays on the record.
PUBLIC = (StatementStatus.PUBLISHED, StatementStatus.SUPERSEDED)


class StatementQuerySet(models.QuerySet["Statement"]):
    def public(self) -> StatementQuerySet:
        return self.filter(status__in=PUBLIC)

    def unpublished(self) -> StatementQuerySet:
        return self.filter(status__in=UNPUBLISHED)

    def newest_first(self) -> StatementQuerySet:
        return self.order_by("-published_at", "-number", "-pk")


class Statement(models.Model):
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="statements", verbose_name=_("incident")
    )
    template = models.CharField(_("template"), max_length=20, choices=Template.choices)
    # Given when published, from the incident's counter.
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    known = models.TextField(_("what we know"))
    doing = models.TextField(_("what we are doing"))
    next_update = models.CharField(
        _("when we will say more"),
        max_length=200,
        help_text=_("For example: at 18:00 today, or as soon as the water is back."),
    )
    facts = models.ManyToManyField(
        Fact, blank=True, related_name="statements", verbose_name=_("facts cited")
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=StatementStatus.choices,
        default=StatementStatus.DRAFT,
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    discarded_reason = models.TextField(_("why discarded"), blank=True)

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(template__in=Template.values), name="crisis_statement_template"
            ),
            models.CheckConstraint(
                condition=Q(status__in=StatementStatus.values), name="crisis_statement_status"
            ),
            models.UniqueConstraint(
                fields=["incident", "number"], name="crisis_statement_number_once"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["published", "superseded"])
                | Q(number__isnull=False, published_at__isnull=False, approved_by__isnull=False),
                name="crisis_statement_published_numbered",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_by__isnull=False),
                name="crisis_statement_approved_has_who",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("crisis:statement", args=[self.pk])

    get_office_url = get_absolute_url

    @property
    def is_editable(self) -> bool:
        return self.status in (StatementStatus.DRAFT, StatementStatus.AWAITING)

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC


class Channel(models.TextChoices):
    BANNER = "banner", _("Banner on the public pages")
    NEWSROOM = "newsroom", _("Public newsroom")
    MESSENGER = "messenger", _("Messenger channel")
    JOURNALISTS = "journalists", _("Journalists of the media list")


class StepStatus(models.TextChoices):
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not set up")


class Publication(models.Model):
    """One channel of one statement in one municipality: what was done there, or why not.
    The sends themselves (a channel post, each journalist's email) are the outbox's rows,
    linked here: their status is theirs."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="publications")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=10, choices=StepStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=1)
    news_item = models.ForeignKey(
        "newsroom.NewsItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel_post = models.ForeignKey(
        "newsroom.ChannelPost", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    distribution = models.ForeignKey(
        "media.Distribution", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["municipality_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="crisis_publication_channel"
            ),
            models.CheckConstraint(
                condition=Q(status__in=StepStatus.values), name="crisis_publication_status"
            ),
            models.UniqueConstraint(
                fields=["statement", "municipality", "channel"], name="crisis_publication_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement} · {self.channel} · {self.status}"

    @property
    def retryable(self) -> bool:
        """Failed here, or its post or a journalist's email failed in the outbox (with the
        distribution's deliveries prefetched, no query)."""
        if self.status == StepStatus.FAILED:
            return True
        if self.channel_post is not None and self.channel_post.retryable:
            return True
        if self.distribution is not None:
            return any(d.status == "failed" for d in self.distribution.deliveries.all())
        return False


# --- people -----------------------------------------------------------------------------


class Organisation(models.TextChoices):
    INTERNAL = "internal", _("Inside the municipality")
    FIRE = "fire", _("Fire service")
    RED_CRESCENT = "red_crescent", _("Red Crescent")
    GOVERNORATE = "governorate", _("Governorate")
    CRISIS_HQ = "crisis_hq", _("Crisis management headquarters")
    WATER = "water", _("Water and wastewater company")
    POWER = "power", _("Power distribution company")
    GAS = "gas", _("Gas company")
    POLICE = "police", _("Police")
    HEALTH = "health", _("Emergency medical services")
    MEDIA = "media", _("Media")
    OTHER = "other", _("Other")


STALE_AFTER_DAYS = 90


class ContactQuerySet(models.QuerySet["Contact"]):
    def stale(self, today: dt.date | None = None) -> ContactQuerySet:
        today = today or timezone.localdate()
        return self.filter(
            Q(last_verified_on__isnull=True)
            | Q(last_verified_on__lt=today - dt.timedelta(days=STALE_AFTER_DAYS))
        )


class Contact(models.Model):
    """Who to reach in a crisis, kept by a municipality's PR office."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="crisis_contacts",
        verbose_name=_("municipality"),
    )
    organisation = models.CharField(_("organisation"), max_length=20, choices=Organisation.choices)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30)
    phone_alt = models.CharField(_("other phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    last_verified_on = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=_("The day someone called and found the number right."),
    )

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["organisation", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__in=Organisation.values),
                name="crisis_contact_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_internal(self) -> bool:
        return self.organisation == Organisation.INTERNAL

    def is_stale(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.last_verified_on is None or (
            (today - self.last_verified_on).days > STALE_AFTER_DAYS
        )


# Night is 22:00 to 06:00 in Tehran.
NIGHT_STARTS = dt.time(22, 0)
NIGHT_ENDS = dt.time(6, 0)


class ShiftQuerySet(models.QuerySet["Shift"]):
    def in_order(self) -> ShiftQuerySet:
        return self.order_by("starts_at", "pk")


class Shift(models.Model):
    """Who is on duty for the incident, from when to when (aware UTC). Read by the
    workload evidence: keep the names user, incident, starts_at, ends_at, is_night."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("incident")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="crisis_shifts",
        verbose_name=_("who"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    duty = models.CharField(_("duty"), max_length=200, blank=True)

    objects = ShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="crisis_shift_ends_after"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_night(self) -> bool:
        """Whether any part of the shift falls between 22:00 and 06:00 Tehran time."""
        start = self.starts_at.astimezone(TEHRAN)
        end = self.ends_at.astimezone(TEHRAN)
        day = start.date() - dt.timedelta(days=1)
        while day <= end.date():
            night_start = dt.datetime.combine(day, NIGHT_STARTS, tzinfo=TEHRAN)
            night_end = dt.datetime.combine(day + dt.timedelta(days=1), NIGHT_ENDS, tzinfo=TEHRAN)
            if start < night_end and end > night_start:
                return True
            day += dt.timedelta(days=1)
        return False

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


# --- rumours ----------------------------------------------------------------------------


class RumourStatus(models.TextChoices):
    CHECKING = "checking", _("Checking")
    FALSE = "false", _("False")
    TRUE = "true", _("True")
    PARTLY_TRUE = "partly_true", _("Partly true")


class Rumour(models.Model):
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="rumours", verbose_name=_("incident")
    )
    text = models.TextField(_("what is being said"))
    where_seen = models.CharField(
        _("where seen"), max_length=300, help_text=_("A channel, a page, a street, a call.")
    )
    seen_at = models.DateTimeField(_("when seen"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=RumourStatus.choices, default=RumourStatus.CHECKING
    )
    answered_by = models.ForeignKey(
        Statement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rumours_answered",
        verbose_name=_("answered by the statement"),
    )
    reply = models.TextField(
        _("reply"), blank=True, help_text=_("The reply given where it was seen, if any.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("rumour")
        verbose_name_plural = _("rumours")
        ordering = ["-seen_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RumourStatus.values), name="crisis_rumour_status"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_answered(self) -> bool:
        return self.answered_by_id is not None or bool(self.reply)
