"""What the secretariat does to meetings and resolutions, with its side effects."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ravabet.lib.html import sanitize_html
from ravabet.lib.i18n import local_digits
from ravabet.lib.jalali import TEHRAN, JalaliQuarter, format_date, format_datetime, from_jalali
from ravabet.network.models import Membership, Network, Role, User
from ravabet.newsroom.actions import save_news_item
from ravabet.newsroom.importing import paragraphs, text_to_html
from ravabet.newsroom.models import NewsItem
from ravabet.notifications.actions import notify
from ravabet.notifications.models import Kind as Notice
from ravabet.notifications.recipients import meeting_keepers, pr_office, resolution_owners
from ravabet.officialcalendar.official import OfficialCalendar
from ravabet.outbox.actions import queue, send_on_commit
from ravabet.outbox.models import Transport
from ravabet.search.actions import index_object

from . import tasks
from .models import (
    OPEN_STATUSES,
    AgendaItem,
    AgendaKind,
    AgendaStatus,
    DeadlineChange,
    Invitation,
    Meeting,
    MeetingStatus,
    MinutesAttachment,
    MinutesComment,
    OwnerReminder,
    ProgressUpdate,
    Resolution,
    ResolutionStatus,
)


def standing_agenda() -> list[tuple[str, str, int]]:
    """The first quarterly meeting's agenda: (title, kind, minutes)."""
    return [
        (_("Opening and the secretariat's report"), AgendaKind.ITEM, 15),
        (_("Review of open resolutions"), AgendaKind.REVIEW, 30),
        (_("Members' reports and shared experience"), AgendaKind.ITEM, 45),
        (_("Any other business"), AgendaKind.ITEM, 15),
    ]


def next_quarter_for(network: Network) -> JalaliQuarter:
    """The quarter after the last quarterly meeting, but never one already past."""
    current = JalaliQuarter.current()
    last = (
        Meeting.objects.of_network(network)
        .not_cancelled()
        .filter(is_quarterly=True)
        .order_by("-quarter_year", "-quarter_number")
        .first()
    )
    target = last.quarter.next() if last else current.next()
    return target if target > current else current.next()


def propose_quarterly_date(quarter: JalaliQuarter) -> dt.datetime:
    """Mid-way through the quarter's first month, 10:00 in Tehran."""
    day = from_jalali(quarter.year, quarter.months()[0], 15)
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=TEHRAN).astimezone(dt.UTC)


def _last_quarterly(network: Network) -> Meeting | None:
    return (
        Meeting.objects.of_network(network)
        .not_cancelled()
        .filter(is_quarterly=True)
        .order_by("-starts_at")
        .first()
    )


@transaction.atomic
def plan_meeting(meeting: Meeting, user: User, *, quarterly: bool = False) -> Meeting:
    meeting.created_by = user
    quarter = JalaliQuarter.of(meeting.starts_at)
    meeting.quarter_year, meeting.quarter_number = quarter.year, quarter.number
    meeting.is_quarterly = quarterly
    previous = _last_quarterly(meeting.network) if quarterly and meeting.network else None
    meeting.save()
    if quarterly:
        standing = (
            list(previous.agenda.filter(is_standing=True).order_by("position")) if previous else []
        )
        if standing:
            rows = [(i.title, i.kind, i.duration_minutes, i.presenter) for i in standing]
        else:
            rows = [(t, k, m, "") for t, k, m in standing_agenda()]
        AgendaItem.objects.bulk_create(
            AgendaItem(
                meeting=meeting,
                position=(n + 1) * 10,
                title=title,
                kind=kind,
                duration_minutes=minutes,
                presenter=presenter,
                is_standing=True,
            )
            for n, (title, kind, minutes, presenter) in enumerate(rows)
        )
    carry_open_resolutions(meeting)
    return meeting


FRIDAY = 4


