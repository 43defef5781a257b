from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ravabet.core.files import opaque_name
from ravabet.lib.jalali import JalaliQuarter
from ravabet.network.models import Department, Municipality, Network
from ravabet.outbox.models import Send
from ravabet.outbox.models import Status as SendStatus


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    APPROVED = "approved", _("Minutes approved")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def of_network(self, network: Network) -> MeetingQuerySet:
        return self.filter(network=network)

    def of_municipality(self, municipality: Municipality) -> MeetingQuerySet:
        return self.filter(municipality=municipality)

    def upcoming(self) -> MeetingQuerySet:
        return self.filter(status=MeetingStatus.PLANNED, starts_at__gte=timezone.now()).order_by(
            "starts_at"
        )

    def not_cancelled(self) -> MeetingQuerySet:
        return self.exclude(status=MeetingStatus.CANCELLED)

    def public(self) -> MeetingQuerySet:
        """What a visitor may see: a network's meetings its secretariat made public on
        purpose, not cancelled. An office's own meetings are never public."""
        return self.filter(is_public=True, network__isnull=False).exclude(
            status=MeetingStatus.CANCELLED
        )


class Meeting(models.Model):
    """A network's quarterly meeting (convened by its secretariat) or an office's own."""

    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("network"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    quarter_year = models.PositiveSmallIntegerField(_("Jalali year served"))
    quarter_number = models.PositiveSmallIntegerField(_("quarter served"))
    occasion = models.CharField(
        _("occasion"),
        max_length=200,
        blank=True,
        help_text=_("For example: PR Day, 27 Ordibehesht."),
    )
    purpose = models.CharField(
        _("purpose"),
        max_length=300,
        blank=True,
        help_text=_("Why the meeting is held, in a phrase; the news lead uses it."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    is_quarterly = models.BooleanField(_("quarterly network meeting"), default=False)
    is_public = models.BooleanField(
        _("shown on the network's public page"),
        default=False,
        help_text=_(
            "Visitors see its date and topics, and its resolutions once the minutes are "
            "approved. An office's own meetings are never public."
        ),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("send a reminder this many days before"), default=2
    )
    # RFC 5545: one UID for the life of the meeting; SEQUENCE grows with each change of
    # time or place so calendars update the entry instead of adding a second one.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    comments_until = models.DateTimeField(_("comments accepted until"), null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    news_draft = models.TextField(_("news draft"), blank=True)
    news_draft_at = models.DateTimeField(null=True, blank=True)
    news_item = models.OneToOneField(
        "newsroom.NewsItem",
        verbose_name=_("draft in the newsroom"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values), name="meeting_status_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(network__isnull=False, municipality__isnull=True)
                    | Q(network__isnull=True, municipality__isnull=False)
                ),
                name="meeting_one_owner",
            ),
            models.CheckConstraint(
                condition=~Q(status=MeetingStatus.CANCELLED) | ~Q(cancel_reason=""),
                name="meeting_cancel_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(quarter_number__gte=1, quarter_number__lte=4),
                name="meeting_quarter_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", args=[self.pk])

    @property
    def owner(self) -> Network | Municipality:
        # The meeting_one_owner constraint guarantees exactly one of the two.
        return self.network or self.municipality  # type: ignore[return-value]

    @property
    def host_municipality(self) -> Municipality:
        if self.network is not None:
            return self.network.host
        return self.municipality  # type: ignore[return-value]

    @property
    def quarter(self) -> JalaliQuarter:
        return JalaliQuarter(self.quarter_year, self.quarter_number)

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_planned(self) -> bool:
        return self.status == MeetingStatus.PLANNED

    @property
    def minutes_editable(self) -> bool:
        return self.status in {MeetingStatus.PLANNED, MeetingStatus.HELD}

    @property
    def comments_open(self) -> bool:
        return (
            self.status == MeetingStatus.HELD
            and self.comments_until is not None
            and timezone.now() < self.comments_until
        )


class AgendaStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class AgendaKind(models.TextChoices):
    ITEM = "item", _("Item")
    REVIEW = "review", _("Review of open resolutions")
    FOLLOW_UP = "follow_up", _("Open resolution")


class AgendaItemQuerySet(models.QuerySet["AgendaItem"]):
    def accepted(self) -> AgendaItemQuerySet:
        return self.filter(status=AgendaStatus.ACCEPTED)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    presenter = models.CharField(_("presenter"), max_length=150, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("planned minutes"), default=15)
    kind = models.CharField(max_length=20, choices=AgendaKind.choices, default=AgendaKind.ITEM)
    is_standing = models.BooleanField(
        _("standing item"),
        default=False,
        help_text=_("Copied onto the agenda of the next quarterly meeting."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AgendaStatus.choices, default=AgendaStatus.ACCEPTED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_for = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by municipality"),
    )
    resolution = models.ForeignKey(
        "Resolution",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agenda_items",
        help_text=_("An open resolution carried onto this agenda."),
    )
    minutes = models.TextField(_("what was said and decided"), blank=True)
    # Optimistic concurrency: a save must name the version it started from.
    minutes_version = models.PositiveIntegerField(default=0)
    minutes_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    minutes_edited_at = models.DateTimeField(null=True, blank=True)

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AgendaStatus.values), name="agenda_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AgendaKind.values), name="agenda_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["meeting", "resolution"],
                condition=Q(resolution__isnull=False),
                name="agenda_resolution_once_per_meeting",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Statement(models.Model):
    """A key statement in the minutes, attributed to a named person."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="statements", verbose_name=_("item")
    )
    speaker = models.CharField(_("speaker"), max_length=150)
    speaker_title = models.CharField(_("speaker's title"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    text = models.TextField(_("what they said"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.speaker}: {self.text[:40]}"


class RSVP(models.TextChoices):
    PENDING = "pending", _("No answer yet")
    YES = "yes", _("Will attend")
    NO = "no", _("Will not attend")
    MAYBE = "maybe", _("May attend")


class Attendance(models.TextChoices):
    UNKNOWN = "unknown", _("Not recorded")
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    ABSENT = "absent", _("Absent")


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def with_sent_at(self) -> InvitationQuerySet:
        """`sent_at`: when the invitation (any version) last reached the mail server."""
        return self.annotate(
            sent_at=models.Max(
                "sends__sent_at", filter=Q(sends__reminder=False, sends__status=SendStatus.SENT)
            )
        )


class Invitation(models.Model):
    """One person asked to the meeting: a member's PR head or a guest without an account.

    The same row records whether they answered and whether they came (or sent a deputy),
    so the attendee list in the minutes is exactly the invitation list. What was emailed
    to them is in `sends` (the outbox).
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_invitations",
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    rsvp = models.CharField(_("answer"), max_length=10, choices=RSVP.choices, default=RSVP.PENDING)
    rsvp_at = models.DateTimeField(null=True, blank=True)
    # Part of the signed RSVP link (so a link cannot be made from the id alone); it stays
    # the same, so the link shows and changes the answer until the meeting starts.
    rsvp_nonce = models.UUIDField(default=uuid.uuid4)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    deputy = models.CharField(
        _("attended by a deputy"),
        max_length=150,
        blank=True,
        help_text=_("Name of the person who came in their place."),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(rsvp__in=RSVP.values), name="invitation_rsvp_valid"),
            models.CheckConstraint(
                condition=Q(attendance__in=Attendance.values), name="invitation_attendance_valid"
            ),
            models.UniqueConstraint(
                fields=["meeting", "email"],
                condition=~Q(email=""),
                name="invitation_email_once_per_meeting",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_guest(self) -> bool:
        return self.user_id is None

    @property
    def came(self) -> bool:
        return self.attendance in {Attendance.PRESENT, Attendance.LATE}

    @property
    def affiliation(self) -> str:
        if self.municipality is not None:
            return self.municipality.display_name
        return self.organisation

    @property
    def sent_sequence(self) -> int:
        """The meeting's SEQUENCE last sent to this person (-1: none yet)."""
        top = self.sends.filter(reminder=False, status=SendStatus.SENT).aggregate(
            top=models.Max("sequence")
        )["top"]
        return -1 if top is None else top


class InvitationSend(Send):
    """One email to an invitee, through the outbox: a version (SEQUENCE) of the
    invitation, or the reminder before the meeting (once)."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="sends")
    sequence = models.IntegerField()
    reminder = models.BooleanField(default=False)

    @staticmethod
    def key_for(invitation_id: int, sequence: int, *, reminder: bool = False) -> str:
        if reminder:
            return f"meeting-reminder:{invitation_id}"
        return f"invitation:{invitation_id}:{sequence}"

    def __str__(self) -> str:
        return self.key


def attachment_path(instance: models.Model, filename: str) -> str:
    # Random: what the uploader called the file is kept in `name`, not on disk.
    return opaque_name("meetings/attachments", filename)


def progress_attachment_path(instance: models.Model, filename: str) -> str:
    return opaque_name("meetings/progress", filename)


class MinutesAttachment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:attachment-file", args=[self.pk])


class MinutesCommentQuerySet(models.QuerySet["MinutesComment"]):
    def pending_changes(self) -> MinutesCommentQuerySet:
        """Requests for a change to the minutes that the secretariat has not settled."""
        return self.filter(asks_change=True, settled_at__isnull=True)


class MinutesComment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"))
    asks_change = models.BooleanField(_("asks for a change to the minutes"), default=False)
    # A change request is settled by the secretariat (minutes corrected, or answered);
    # the minutes are not approved while one is pending.
    settled_at = models.DateTimeField(null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MinutesCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


class ResolutionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = (ResolutionStatus.OPEN, ResolutionStatus.IN_PROGRESS)


class OwnerKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("A municipality")
    DEPARTMENT = "department", _("A department")
    PERSON = "person", _("A named person")
    SECRETARIAT = "secretariat", _("The secretariat")


class ResolutionQuerySet(models.QuerySet["Resolution"]):
    def open(self) -> ResolutionQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: dt.date | None = None) -> ResolutionQuerySet:
        return self.open().filter(deadline__lt=today or timezone.localdate())

    def of_network(self, network: Network) -> ResolutionQuerySet:
        return self.filter(meeting__network=network)

    def owned_by(self, municipality: Municipality) -> ResolutionQuerySet:
        return self.filter(owner_municipality=municipality)

    def oldest_overdue_first(self) -> ResolutionQuerySet:
        # Open ones first, by deadline (the oldest overdue leads), then the closed.
        return self.annotate(
            closed=models.Case(
                models.When(status__in=OPEN_STATUSES, then=0),
                default=1,
                output_field=models.IntegerField(),
            )
        ).order_by("closed", "deadline", "pk")

    def with_owner(self) -> ResolutionQuerySet:
        return self.select_related(
            "meeting", "meeting__network", "owner_municipality", "owner_department"
        )


class Resolution(models.Model):
    """A decision taken in a meeting, followed up until it is done or dropped."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="resolutions", verbose_name=_("meeting")
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name=_("agenda item"),
    )
    text = models.TextField(_("resolution"))
    owner_kind = models.CharField(_("owner"), max_length=20, choices=OwnerKind.choices)
    owner_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name=_("owner municipality"),
    )
    owner_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name=_("owner department"),
    )
    owner_person = models.CharField(_("owner person"), max_length=150, blank=True)
    owner_email = models.EmailField(_("owner's email"), blank=True)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ResolutionStatus.choices,
        default=ResolutionStatus.OPEN,
    )
    drop_reason = models.TextField(_("reason for dropping"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["meeting", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ResolutionStatus.values), name="resolution_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(owner_kind__in=OwnerKind.values), name="resolution_owner_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ResolutionStatus.DROPPED) | ~Q(drop_reason=""),
                name="resolution_dropped_has_reason",
            ),
            models.CheckConstraint(
                condition=(
                    Q(owner_kind=OwnerKind.SECRETARIAT)
                    | Q(owner_kind=OwnerKind.MUNICIPALITY, owner_municipality__isnull=False)
                    | Q(
                        owner_kind=OwnerKind.DEPARTMENT,
                        owner_department__isnull=False,
                        owner_municipality__isnull=False,
                    )
                    | (Q(owner_kind=OwnerKind.PERSON) & ~Q(owner_person=""))
                ),
                name="resolution_owner_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("meetings:resolution", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.deadline < timezone.localdate()

    @property
    def owner_label(self) -> str:
        if self.owner_kind == OwnerKind.SECRETARIAT:
            return str(_("the secretariat"))
        if self.owner_kind == OwnerKind.DEPARTMENT and self.owner_department is not None:
            department = self.owner_department
            return f"{department.display_name} — {department.municipality.display_name}"
        if self.owner_kind == OwnerKind.PERSON:
            if self.owner_municipality is not None:
                return f"{self.owner_person} — {self.owner_municipality.display_name}"
            return self.owner_person
        return self.owner_municipality.display_name if self.owner_municipality else ""


class DeadlineChange(models.Model):
    """A resolution's deadline moved: the old one, the new one, why, who and when."""

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="deadline_changes"
    )
    old_deadline = models.DateField(_("old deadline"))
    new_deadline = models.DateField(_("new deadline"))
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deadline change")
        verbose_name_plural = _("deadline changes")
        ordering = ["changed_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="deadline_change_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.resolution_id}: {self.old_deadline} → {self.new_deadline}"


