"""Citizens' messages to their municipality, from intake to the manager's report.

A message carries the citizen's contact details; they are read only through
`access.get_contact_for_user`, which records every view in `AccessLog`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ravabet.core.files import opaque_name
from ravabet.lib import jalali
from ravabet.lib.i18n import local_digits
from ravabet.lib.persian import to_latin_digits
from ravabet.network.models import BilingualName, Department, Municipality, User
from ravabet.outbox.models import Send


class VoiceSettings(models.Model):
    """How one municipality works its citizens' messages (its week, the reopen window)."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="voice_settings"
    )
    thursday_off = models.BooleanField(
        _("Thursday is a day off"),
        default=True,
        help_text=_("Friday is always off; many offices also close on Thursday."),
    )
    reopen_days = models.PositiveSmallIntegerField(
        _("days a citizen may reopen an answered message"), default=14
    )

    class Meta:
        verbose_name = _("citizens' voice settings")
        verbose_name_plural = _("citizens' voice settings")

    def __str__(self) -> str:
        return str(self.municipality)

    @classmethod
    def for_municipality(cls, municipality: Municipality) -> VoiceSettings:
        """The municipality's settings; the defaults, unsaved, where it has no row.

        A read never creates the row: `actions.setup_municipality` does when the
        municipality is made.
        """
        found = cls.objects.filter(municipality=municipality).first()
        return found or cls(municipality=municipality)


# Complaints about the municipality's own people: never shown to the public, whatever the
# head sets (enforced by a constraint), since a name or a face is always one step away.
STAFF_CONDUCT_CODE = "staff-conduct"


class CategoryQuerySet(models.QuerySet["Category"]):
    def public(self) -> CategoryQuerySet:
        return self.filter(is_public=True).exclude(code=STAFF_CONDUCT_CODE)


class Category(BilingualName):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="voice_categories"
    )
    code = models.SlugField(_("code"), max_length=40, help_text=_("The Open311 service code."))
    deadline_days = models.PositiveSmallIntegerField(_("deadline in working days"), default=7)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("usual department"),
    )
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)
    is_public = models.BooleanField(
        _("shown publicly"),
        default=False,
        help_text=_(
            "Messages of this category whose citizens agreed may be listed publicly "
            "(Open311), without names or contact details."
        ),
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="voice_category_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(deadline_days__gte=1), name="voice_category_deadline_positive"
            ),
            models.CheckConstraint(
                condition=~Q(code=STAFF_CONDUCT_CODE, is_public=True),
                name="voice_staff_conduct_never_public",
            ),
        ]

    @property
    def can_be_public(self) -> bool:
        return self.code != STAFF_CONDUCT_CODE


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    REQUEST = "request", _("Request")
    SUGGESTION = "suggestion", _("Suggestion")
    PRAISE = "praise", _("Praise")
    QUESTION = "question", _("Question")


class Channel(models.TextChoices):
    WEB = "web", _("Website")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")
    LETTER = "letter", _("Letter")
    OPEN311 = "open311", _("Open311 app")


class Status(models.TextChoices):
    NEW = "new", _("New")
    ROUTED = "routed", _("Routed")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", pgettext_lazy("message status", "Answered")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (Status.NEW, Status.ROUTED, Status.IN_PROGRESS)

# Which status may follow which, for staff. Reopening is the citizen's, see Message.can_reopen.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.NEW: (Status.ROUTED, Status.IN_PROGRESS, Status.CLOSED),
    Status.ROUTED: (Status.IN_PROGRESS, Status.CLOSED),
    Status.IN_PROGRESS: (Status.ROUTED, Status.CLOSED),
    Status.ANSWERED: (Status.IN_PROGRESS, Status.CLOSED),
    Status.CLOSED: (Status.IN_PROGRESS,),
}