def date_warnings(meeting: Meeting) -> list[str]:
    """What is unusual about the meeting's day, for the secretariat to confirm: a Friday,
    or an official holiday (named) in the owner's official calendar. Warnings, not errors:
    a meeting may be held on such a day on purpose."""
    day = meeting.starts_at.astimezone(TEHRAN).date()
    when = format_date(day, weekday=True)
    warnings = []
    if day.weekday() == FRIDAY:
        warnings.append(
            _("%(date)s is a Friday, the weekend: make sure the members can come that day.")
            % {"date": when}
        )
    calendar = OfficialCalendar.for_place(meeting.network or meeting.host_municipality)
    official = calendar.days_off(day, day).get(day)
    if official is not None:
        warnings.append(
            _("%(date)s is an official holiday (%(holiday)s): make sure the members can come.")
            % {"date": when, "holiday": "، ".join(official.holiday_titles)}
        )
    return warnings


def renumber_agenda(meeting: Meeting) -> None:
    """Positions 1, 2, 3… in the agenda's present order (position, then pk): no gaps, no ties."""
    items = list(meeting.agenda.order_by("position", "pk").only("pk", "position"))
    changed = []
    for n, item in enumerate(items, start=1):
        if item.position != n:
            item.position = n
            changed.append(item)
    AgendaItem.objects.bulk_update(changed, ["position"])


class AgendaMoveError(Exception):
    pass


