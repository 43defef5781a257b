"""Planning, moving, closing events; their checklists, coverage and press invitations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ravabet.core.publiccache import public_changed
from ravabet.lib.jalali import format_date
from ravabet.media.models import Journalist
from ravabet.network.models import Membership, Municipality, Network, User
from ravabet.newsroom.models import NewsItem
from ravabet.outbox.actions import queue, send_on_commit
from ravabet.outbox.models import Status as SendStatus
from ravabet.outbox.models import Transport
from ravabet.voice.photos import clean_image

from . import recurrence
from .checklist import Calendars, Line, template_for
from .models import (
    NEEDS_REASON,
    Answer,
    Coverage,
    Event,
    EventNotice,
    PressInvitation,
    ReportPhoto,
    Series,
    Status,
    Task,
    TemplateItem,
)


class EventError(Exception):
    """What was asked cannot be done; the message says why, in the user's language."""


@dataclass(frozen=True)
class Clamped:
    """A task whose counted due date had already passed when it was planned."""

    task: Task
    counted: dt.date

    @property
    def message(self) -> str:
        return _(
            "“%(task)s” would have been due on %(date)s, which has passed; it is due today."
        ) % {
            "task": self.task.title,
            "date": format_date(self.counted),
        }


def _owner_for(event: Event, role: str, fallback: User | None) -> User | None:
    """Who does a template line: the office's PR head or its first PR staff member."""
    place = event.calendar_municipality
    if event.network_id is not None:
        return fallback
    members = [
        m.user
        for m in Membership.objects.filter(municipality=place, role=role)
        .select_related("user")
        .order_by("pk")
    ]
    return members[0] if members else fallback


def make_checklist(event: Event, by: User | None) -> list[Clamped]:
    """The event's tasks from its kind's template, once; returns those whose counted
    due date fell before today (they are due today instead)."""
    if event.tasks.exists():
        return []
    lines = template_for(event, event.kind)
    owners: dict[str, User | None] = {}
    tasks = []
    for position, line in enumerate(lines):
        if line.role not in owners:
            owners[line.role] = _owner_for(event, line.role, by)
        tasks.append(
            Task(
                event=event,
                position=position,
                title=str(line.title),
                offset=line.offset,
                owner=owners[line.role],
            )
        )
    Task.objects.bulk_create(tasks)
    return clamp_past_due(event)


def clamp_past_due(event: Event) -> list[Clamped]:
    """Open tasks whose counted due date is before today become due today (by hand)."""
    today = timezone.localdate()
    tasks = list(event.tasks.filter(done_at__isnull=True, due_override__isnull=True))
    calendars = Calendars([event], max((abs(t.offset) for t in tasks), default=0))
    clamped = []
    for task in tasks:
        counted = calendars.counted(event, task.offset)
        if counted < today and event.start_date >= today:
            task.due_override = today
            task.save(update_fields=["due_override", "updated_at"])
            clamped.append(Clamped(task, counted))
    return clamped


@transaction.atomic
def create_event(
    event: Event,
    by: User,
    *,
    repeat: str = "",
    until: dt.date | None = None,
) -> tuple[Event, list[Clamped]]:
    """Save a new event (and, for a series, its occurrences up to ``until``). A planned
    event gets its checklist."""
    event.created_by = by
    event.save()
    if event.is_public:
        public_changed(event)
    clamped: list[Clamped] = []
    if repeat:
        series = Series.objects.create(
            municipality=event.municipality,
            network=event.network,
            rule=repeat,
            until=until or event.start_date + dt.timedelta(days=366),
            **recurrence.rule_of(event.start_date, repeat),
        )
        event.series, event.series_date = series, event.start_date
        event.save(update_fields=["series", "series_date"])
        for day in recurrence.dates(series, event.start_date + dt.timedelta(days=1)):
            occurrence = _occurrence_of(event, day)
            occurrence.save()
            if occurrence.status == Status.PLANNED:
                make_checklist(occurrence, by)
    if event.status == Status.PLANNED:
        clamped = make_checklist(event, by)
    return event, clamped


def _occurrence_of(first: Event, day: dt.date) -> Event:
    occurrence = Event(
        municipality=first.municipality,
        network=first.network,
        kind=first.kind,
        title=first.title,
        description=first.description,
        occasion=first.occasion,
        place=first.place,
        organiser=first.organiser,
        audience=first.audience,
        is_public=first.is_public,
        status=first.status,
        series=first.series,
        series_date=day,
        created_by=first.created_by,
    )
    length = first.end_date - first.start_date
    occurrence.set_days(day, day + length, first.start_time, first.end_time)
    return occurrence