# Read aloud over the phone: digits only, without 0 and 1 (confused with O, I, l and with
# each other in handwriting).
CODE_ALPHABET = "23456789"
CODE_LENGTH = 8
# The PIN: the second, private part of a tracking code, shown only to the citizen. The code
# alone is printed and read aloud (it was even published by Open311 before this existed),
# so it shows the status only; the PIN lets its holder read the answer, rate and reopen.
# Six digits of the same alphabet (262,144 values) against a per-message limit of wrong
# guesses (throttle scope "pin-message") take years to guess, and still read over a phone.
PIN_LENGTH = 6


def new_public_id() -> str:
    """Open311's service_request_id: random, so it tells nothing about the tracking code."""
    return secrets.token_hex(8)


def make_pin() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(PIN_LENGTH))


def clean_pin(raw: str) -> str:
    """Digits only, in Latin script: a PIN may be typed in Persian digits, with a dash."""
    return re.sub(r"\D", "", to_latin_digits(raw or ""))[: PIN_LENGTH * 2]


def _pin_hash(public_id: str, pin: str, key: str) -> str:
    # Keyed with SECRET_KEY: a PIN has so few values that a plain hash in a copy of the
    # database would give it away at once, and a slow password hash would cost a second
    # per look-up. The message's own public id keeps two equal PINs' hashes apart.
    return salted_hmac(
        "ravabet.voice.pin", f"{public_id}:{pin}", secret=key, algorithm="sha256"
    ).hexdigest()


class MessageQuerySet(models.QuerySet["Message"]):
    def for_municipality(self, municipality: Municipality) -> MessageQuerySet:
        return self.filter(municipality=municipality)

    def open(self) -> MessageQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: dt.date | None = None) -> MessageQuerySet:
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def received_between(self, start: dt.datetime, end: dt.datetime) -> MessageQuerySet:
        return self.filter(received_at__gte=start, received_at__lt=end)

    def with_related(self) -> MessageQuerySet:
        return self.select_related("category", "department", "municipality", "merged_into")

    def public(self) -> MessageQuerySet:
        """What anyone may see listed: the citizen agreed, in a category the office made
        public, never about staff conduct."""
        return self.filter(public_consent=True, category__is_public=True).exclude(
            category__code=STAFF_CONDUCT_CODE
        )