@transaction.atomic
def move_agenda_item(item: AgendaItem, direction: str) -> AgendaItem:
    """Swap the item with its neighbour above ("up") or below ("down").

    The meeting's row is locked first, so two people reordering at once take turns and
    each move applies to the order the other left; positions stay 1…n."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    if meeting.status != MeetingStatus.PLANNED:
        raise AgendaMoveError(_("The agenda of a meeting already held cannot change."))
    items = list(meeting.agenda.order_by("position", "pk"))
    index = next((n for n, other in enumerate(items) if other.pk == item.pk), None)
    if index is None:
        raise AgendaMoveError(_("This item is no longer on the agenda."))
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for n, other in enumerate(items, start=1):
        other.position = n
    AgendaItem.objects.bulk_update(items, ["position"])
    return items[target if 0 <= target < len(items) else index]


def carry_open_resolutions(meeting: Meeting) -> int:
    """Put every open resolution of the network (or office) on a planned meeting's agenda,
    right after the review item."""
    if meeting.status != MeetingStatus.PLANNED:
        return 0
    scope = (
        {"meeting__network": meeting.network}
        if meeting.network
        else {"meeting__municipality": meeting.municipality}
    )
    open_ones = (
        Resolution.objects.filter(**scope, status__in=OPEN_STATUSES)
        .exclude(meeting=meeting)
        .exclude(agenda_items__meeting=meeting)
        .filter(meeting__starts_at__lt=meeting.starts_at)
        .order_by("deadline", "pk")
    )
    review = meeting.agenda.filter(kind=AgendaKind.REVIEW).first()
    base = review.position if review else (meeting.agenda.aggregate(m=Max("position"))["m"] or 0)
    new = [
        AgendaItem(
            meeting=meeting,
            position=base,
            title=resolution.text[:300],
            kind=AgendaKind.FOLLOW_UP,
            resolution=resolution,
            presenter=resolution.owner_label[:150],
            duration_minutes=5,
        )
        for resolution in open_ones.with_owner()
    ]
    AgendaItem.objects.bulk_create(new)
    renumber_agenda(meeting)
    return len(new)


@transaction.atomic
def change_meeting(meeting: Meeting, changed: list[str]) -> Meeting:
    """Save edits; a new time or place raises SEQUENCE and re-sends the invitations."""
    reschedule = bool({"starts_at", "duration_minutes", "place", "online_link"} & set(changed))
    if "starts_at" in changed:
        quarter = JalaliQuarter.of(meeting.starts_at)
        meeting.quarter_year, meeting.quarter_number = quarter.year, quarter.number
    if reschedule:
        meeting.sequence = F("sequence") + 1
    meeting.save()
    meeting.refresh_from_db()
    if reschedule:
        # Everyone who was sent a version gets the new one (the old, if still waiting,
        # is skipped as replaced).
        invited = meeting.invitations.filter(sends__reminder=False).exclude(email="").distinct()
        send_on_commit(
            pk for pk in (tasks.queue_invitation(i, meeting.sequence) for i in invited) if pk
        )
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, reason: str) -> None:
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason
    meeting.sequence = F("sequence") + 1
    meeting.save(update_fields=["status", "cancel_reason", "sequence"])


@transaction.atomic
def add_agenda_item(meeting: Meeting, item: AgendaItem, user: User, *, proposal: bool) -> None:
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # one adder at a time
    item.meeting = meeting
    top = meeting.agenda.aggregate(m=Max("position"))["m"] or 0
    item.position = top + 1
    if proposal:
        item.status = AgendaStatus.PROPOSED
        item.proposed_by = user
    item.save()


def decide_proposal(item: AgendaItem, *, accept: bool) -> None:
    item.status = AgendaStatus.ACCEPTED if accept else AgendaStatus.DECLINED
    item.save(update_fields=["status"])


@transaction.atomic
def invite_members(meeting: Meeting) -> int:
    """Invite the member municipalities' PR heads (or, for an office's own meeting, its
    PR office); people already invited are left as they are."""
    if meeting.network is not None:
        members = list(meeting.network.members.all())
        roles = [Role.PR_HEAD]
    else:
        members = [meeting.host_municipality]
        roles = [Role.PR_HEAD, Role.PR_STAFF]
    already = set(meeting.invitations.exclude(user=None).values_list("user_id", flat=True))
    created = 0
    for membership in (
        Membership.objects.filter(municipality__in=members, role__in=roles)
        .select_related("user", "municipality")
        .order_by("municipality__name", "pk")
    ):
        if membership.user_id in already:
            continue
        already.add(membership.user_id)
        user = membership.user
        Invitation.objects.create(
            meeting=meeting,
            user=user,
            municipality=membership.municipality,
            name=user.get_full_name() or user.username,
            title=membership.title or str(Role(membership.role).label),
            email=user.email,
        )
        created += 1
    return created


@transaction.atomic
def send_invitations(meeting: Meeting) -> int:
    """Queue an email for everyone who has not had this version of the invitation (the
    outbox's key per invitation and SEQUENCE keeps it to one)."""
    queued = [
        pk
        for pk in (
            tasks.queue_invitation(i, meeting.sequence)
            for i in meeting.invitations.exclude(email="")
        )
        if pk
    ]
    send_on_commit(queued)
    return len(queued)


class RSVPError(Exception):
    pass


def rsvp_closed_reason(meeting: Meeting) -> str:
    """Why answers are no longer taken ("" while they are): until the meeting starts."""
    if meeting.status != MeetingStatus.PLANNED:
        return _("This meeting is no longer open for answers.")
    if meeting.starts_at <= timezone.now():
        return _("This meeting has already started; answers are no longer taken.")
    return ""


@transaction.atomic
def answer_rsvp(invitation_id: int, answer: str, *, nonce: str | None = None) -> Invitation:
    """Record (or change) an invitee's answer. From the emailed link ``nonce`` must match
    the invitation's; the link works again and again until the meeting starts."""
    invitation = (
        Invitation.objects.select_for_update().select_related("meeting").filter(pk=invitation_id)
    ).first()
    if invitation is None or (nonce is not None and str(invitation.rsvp_nonce) != nonce):
        raise RSVPError(_("This link is not valid. Use the link in your invitation email."))
    closed = rsvp_closed_reason(invitation.meeting)
    if closed:
        raise RSVPError(closed)
    if invitation.rsvp != answer:
        invitation.rsvp = answer
        invitation.rsvp_at = timezone.now()
        invitation.save(update_fields=["rsvp", "rsvp_at"])
    return invitation


def record_attendance(invitation: Invitation, attendance: str, deputy: str) -> None:
    invitation.attendance = attendance
    invitation.deputy = deputy
    invitation.save(update_fields=["attendance", "deputy"])


def save_minutes(item: AgendaItem, html: str, version: int, user: User) -> bool:
    """Store the item's minutes if nobody saved since ``version``; False on a conflict."""
    return bool(
        AgendaItem.objects.filter(pk=item.pk, minutes_version=version).update(
            minutes=sanitize_html(html).strip(),
            minutes_version=version + 1,
            minutes_edited_by=user,
            minutes_edited_at=timezone.now(),
        )
    )


def add_attachment(meeting: Meeting, upload: UploadedFile, user: User) -> MinutesAttachment:
    return MinutesAttachment.objects.create(
        meeting=meeting, file=upload, name=(upload.name or "file")[-200:], uploaded_by=user
    )


def mark_held(meeting: Meeting, comment_days: int) -> None:
    """Record a planned meeting as held, once it has started; attendees then comment."""
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Only a planned meeting can be recorded as held."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(
            _(
                "The meeting is planned for %(when)s; it can be recorded as held once it has "
                "started."
            )
            % {"when": format_datetime(meeting.starts_at, weekday=True)}
        )
    meeting.status = MeetingStatus.HELD
    meeting.comments_until = timezone.now() + dt.timedelta(days=comment_days)
    meeting.save(update_fields=["status", "comments_until"])


