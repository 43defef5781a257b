"""What happens to a citizen's message: each step a function, each in one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from ravabet.lib.persian import normalize
from ravabet.network.models import Department, Municipality, User
from ravabet.notifications.actions import notify
from ravabet.notifications.models import Kind as Notice
from ravabet.notifications.recipients import pr_office
from ravabet.search.actions import index_object

from . import throttle
from .models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    ApiKey,
    Category,
    Channel,
    Event,
    EventKind,
    Holiday,
    Message,
    Note,
    Photo,
    Rating,
    Reply,
    Status,
    VoiceSettings,
    hash_key,
    new_public_id,
)
from .photos import clean_image
from .workdays import WorkingWeek, add_working_days, holidays_for, window_for

# code, Persian name, English name, deadline in working days
DEFAULT_CATEGORIES = (
    ("urban-services", "خدمات شهری", "Urban services", 7),
    ("cleaning-waste", "نظافت و پسماند", "Cleaning and waste", 3),
    ("green-space", "فضای سبز", "Green space", 7),
    ("traffic-roads", "ترافیک و معابر", "Traffic and roads", 10),
    ("building-permits", "ساختمان و پروانه", "Building and permits", 10),
    ("culture-sport", "فرهنگی و ورزشی", "Culture and sport", 10),
    ("staff-conduct", "رفتار کارکنان", "Staff conduct", 5),
    ("other", "سایر", "Other", 10),
)


def setup_municipality(municipality: Municipality) -> None:
    """Give a new municipality its voice settings and the default categories.

    Run once when the municipality is saved, so that no page has to create them on a read;
    running it again changes nothing (a category an office deleted stays deleted).
    """
    VoiceSettings.objects.get_or_create(municipality=municipality)
    if Category.objects.filter(municipality=municipality).exists():
        return
    departments = {d.name: d for d in municipality.departments.all()}
    Category.objects.bulk_create(
        Category(
            municipality=municipality,
            code=code,
            name=name,
            name_en=name_en,
            deadline_days=days,
            position=position,
            department=departments.get(name),
        )
        for position, (code, name, name_en, days) in enumerate(DEFAULT_CATEGORIES)
    )


def ensure_categories(municipality: Municipality) -> list[Category]:
    """The municipality's active categories: a plain read (see `setup_municipality`)."""
    return list(Category.objects.filter(municipality=municipality, is_active=True))