class ProgressUpdate(models.Model):
    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="updates", verbose_name=_("resolution")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("progress"))
    status = models.CharField(
        _("status after this update"),
        max_length=20,
        choices=ResolutionStatus.choices,
        default=ResolutionStatus.IN_PROGRESS,
    )
    attachment = models.FileField(_("attachment"), upload_to=progress_attachment_path, blank=True)
    attachment_name = models.CharField(_("attachment name"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ResolutionStatus.values), name="progress_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]

    def get_attachment_url(self) -> str:
        return reverse("meetings:progress-file", args=[self.pk]) if self.attachment else ""


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Before the deadline")
    AFTER = "after", _("After the deadline")


class ReminderSent(Send):
    """A resolution's reminder to its owner: once per resolution, kind and deadline (the
    outbox's key and the constraint below), with its send state on the Send it extends."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    deadline = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "kind", "deadline"], name="reminder_once_per_event"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="reminder_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resolution_id} {self.kind} {self.deadline}"

    @staticmethod
    def key_for(resolution_id: int, kind: str, deadline: dt.date) -> str:
        return f"reminder:{resolution_id}:{kind}:{deadline.isoformat()}"


class OwnerReminder(Send):
    """A reminder the secretariat asked for, to an overdue resolution's owner: at most one
    a day per resolution (the key and the constraint below)."""

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="owner_reminders"
    )
    day = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resolution", "day"], name="owner_reminder_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.resolution_id} {self.day}"

    @staticmethod
    def key_for(resolution_id: int, day: dt.date) -> str:
        return f"owner-reminder:{resolution_id}:{day.isoformat()}"