@transaction.atomic
def add_comment(
    meeting: Meeting, user: User, text: str, *, asks_change: bool = False
) -> MinutesComment:
    comment = MinutesComment.objects.create(
        meeting=meeting, author=user, text=text, asks_change=asks_change
    )
    notify(
        meeting_keepers(meeting),
        Notice.MINUTES_COMMENT,
        target=meeting,
        actor=user,
        occasion=f"comment:{comment.pk}",
        params={"title": meeting.title, "anchor": "#comments"},
    )
    return comment


def settle_change_request(comment: MinutesComment, user: User) -> None:
    """The secretariat has dealt with a requested change (corrected or answered it)."""
    if comment.asks_change and comment.settled_at is None:
        comment.settled_at = timezone.now()
        comment.settled_by = user
        comment.save(update_fields=["settled_at", "settled_by"])


def approval_blockers(meeting: Meeting) -> list[str]:
    """Why the minutes cannot be approved now (empty when they can)."""
    if meeting.status != MeetingStatus.HELD:
        return [_("Only the minutes of a held meeting can be approved.")]
    reasons = []
    if meeting.starts_at > timezone.now():
        reasons.append(_("The meeting has not taken place yet."))
    if meeting.comments_open and meeting.comments_until is not None:
        reasons.append(
            _("Attendees may comment until %(when)s; approve the minutes after that.")
            % {"when": format_datetime(meeting.comments_until)}
        )
    pending = meeting.comments.pending_changes().count()
    if pending:
        reasons.append(
            _("%(count)s requested changes to the minutes are not settled yet; settle them first.")
            % {"count": local_digits(pending)}
        )
    return reasons


@transaction.atomic
def approve_minutes(meeting: Meeting, user: User) -> None:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    reasons = approval_blockers(meeting)
    if reasons:
        raise ValidationError(reasons)
    meeting.status = MeetingStatus.APPROVED
    meeting.approved_at = timezone.now()
    meeting.approved_by = user
    meeting.save(update_fields=["status", "approved_at", "approved_by"])
    index_object(meeting)


@transaction.atomic
def create_resolution(resolution: Resolution, *, actor: User | None = None) -> Resolution:
    if resolution.owner_department is not None:
        resolution.owner_municipality = resolution.owner_department.municipality
    resolution.save()
    notify(
        resolution_owners(resolution),
        Notice.RESOLUTION_ASSIGNED,
        target=resolution,
        actor=actor,
        params={"title": resolution.text[:120], "owner": resolution.owner_label},
    )
    meeting = resolution.meeting
    later = Meeting.objects.filter(status=MeetingStatus.PLANNED, starts_at__gt=meeting.starts_at)
    later = (
        later.filter(network=meeting.network)
        if meeting.network
        else later.filter(municipality=meeting.municipality)
    )
    for planned in later:
        carry_open_resolutions(planned)
    return resolution


@transaction.atomic
def post_progress(
    resolution: Resolution,
    user: User,
    text: str,
    status: str,
    attachment: UploadedFile | None = None,
) -> ProgressUpdate:
    update = ProgressUpdate(resolution=resolution, author=user, text=text, status=status)
    if attachment is not None:
        update.attachment = attachment  # type: ignore[assignment]
        update.attachment_name = (attachment.name or "")[-200:]
    update.save()
    notify(
        meeting_keepers(resolution.meeting),
        Notice.RESOLUTION_PROGRESS,
        target=resolution,
        actor=user,
        occasion=f"update:{update.pk}",
        params={"title": resolution.text[:120]},
    )
    if status != resolution.status:
        resolution.status = status
        resolution.closed_at = timezone.now() if status == ResolutionStatus.DONE else None
        resolution.save(update_fields=["status", "closed_at"])
    return update