class Message(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="voice_messages"
    )
    code = models.CharField(_("tracking code"), max_length=CODE_LENGTH, unique=True)
    public_id = models.CharField(
        _("public id"), max_length=16, unique=True, default=new_public_id, editable=False
    )
    # Empty for messages sent before PINs existed: their code shows the status only, and the
    # PR office may give the citizen a PIN (office_views.message_pin).
    pin_hash = models.CharField(max_length=64, blank=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="messages", verbose_name=_("category")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="voice_messages",
        verbose_name=_("department"),
    )
    text = models.TextField(_("message"))
    text_norm = models.TextField(editable=False, default="")
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    mobile = models.CharField(_("mobile number"), max_length=11, blank=True)
    national_code = models.CharField(_("national code"), max_length=10, blank=True)
    email = models.EmailField(_("email"), blank=True)
    consent = models.BooleanField(_("consent given"), default=False)
    public_consent = models.BooleanField(_("citizen agreed to show it publicly"), default=False)
    share_location = models.BooleanField(_("location shared"), default=False)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    due_on = models.DateField(_("due"))
    first_reply_at = models.DateTimeField(_("first reply"), null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("merged into"),
    )
    entered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The one-time token of the form that sent it: a retried POST finds this message.
    form_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    ip_hash = models.CharField(max_length=64, blank=True)

    objects = MessageQuerySet.as_manager()

    # The PIN in the clear, only on the instance that just made it (never stored).
    new_pin: str = ""

    class Meta:
        verbose_name = _("citizen's message")
        verbose_name_plural = _("citizens' messages")
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="voice_kind_valid"),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="voice_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="voice_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(mobile="") | Q(mobile__regex=r"^09[0-9]{9}$"),
                name="voice_mobile_normalized",
            ),
            models.CheckConstraint(
                condition=Q(national_code="") | Q(national_code__regex=r"^[0-9]{10}$"),
                name="voice_national_code_digits",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")), name="voice_not_merged_into_itself"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status", "due_on"]),
            # The inbox: one city's mailbox newest first, read a page at a time.
            models.Index(fields=["municipality", "-received_at"], name="voice_inbox_order"),
            # The quarter's figures (ravabet/diagnosis/metrics.py, on every dashboard view):
            # every column they read, so the quarter's messages are counted from the index
            # alone, not read row by row with their texts. The id too: PostgreSQL's
            # index-only scan needs it (SQLite's rowid is in every index anyway).
            models.Index(
                fields=[
                    "municipality",
                    "received_at",
                    "merged_into",
                    "status",
                    "due_on",
                    "first_reply_at",
                    "id",
                ],
                name="voice_quarter_figures",
            ),
        ]

    def __str__(self) -> str:
        return self.display_code

    @property
    def display_code(self) -> str:
        # The reader's digits: a code typed as read must be found (either script is).
        return local_digits(f"{self.code[:4]}-{self.code[4:]}")

    @property
    def spoken_code(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"

    def get_tracking_url(self) -> str:
        return reverse("voice:track-message", args=[self.code])

    def get_office_url(self) -> str:
        return reverse("voice:message", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def has_pin(self) -> bool:
        return bool(self.pin_hash)

    def set_pin(self) -> str:
        """A new PIN (the caller saves pin_hash); returned once, kept only as a keyed hash."""
        pin = make_pin()
        self.pin_hash = _pin_hash(self.public_id, pin, settings.SECRET_KEY)
        self.new_pin = pin
        return pin

    def check_pin(self, raw: str) -> bool:
        pin = clean_pin(raw)
        if not self.pin_hash or len(pin) != PIN_LENGTH:
            return False
        keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        # Every key is tried (no early exit) and compared in constant time.
        matches = [
            hmac.compare_digest(_pin_hash(self.public_id, pin, k), self.pin_hash) for k in keys
        ]
        return any(matches)

    @property
    def display_pin(self) -> str:
        pin = self.new_pin
        return local_digits(f"{pin[:3]}-{pin[3:]}") if pin else ""

    @property
    def is_public(self) -> bool:
        return self.public_consent and self.category.is_public and self.category.can_be_public

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.is_open and self.due_on < (today or timezone.localdate())

    def allowed_transitions(self) -> list[Status]:
        return [Status(s) for s in TRANSITIONS.get(self.status, ())]

    def can_reopen(self, reopen_days: int, now: dt.datetime | None = None) -> bool:
        if self.merged_into_id or self.status not in (Status.ANSWERED, Status.CLOSED):
            return False
        since = self.answered_at or self.closed_at
        return since is not None and (now or timezone.now()) - since <= dt.timedelta(
            days=reopen_days
        )

    @property
    def can_rate(self) -> bool:
        return self.status in (Status.ANSWERED, Status.CLOSED) and self.first_reply_at is not None

    @property
    def masked_mobile(self) -> str:
        if not self.mobile:
            return ""
        # Not dots: a dot is the Persian zero, and ۰۹۱۲•••••۶۷ read as a whole number.
        return local_digits(f"{self.mobile[:4]}×××××{self.mobile[-2:]}")

    @property
    def open311_status(self) -> str:
        return "open" if self.is_open else "closed"


def photo_path(instance: Photo, filename: str) -> str:
    # Random: the tracking code is the citizen's secret and must not sit in a file name.
    return opaque_name("voice/photos", filename)


class Photo(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=photo_path)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.image.name or ""

    def get_absolute_url(self) -> str:
        """For the message's staff only (the citizen's tracking page shows no photos)."""
        return reverse("voice:photo-file", args=[self.pk])


class Note(models.Model):
    """An office-internal remark; the citizen never sees it."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("internal note"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class Reply(models.Model):
    """The municipality's answer, shown on the tracking page."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("public reply"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class Rating(models.Model):
    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="voice_rating_score_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return str(self.score)


class EventKind(models.TextChoices):
    RECEIVED = "received", _("received")
    ROUTED = "routed", _("routed")
    REPLIED = "replied", _("replied")
    STATUS = "status", _("status changed")
    DEADLINE = "deadline", _("deadline changed")
    MERGED = "merged", _("merged")
    REOPENED = "reopened", _("reopened")


class EventQuerySet(models.QuerySet["Event"]):
    def update(self, **kwargs: object) -> int:
        # One change only: an account or a department deleted leaves its steps (SET_NULL).
        if (
            kwargs
            and kwargs.keys() <= Event.NULLABLE_LINKS
            and all(v is None for v in kwargs.values())
        ):
            return super().update(**kwargs)
        raise TypeError("a message's history is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("a message's history is append-only")


class Event(models.Model):
    """One step in a message's history, written by the action that took it: who did what,
    when, from which value to which, and why. Append-only: never changed or removed (the
    rows go only with their message)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=20, choices=EventKind.choices)
    # Nobody: the citizen (reopening on the tracking page) or the system (a calendar change).
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_citizen = models.BooleanField(default=False)
    # Routing: the departments themselves (named in the reader's language), and their
    # names at the time in old_value / new_value, for when a department is deleted.
    from_department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    old_value = models.CharField(max_length=200, blank=True)
    new_value = models.CharField(max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    objects = EventQuerySet.as_manager()

    NULLABLE_LINKS = frozenset({"actor", "from_department", "to_department"})

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="voice_event_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind="reopened") | ~Q(reason=""),
                name="voice_event_reopen_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise TypeError("a message's history is append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("a message's history is append-only")

    def _shown(self, value: str, department: Department | None = None) -> str:
        if department is not None:
            return department.display_name
        if not value:
            return ""
        if self.kind in (EventKind.STATUS, EventKind.REOPENED) and value in Status.values:
            return str(Status(value).label)
        if self.kind == EventKind.DEADLINE:
            return jalali.format_date(dt.date.fromisoformat(value))
        return value

    @property
    def old_shown(self) -> str:
        return self._shown(self.old_value, self.from_department)

    @property
    def new_shown(self) -> str:
        return self._shown(self.new_value, self.to_department)


class AccessLog(models.Model):
    """Who saw a citizen's contact details, and when."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="access_logs")
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-viewed_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.viewed_at:%Y-%m-%d %H:%M}"


class Escalation(Send):
    """One overdue alert to the PR heads, once per message and stage: a send of the
    outbox (status, claim, sent_at: the Send row this extends). A stage overtaken by a
    later one on the same tick is recorded as skipped, not sent."""

    class Stage(models.TextChoices):
        OVERDUE = "overdue", _("Overdue")
        LONG_OVERDUE = "long_overdue", _("Overdue twice its deadline")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="escalations")
    stage = models.CharField(max_length=20, choices=Stage.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "stage"], name="voice_escalation_once"),
            models.CheckConstraint(
                condition=Q(stage__in=["overdue", "long_overdue"]),
                name="voice_escalation_stage_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.message} {self.stage}"

    @staticmethod
    def key_for(message_id: int, stage: str) -> str:
        return f"escalation:{message_id}:{stage}"


class Holiday(models.Model):
    """One municipality's own day off. The official ones are the official calendar's
    (ravabet/officialcalendar), nationwide or as the network's secretariat corrected them."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="voice_holidays",
    )
    date = models.DateField(_("date"))
    name = models.CharField(_("occasion"), max_length=200)

    class Meta:
        verbose_name = _("local holiday")
        verbose_name_plural = _("local holidays")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "date"],
                name="voice_holiday_local",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiKey(models.Model):
    """An Open311 client's key; only its hash is kept."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="voice_api_keys"
    )
    name = models.CharField(_("client"), max_length=120)
    key_hash = models.CharField(max_length=64, unique=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="voice_api_key_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name