@transaction.atomic
def update_event(
    event: Event,
    *,
    start_date: dt.date,
    end_date: dt.date,
    start_time: dt.time | None,
    end_time: dt.time | None,
) -> list[Clamped]:
    """Save an edited event; if its days or times changed, the checklist's due dates
    (counted from the event) move, dates set by hand are counted again, and the
    calendar feeds see a new SEQUENCE."""
    before = (event.starts_at, event.ends_at, event.all_day)
    event.set_days(start_date, end_date, start_time, end_time)
    moved = before != (event.starts_at, event.ends_at, event.all_day)
    if moved:
        event.sequence += 1
    event.save()
    # The form may have made it public or private: the public pages are drawn again.
    public_changed(event)
    if not moved:
        return []
    event.tasks.filter(done_at__isnull=True).update(due_override=None, updated_at=timezone.now())
    return clamp_past_due(event)


# What "this and every later occurrence" carries over; each occurrence keeps its own days
# (the series' rule gave them) and its kind (its checklist was made for it).
SERIES_FIELDS = ("title", "description", "occasion", "place", "organiser", "audience", "is_public")
# Occurrences that are over or called off are history: an edit of the series leaves them.
SERIES_FROZEN = (Status.HELD, Status.REPORTED, Status.CANCELLED)


@transaction.atomic
def update_following(event: Event, *, start_time: dt.time | None, end_time: dt.time | None) -> int:
    """Give every later occurrence of the event's series (not held, reported or
    cancelled) this one's title, place and the rest, and its times; each keeps its own
    days. Those whose time changed get a new SEQUENCE in the feeds. Returns how many."""
    if event.series_id is None:
        return 0
    after = event.series_date or event.start_date
    later = (
        Event.objects.select_for_update()
        .filter(series_id=event.series_id, series_date__gt=after)
        .exclude(status__in=SERIES_FROZEN)
        .exclude(pk=event.pk)
        .order_by("series_date")
    )
    count = 0
    for other in later:
        for name in SERIES_FIELDS:
            setattr(other, name, getattr(event, name))
        before = (other.starts_at, other.ends_at, other.all_day)
        other.set_days(other.start_date, other.end_date, start_time, end_time)
        if before != (other.starts_at, other.ends_at, other.all_day):
            other.sequence += 1
        other.save()
        count += 1
    return count


@transaction.atomic
def change_status(event: Event, status: str, reason: str, by: User) -> list[Clamped]:
    """Move the event along idea → planned → confirmed → held → reported, or postpone or
    cancel it with a reason; everyone invited is told of a postponement or cancellation."""
    if status not in event.next_statuses:
        raise EventError(
            _("The status cannot go from “%(now)s” to “%(next)s”.")
            % {"now": event.get_status_display(), "next": Status(status).label}
        )
    reason = reason.strip()
    if status in NEEDS_REASON and not reason:
        raise EventError(_("Say why the event is postponed or cancelled."))
    event.status = status
    event.status_reason = reason if status in NEEDS_REASON else event.status_reason
    if status in NEEDS_REASON:
        event.sequence += 1
    event.save(update_fields=["status", "status_reason", "sequence", "updated_at"])
    if event.is_public:
        public_changed(event)
    clamped: list[Clamped] = []
    if status == Status.PLANNED:
        clamped = make_checklist(event, by)
    if status in NEEDS_REASON:
        tell_the_invited(event)
    return clamped


def tell_the_invited(event: Event) -> int:
    """Queue a notice to every journalist the invitation reached (or is reaching)."""
    pks = []
    for invitation in event.press_invitations.exclude(
        status__in=[SendStatus.SKIPPED, SendStatus.FAILED]
    ):
        row, queued = queue(
            model=EventNotice,
            key=EventNotice.key_for(invitation.pk, event.status, event.sequence),
            transport=Transport.EMAIL,
            target=invitation.email,
            enqueue=False,
            invitation=invitation,
            event_status=event.status,
        )
        if queued:
            pks.append(row.pk)
    send_on_commit(pks)
    return len(pks)


# --- checklist ----------------------------------------------------------------------


@transaction.atomic
def set_task_done(task: Task, done: bool, by: User) -> Task:
    task.done_at = timezone.now() if done else None
    task.done_by = by if done else None
    task.save(update_fields=["done_at", "done_by", "updated_at"])
    return task