def close_resolution(resolution: Resolution, status: str, reason: str = "") -> None:
    resolution.status = status
    resolution.drop_reason = reason if status == ResolutionStatus.DROPPED else ""
    resolution.closed_at = timezone.now() if status not in OPEN_STATUSES else None
    resolution.save(update_fields=["status", "drop_reason", "closed_at"])


class ReminderError(Exception):
    pass


@transaction.atomic
def remind_owner(resolution: Resolution, user: User) -> list[str]:
    """Email an overdue resolution's owner now, at the secretariat's request: at most once
    a day (the outbox key). Returns the addresses it goes to."""
    if not resolution.is_overdue:
        raise ReminderError(_("Only an overdue resolution's owner is reminded."))
    recipients = tasks.owner_emails(resolution)
    if not recipients:
        raise ReminderError(
            _("Nobody with an email address owns this resolution; add the owner's email first.")
        )
    day = timezone.localdate()
    row, queued = queue(
        model=OwnerReminder,
        key=OwnerReminder.key_for(resolution.pk, day),
        transport=Transport.EMAIL,
        target=", ".join(recipients),
        enqueue=False,
        resolution=resolution,
        day=day,
        requested_by=user,
    )
    if not queued:
        raise ReminderError(
            _("The owner was already reminded today; one reminder a day is enough.")
        )
    send_on_commit([row.pk])
    return recipients


@transaction.atomic
def extend_deadline(
    resolution: Resolution, new_deadline: dt.date, reason: str, user: User
) -> DeadlineChange:
    """Move a resolution's deadline, keeping the old one, the new one, the reason, who and
    when in its history."""
    locked = Resolution.objects.select_for_update().get(pk=resolution.pk)
    if not locked.is_open:
        raise ValidationError(_("A closed resolution's deadline does not change."))
    if new_deadline <= locked.deadline:
        raise ValidationError(
            _("The new deadline must be after the present one (%(date)s).")
            % {"date": format_date(locked.deadline)}
        )
    change = DeadlineChange.objects.create(
        resolution=locked,
        old_deadline=locked.deadline,
        new_deadline=new_deadline,
        reason=reason.strip(),
        changed_by=user,
    )
    locked.deadline = new_deadline
    locked.save(update_fields=["deadline"])
    resolution.deadline = new_deadline
    return change


def network_quarters_without_meeting(network: Network, year: int) -> list[JalaliQuarter]:
    held = set(
        Meeting.objects.of_network(network)
        .not_cancelled()
        .filter(quarter_year=year)
        .values_list("quarter_number", flat=True)
    )
    return [JalaliQuarter(year, n) for n in range(1, 5) if n not in held]


@transaction.atomic
def send_to_newsroom(meeting: Meeting, user: User) -> NewsItem:
    """Hand the stored draft to the host municipality's newsroom as a draft news item.

    Once only: a second call returns the item already made, so a double-click or a
    second editor never files the same story twice.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.news_item is not None:
        return meeting.news_item
    parts = paragraphs(meeting.news_draft)
    if len(parts) < 2:
        raise ValidationError(_("Make the news draft before sending it to the newsroom."))
    item = save_news_item(
        NewsItem(
            municipality=meeting.host_municipality,
            title=parts[0][:250],
            lead=parts[1],
            body=text_to_html("\n".join(parts[2:])),
        ),
        user,
        note=_("Made from the meeting's record"),
    )
    meeting.news_item = item
    meeting.save(update_fields=["news_item"])
    # The newsroom's people are told it is there (the secretariat may not see it: the
    # item is the host municipality's).
    notify(
        pr_office(item.municipality_id),
        Notice.NEWS_DRAFT_ARRIVED,
        target=item,
        actor=user,
        params={"title": item.title, "meeting": meeting.title},
    )
    return item