def new_code() -> str:
    # Not looked up first: the unique constraint refuses a code already taken, and
    # submit_message draws another (a look-up per message for a clash in millions).
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def hash_ip(ip: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()


@dataclass
class Submission:
    kind: str
    category: Category
    text: str
    channel: str = Channel.WEB
    name: str = ""
    mobile: str = ""
    national_code: str = ""
    email: str = ""
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    share_location: bool = False
    consent: bool = False
    # The citizen agreed that the message be listed publicly (without name or contact);
    # it is, once its category is public too (MessageQuerySet.public).
    public_consent: bool = False
    form_token: str | None = None
    ip: str = ""


class OverLimit(Exception):
    """A rate limit the message counts against is full: nothing was stored."""


def submit_message(
    municipality: Municipality,
    submission: Submission,
    *,
    photos: Sequence[UploadedFile] = (),
    entered_by: User | None = None,
    counted: Sequence[tuple[str, str]] = (),
) -> tuple[Message, bool]:
    """Record a citizen's message; a second POST of the same form returns the first one.

    Returns the message and whether it was created now; a new message carries its PIN in
    the clear in `message.new_pin`, for the citizen's eyes only. ``counted`` are the
    (scope, sender) rate limits of voice/throttle.py a new message counts against, in
    its transaction: when one is full, OverLimit is raised and nothing is stored, however
    many requests of one sender arrive at once.
    """
    received = timezone.now()
    message = Message(
        municipality=municipality,
        kind=submission.kind,
        channel=submission.channel,
        category=submission.category,
        department_id=submission.category.department_id,
        text=submission.text,
        text_norm=normalize(f"{submission.text} {submission.address}"),
        address=submission.address,
        latitude=submission.latitude if submission.share_location else None,
        longitude=submission.longitude if submission.share_location else None,
        share_location=submission.share_location,
        name=submission.name,
        mobile=submission.mobile,
        national_code=submission.national_code,
        email=submission.email,
        consent=submission.consent,
        public_consent=submission.public_consent,
        received_at=received,
        due_on=add_working_days(
            municipality, timezone.localdate(received), submission.category.deadline_days
        ),
        entered_by=entered_by,
        form_token=submission.form_token,
        ip_hash=hash_ip(submission.ip) if submission.ip else "",
    )
    for _attempt in range(5):
        message.code = new_code()
        message.public_id = new_public_id()
        message.set_pin()  # salted with the public id, so after it
        try:
            with transaction.atomic():
                message.save()
                record_event(message, EventKind.RECEIVED, by=entered_by)
                for upload in photos:
                    photo = Photo(message=message)
                    cleaned = clean_image(upload, keep_location=submission.share_location)
                    photo.image.save(cleaned.name or "photo", cleaned)
                index_object(message, new=True)
                # Last, so each counter's row is locked only until the commit.
                if not all(throttle.take(scope, sender) for scope, sender in counted):
                    raise OverLimit
        except IntegrityError:
            message.pk = None
            if submission.form_token:
                existing = Message.objects.filter(form_token=submission.form_token).first()
                if existing:  # the other copy of a double-click won the race
                    return existing, False
            continue  # a tracking code taken between the check and the insert
        return message, True
    raise RuntimeError("could not allocate a tracking code")


def _save(message: Message, *fields: str) -> None:
    message.save(update_fields=[*fields, "updated_at"])
    index_object(message)


def record_event(
    message: Message,
    kind: str,
    *,
    by: User | None = None,
    citizen: bool = False,
    old: object = "",
    new: object = "",
    reason: str = "",
    departments: tuple[Department | None, Department | None] = (None, None),
) -> Event:
    """One line of the message's history, in the transaction of the step it records."""
    return Event.objects.create(
        message=message,
        kind=kind,
        actor=by,
        by_citizen=citizen,
        from_department=departments[0],
        to_department=departments[1],
        old_value=str(old or "")[:200],
        new_value=str(new or "")[:200],
        reason=reason,
    )


@transaction.atomic
def route_message(message: Message, department: Department, *, by: User | None = None) -> Message:
    before = message.department
    message.department = department
    if message.status == Status.NEW:
        message.status = Status.ROUTED
    _save(message, "department", "status")
    # Departments have no accounts yet: the PR office that follows the message is told.
    notify(
        pr_office(message.municipality_id),
        Notice.MESSAGE_ROUTED,
        target=message,
        actor=by,
        occasion=f"{department.pk}:{message.updated_at.isoformat()}",
        params={
            "code": message.spoken_code,
            "department": department.name,
            "department_en": department.name_en,
        },
    )
    record_event(
        message,
        EventKind.ROUTED,
        by=by,
        old=before.name if before else "",
        new=department.name,
        departments=(before, department),
    )
    return message


def is_reopening(message: Message, status: str) -> bool:
    """Staff taking an answered or closed message up again: a reopening, with a reason."""
    return message.status in (Status.ANSWERED, Status.CLOSED) and status not in (
        Status.ANSWERED,
        Status.CLOSED,
    )


@transaction.atomic
def change_status(
    message: Message, status: str, *, by: User | None = None, reason: str = ""
) -> Message:
    if status not in message.allowed_transitions():
        raise ValueError(f"{message.status} cannot become {status}")
    reopening = is_reopening(message, status)
    if reopening and not reason.strip():
        raise ValueError("reopening a message needs a reason")
    before = message.status
    message.status = status
    if status == Status.CLOSED:
        message.closed_at = timezone.now()
    if reopening:
        message.reopened_count += 1
    _save(message, "status", "closed_at", "reopened_count")
    record_event(
        message,
        EventKind.REOPENED if reopening else EventKind.STATUS,
        by=by,
        old=before,
        new=status,
        reason=reason.strip(),
    )
    return message


@transaction.atomic
def change_deadline(message: Message, due_on: dt.date, *, by: User, reason: str) -> Message:
    """A new deadline for an open message, with the reason kept in its history."""
    if not message.is_open:
        raise ValueError("only an open message has a deadline to change")
    if not reason.strip():
        raise ValueError("changing a deadline needs a reason")
    before = message.due_on
    message.due_on = due_on
    _save(message, "due_on")
    record_event(
        message,
        EventKind.DEADLINE,
        by=by,
        old=before.isoformat(),
        new=due_on.isoformat(),
        reason=reason.strip(),
    )
    return message


@transaction.atomic
def add_note(message: Message, author: User, text: str) -> Note:
    return Note.objects.create(message=message, author=author, text=text)


@transaction.atomic
def reply_to_message(
    message: Message, author: User, text: str, *, tell_citizen: bool = True
) -> Reply:
    """Answer the citizen publicly; the message becomes answered, and the citizen is told
    (email, SMS) unless ``tell_citizen`` is false (the demo's invented citizens)."""
    now = timezone.now()
    reply = Reply.objects.create(message=message, author=author, text=text, created_at=now)
    before = message.status
    message.status = Status.ANSWERED
    message.answered_at = now
    message.first_reply_at = message.first_reply_at or now
    _save(message, "status", "answered_at", "first_reply_at")
    record_event(message, EventKind.REPLIED, by=author, old=before, new=Status.ANSWERED)
    if tell_citizen:
        tell_citizen_answered(message, reply)
    return reply


def answer_key(reply: Reply, transport: str) -> str:
    return f"voice.answer:{reply.pk}:{transport}"


def tell_citizen_answered(message: Message, reply: Reply) -> list[int]:
    """Tell the citizen their message was answered: by email if they gave an address,
    by SMS if they gave a mobile number and agreed to be contacted about it. Outbox
    sends, once per reply and channel; what they say is written at send time
    (voice/sending.py). Returns the rows queued."""
    from ravabet.outbox.actions import queue
    from ravabet.outbox.models import Send, Transport

    queued = []
    row: Send
    if message.email:
        row, _queued = queue(
            key=answer_key(reply, Transport.EMAIL),
            source="voice.answer-email",
            transport=Transport.EMAIL,
            target=message.email,
        )
        queued.append(row.pk)
    if message.mobile and message.consent:
        row, _queued = queue(
            key=answer_key(reply, Transport.SMS),
            source="voice.answer-sms",
            transport=Transport.SMS,
            target=message.mobile,
        )
        queued.append(row.pk)
    return queued


@transaction.atomic
def merge_message(duplicate: Message, original: Message, *, by: User | None = None) -> Message:
    """The duplicate points to the original and is closed; its citizen is told on tracking."""
    if duplicate.pk == original.pk or original.merged_into_id:
        raise ValueError("cannot merge into itself or into a merged message")
    before = duplicate.status
    duplicate.merged_into = original
    duplicate.status = Status.CLOSED
    duplicate.closed_at = timezone.now()
    _save(duplicate, "merged_into", "status", "closed_at")
    record_event(duplicate, EventKind.MERGED, by=by, old=before, new=original.spoken_code)
    return duplicate


@transaction.atomic
def rate_message(message: Message, score: int, comment: str = "") -> Rating:
    rating, _created = Rating.objects.update_or_create(
        message=message,
        defaults={"score": score, "comment": comment, "created_at": timezone.now()},
    )
    return rating


def renew_pin(message: Message) -> str:
    """A new PIN for the citizen (the office reads it out once); the old one stops working."""
    pin = message.set_pin()
    message.save(update_fields=["pin_hash", "updated_at"])
    return pin


@transaction.atomic
def reopen_message(message: Message, reason: str) -> Message:
    """The citizen's reopening, with the reason they gave (kept in the history)."""
    if not message.can_reopen(VoiceSettings.for_municipality(message.municipality).reopen_days):
        raise ValueError("this message can no longer be reopened")
    if not reason.strip():
        raise ValueError("reopening a message needs a reason")
    record_event(
        message,
        EventKind.REOPENED,
        citizen=True,
        old=message.status,
        new=Status.IN_PROGRESS,
        reason=reason.strip(),
    )
    message.status = Status.IN_PROGRESS
    message.reopened_count += 1
    message.answered_at = None
    message.closed_at = None
    _save(message, "status", "reopened_count", "answered_at", "closed_at")
    notify(
        pr_office(message.municipality_id),
        Notice.MESSAGE_REOPENED,
        target=message,
        occasion=f"reopened:{message.reopened_count}",
        params={"code": message.spoken_code},
    )
    return message


def issue_api_key(municipality: Municipality, name: str, raw: str | None = None) -> str:
    """A new Open311 key for a client; the raw key is returned once and only its hash kept."""
    raw = raw or "rv_" + secrets.token_urlsafe(24)
    ApiKey.objects.update_or_create(
        municipality=municipality, name=name, defaults={"key_hash": hash_key(raw)}
    )
    return raw


def enqueue_overdue_escalations() -> int:
    """Record one escalation per overdue message and stage; returns how many were
    recorded (or, having failed, queued again).

    One alert per message and stage, whatever happens: each is an outbox send, claimed
    before it is sent and never sent again by itself. When several stages fall due at
    once (a message found long overdue on its first tick, or after the tick was down),
    only the latest is sent; the earlier ones are recorded as passed (skipped), so the
    PR heads get one email saying where the message stands, not two at once.
    """
    from django.utils import translation
    from django.utils.translation import gettext as _

    from ravabet.outbox.actions import requeue, send_on_commit
    from ravabet.outbox.models import Status as SendStatus

    from .models import Escalation

    # Stored text, read later by people: in the site's language, not the worker's.
    with translation.override(settings.LANGUAGE_CODE):
        passed = _("Passed without an alert: a later stage was due at the same time.")
        nobody = _("No active PR head has an email address.")
    count = 0
    queued: list[int] = []
    today = timezone.localdate()
    messages = Message.objects.overdue(today).select_related("category")
    for message in messages.prefetch_related("escalations"):
        recorded = {e.stage: e for e in message.escalations.all()}
        *earlier, latest = stages_due(message, today)
        for stage in earlier:
            escalation = recorded.get(stage)
            if escalation is None:
                _record_escalation(message, stage, status=SendStatus.SKIPPED, reason=passed)
                count += 1
            elif escalation.status == SendStatus.FAILED:
                # Never delivered, and now overtaken: the latest stage's alert says it all.
                Escalation.objects.filter(pk=escalation.pk, status=SendStatus.FAILED).update(
                    status=SendStatus.SKIPPED, reason=passed, retry_after=None
                )
        escalation = recorded.get(latest)
        if escalation is None:
            heads = _head_emails(message)
            pk = _record_escalation(
                message,
                latest,
                status=SendStatus.QUEUED if heads else SendStatus.SKIPPED,
                reason="" if heads else nobody,
                target=", ".join(heads),
            )
            count += 1
            if heads:
                queued.append(pk)
        elif requeue(escalation, from_statuses=[SendStatus.FAILED]):
            count += 1
            queued.append(escalation.pk)
    send_on_commit(queued)
    return count


def _head_emails(message: Message) -> list[str]:
    from ravabet.network.models import Membership, Role

    return [
        m.user.email
        for m in Membership.objects.filter(
            municipality_id=message.municipality_id, role=Role.PR_HEAD
        ).select_related("user")
        if m.user.email and m.user.is_active
    ]


def _record_escalation(
    message: Message, stage: str, *, status: str, reason: str, target: str = ""
) -> int:
    from ravabet.outbox.compose import source_name
    from ravabet.outbox.models import Transport

    from .models import Escalation

    escalation = Escalation.objects.create(
        message=message,
        stage=stage,
        key=Escalation.key_for(message.pk, stage),
        source=source_name(Escalation),
        transport=Transport.EMAIL,
        target=target,
        status=status,
        reason=reason,
    )
    return escalation.pk


def stages_due(message: Message, today: object) -> list[str]:
    from .models import Escalation

    stages = [Escalation.Stage.OVERDUE.value]
    late_days = (today - message.due_on).days  # type: ignore[operator]
    if late_days >= message.category.deadline_days:
        stages.append(Escalation.Stage.LONG_OVERDUE.value)
    return stages


# --- the office's own week, holidays and categories ---------------------------------------


class DuplicateHolidayError(Exception):
    """The date is already a day off for this municipality (its own or an official one)."""


def update_voice_settings(
    municipality: Municipality, *, thursday_off: bool, reopen_days: int
) -> VoiceSettings:
    settings_, _created = VoiceSettings.objects.update_or_create(
        municipality=municipality,
        defaults={"thursday_off": thursday_off, "reopen_days": reopen_days},
    )
    return settings_


def add_holiday(municipality: Municipality, date: dt.date, name: str) -> Holiday:
    """A local day off; an official one on the same date would only duplicate it."""
    if date in holidays_for(municipality, date, date):
        raise DuplicateHolidayError(date)
    try:
        with transaction.atomic(), deadlines_follow_the_calendar([municipality]):
            return Holiday.objects.create(municipality=municipality, date=date, name=name)
    except IntegrityError:
        # Two heads adding the same day at once: the constraint decides.
        raise DuplicateHolidayError(date) from None


def delete_holiday(holiday: Holiday) -> None:
    with transaction.atomic(), deadlines_follow_the_calendar([holiday.municipality]):
        holiday.delete()


@contextmanager
def deadlines_follow_the_calendar(municipalities: Iterable[Municipality]) -> Iterator[None]:
    """Around a change of days off: every open message keeps the number of working days it
    was given, counted on the calendar as it is after the change.

    Call it inside the transaction that makes the change, so the deadlines and the days off
    can never disagree.
    """
    given: list[tuple[Municipality, list[tuple[Message, dt.date, int]]]] = []
    for municipality in municipalities:
        messages = list(
            Message.objects.for_municipality(municipality)
            .open()
            .only("pk", "municipality", "received_at", "due_on")
        )
        if not messages:
            continue
        received = {m.pk: timezone.localdate(m.received_at) for m in messages}
        week = WorkingWeek(municipality, min(received.values()), max(m.due_on for m in messages))
        given.append(
            (
                municipality,
                [(m, received[m.pk], week.count(received[m.pk], m.due_on)) for m in messages],
            )
        )
    yield
    for municipality, entries in given:
        start = min(received_on for _m, received_on, _n in entries)
        end = window_for(max(m.due_on for m, _r, _n in entries), max(n for _m, _r, n in entries))
        week = WorkingWeek(municipality, start, end)
        for message, received_on, days in entries:
            due_on = week.add(received_on, days)
            if due_on != message.due_on:
                before = message.due_on
                message.due_on = due_on
                message.save(update_fields=["due_on"])
                # Nobody's: the days off changed under it (the reason is shown by kind).
                record_event(
                    message, EventKind.DEADLINE, old=before.isoformat(), new=due_on.isoformat()
                )


def add_category(
    municipality: Municipality, name: str, deadline_days: int, name_en: str = ""
) -> Category:
    """A new category at the end of the list, with a code Open311 clients can keep."""
    with transaction.atomic():
        existing = Category.objects.select_for_update().filter(municipality=municipality)
        position = max((c.position for c in existing), default=-1) + 1
        codes = {c.code for c in existing}
        number = position + 1
        while f"category-{number}" in codes:
            number += 1
        return Category.objects.create(
            municipality=municipality,
            code=f"category-{number}",
            name=name,
            name_en=name_en,
            deadline_days=deadline_days,
            position=position,
        )


def update_category(
    category: Category,
    *,
    name: str,
    deadline_days: int,
    is_active: bool,
    is_public: bool | None = None,
    name_en: str | None = None,
) -> None:
    category.name = name
    if name_en is not None:
        category.name_en = name_en
    category.deadline_days = deadline_days
    category.is_active = is_active
    if is_public is not None:
        if is_public and not category.can_be_public:
            raise ValueError("a staff-conduct category is never public")
        category.is_public = is_public
    category.save(update_fields=["name", "name_en", "deadline_days", "is_active", "is_public"])
