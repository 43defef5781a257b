"""What the secretariat does to meetings and resolutions, with its side effects."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ravabet.lib.html import sanitize_html
from ravabet.lib.jalali import TEHRAN, JalaliQuarter, from_jalali
from ravabet.network.models import Membership, Network, Role, User
from ravabet.newsroom.actions import save_news_item
from ravabet.newsroom.importing import paragraphs, text_to_html
from ravabet.newsroom.models import NewsItem
from ravabet.notifications.actions import notify
from ravabet.notifications.models import Kind as Notice
from ravabet.notifications.recipients import meeting_keepers, pr_office, resolution_owners
from ravabet.outbox.actions import send_on_commit
from ravabet.search.actions import index_object

from . import tasks
from .models import (
    OPEN_STATUSES,
    AgendaItem,
    AgendaKind,
    AgendaStatus,
    Invitation,
    Meeting,
    MeetingStatus,
    MinutesAttachment,
    MinutesComment,
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


def add_agenda_item(meeting: Meeting, item: AgendaItem, user: User, *, proposal: bool) -> None:
    item.meeting = meeting
    top = meeting.agenda.aggregate(m=Max("position"))["m"] or 0
    item.position = top + 10
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


@transaction.atomic
def answer_rsvp(invitation_id: int, nonce: str, answer: str) -> Invitation:
    invitation = Invitation.objects.select_for_update().filter(pk=invitation_id).first()
    if invitation is None or str(invitation.rsvp_nonce) != nonce:
        raise RSVPError(_("This link has already been used. Ask the secretariat for a new one."))
    if invitation.meeting.status != MeetingStatus.PLANNED:
        raise RSVPError(_("This meeting is no longer open for answers."))
    invitation.rsvp = answer
    invitation.rsvp_at = timezone.now()
    # The used link stops working; a new invitation email carries a fresh one.
    invitation.rsvp_nonce = uuid.uuid4()
    invitation.save(update_fields=["rsvp", "rsvp_at", "rsvp_nonce"])
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
    meeting.status = MeetingStatus.HELD
    meeting.comments_until = timezone.now() + dt.timedelta(days=comment_days)
    meeting.save(update_fields=["status", "comments_until"])


@transaction.atomic
def add_comment(meeting: Meeting, user: User, text: str) -> MinutesComment:
    comment = MinutesComment.objects.create(meeting=meeting, author=user, text=text)
    notify(
        meeting_keepers(meeting),
        Notice.MINUTES_COMMENT,
        target=meeting,
        actor=user,
        occasion=f"comment:{comment.pk}",
        params={"title": meeting.title, "anchor": "#comments"},
    )
    return comment


@transaction.atomic
def approve_minutes(meeting: Meeting, user: User) -> None:
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