@transaction.atomic
def update_task(task: Task, *, owner: User | None, due: dt.date | None) -> Task:
    task.owner = owner
    task.due_override = due
    task.save(update_fields=["owner", "due_override", "updated_at"])
    return task


@transaction.atomic
def add_task(event: Event, title: str, offset: int, owner: User | None) -> list[Clamped]:
    position = max(event.tasks.values_list("position", flat=True), default=-1) + 1
    Task.objects.create(event=event, title=title, offset=offset, owner=owner, position=position)
    return clamp_past_due(event)


@transaction.atomic
def save_template(owner: Municipality | Network, kind: str, lines: Iterable[Line]) -> int:
    """Replace the owner's checklist for ``kind``; events already planned keep theirs."""
    place = {"network": owner} if isinstance(owner, Network) else {"municipality": owner}
    TemplateItem.objects.filter(kind=kind, **place).delete()
    rows = [
        TemplateItem(
            kind=kind,
            position=n,
            title=str(line.title),
            offset=line.offset,
            role=line.role,
            **place,
        )
        for n, line in enumerate(lines)
    ]
    TemplateItem.objects.bulk_create(rows)
    return len(rows)


# --- coverage, news and the report --------------------------------------------------


@transaction.atomic
def assign_coverage(event: Event, role: str, user: User) -> Coverage:
    coverage, _created = Coverage.objects.get_or_create(event=event, role=role, user=user)
    return coverage


@transaction.atomic
def link_news(event: Event, item: NewsItem) -> None:
    if item.municipality_id != event.calendar_municipality.pk:
        raise EventError(_("Only your own municipality's news can be linked."))
    event.news.add(item)
    if event.is_public:
        public_changed(event)


@transaction.atomic
def record_report(
    event: Event, *, attendance: int | None, report: str, photos_link: str, by: User
) -> Event:
    if event.status not in {Status.HELD, Status.REPORTED}:
        raise EventError(_("Report on an event once it has been held."))
    event.attendance, event.report, event.photos_link = attendance, report, photos_link
    event.reported_at = timezone.now()
    event.status = Status.REPORTED
    event.save(
        update_fields=[
            "attendance",
            "report",
            "photos_link",
            "reported_at",
            "status",
            "updated_at",
        ]
    )
    if event.is_public:
        public_changed(event)
    return event


@transaction.atomic
def add_report_photo(event: Event, upload: UploadedFile, caption: str, by: User) -> ReportPhoto:
    """A photo for the report: re-encoded without its location (a photo of a ceremony
    says where it was anyway; a phone's GPS trail says where the photographer lives)."""
    if event.status not in {Status.HELD, Status.REPORTED}:
        raise EventError(_("Report on an event once it has been held."))
    image = clean_image(upload, keep_location=False)
    return ReportPhoto.objects.create(
        event=event, image=image, caption=caption.strip(), added_by=by
    )


# --- the press ------------------------------------------------------------------------


@transaction.atomic
def invite_journalists(
    event: Event, journalists: Iterable[Journalist], base_url: str
) -> list[PressInvitation]:
    """One invitation per journalist of the office's media list, through the outbox
    (each with its own delivery status); asking twice never sends twice."""
    if not event.is_press_conference:
        raise EventError(_("Journalists are invited to press conferences."))
    if event.status not in {Status.PLANNED, Status.CONFIRMED}:
        raise EventError(_("Invite journalists once the press conference is planned."))
    office = event.calendar_municipality
    chosen = [j for j in journalists if j.municipality_id == office.pk]
    if not chosen:
        raise EventError(_("Choose at least one journalist."))
    made, pks = [], []
    for journalist in chosen:
        if not journalist.can_receive:
            continue
        row, queued = queue(
            model=PressInvitation,
            key=PressInvitation.key_for(event.pk, journalist.email),
            transport=Transport.EMAIL,
            target=journalist.email,
            enqueue=False,
            event=event,
            journalist=journalist,
            name=journalist.name,
            email=journalist.email,
            base_url=base_url.rstrip("/"),
        )
        made.append(row)
        if queued:
            pks.append(row.pk)
    if not made:
        raise EventError(_("None of these journalists agreed to receive invitations."))
    send_on_commit(pks)
    return made


@transaction.atomic
def answer_invitation(invitation: PressInvitation, answer: str) -> PressInvitation:
    if answer not in {Answer.YES, Answer.NO}:
        raise EventError(_("Answer yes or no."))
    invitation.answer = answer
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "answered_at", "updated_at"])
    return invitation
