"""What happens to news items: every change goes through here, keeps a revision and the
search index in step, and enqueues background work on commit."""

from __future__ import annotations

import re
from datetime import datetime
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ravabet.core.publiccache import public_changed
from ravabet.lib.html import ARTICLE_TAGS, sanitize_html
from ravabet.network.access import rights_in_municipality
from ravabet.network.models import Municipality, Role, User
from ravabet.notifications.actions import notify
from ravabet.notifications.models import Kind as Notice
from ravabet.notifications.recipients import among_staff, managers, pr_heads
from ravabet.outbox.actions import deliver_one, requeue, send_on_commit
from ravabet.outbox.compose import source_name
from ravabet.outbox.models import Transport
from ravabet.search.actions import index_object, remove_object

from . import tasks
from .importing import ImportedText, text_to_html
from .models import (
    ApprovalRecord,
    ApprovalStep,
    ChannelPost,
    NewsItem,
    NewsroomSettings,
    Photo,
    PostStatus,
    Revision,
    Status,
)
from .photos import ProcessedPhoto

UNSAFE = re.compile(r"<\s*(script|iframe|object|embed|style)|\son\w+\s*=|javascript:", re.I)
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


class WorkflowError(Exception):
    """A step the item's status does not allow; the message is for the person."""


def clean_body(raw: str) -> tuple[str, bool]:
    """The body as stored, and whether something unsafe was removed from it."""
    html = raw if HTML_TAG.search(raw) else text_to_html(raw)
    return sanitize_html(html, ARTICLE_TAGS), bool(UNSAFE.search(raw))


def _record_revision(item: NewsItem, user: User, note: str) -> Revision:
    last = item.revisions.aggregate(n=Max("number"))["n"] or 0
    return Revision.objects.create(
        item=item,
        number=last + 1,
        author=user,
        note=note[:200],
        **{f: getattr(item, f) for f in Revision.TEXT_FIELDS},
    )


def _reindex(item: NewsItem) -> None:
    index_object(item)


def _tell_author(item: NewsItem, kind: str, user: User | None) -> None:
    """The author hears of their item's step (unless they took it, or cannot open it)."""
    notify(
        among_staff([item.author_id], item.municipality_id),
        kind,
        target=item,
        actor=user,
        occasion=item.updated_at.isoformat(),
        params={"title": item.title},
    )


@transaction.atomic
def save_news_item(item: NewsItem, user: User, *, note: str = "") -> NewsItem:
    """Create or edit an item; the body is sanitized, a revision kept, the index updated."""
    item.body = sanitize_html(item.body, ARTICLE_TAGS)
    if item.pk is None:
        item.author = user
        item.save()
    else:
        before = NewsItem.objects.filter(pk=item.pk).values(*item.approved_text).first()
        changed = before != item.approved_text
        if changed and item.status == Status.PUBLISHED and _manager_approval_applies(item):
            # The public text is the one the manager approved: a correction is a withdrawal
            # with a note, and a new item that goes through both approvals.
            raise WorkflowError(
                _(
                    "The manager approved this text as it is published; it is not changed. "
                    "Withdraw it with a correction note instead."
                )
            )
        if (
            item.status in (Status.APPROVED, Status.AWAITING_MANAGER)
            and item.approved_by_id != user.pk
        ):
            # Text changed after approval goes back to the PR head.
            item.status = Status.IN_REVIEW
            item.approved_by = None
        if changed and item.manager_approved_at is not None:
            _void_manager_approval(item, user)
        item.save()
        if item.status == Status.APPROVED and _missing_manager_approval(item):
            # The PR head changed the approved text (or its kind): it waits for the manager.
            request_manager_approval(item, user)
    _record_revision(item, user, note)
    _reindex(item)
    return item


def _transition(item: NewsItem, allowed: tuple[Status, ...], message: str) -> None:
    if item.status not in allowed:
        raise WorkflowError(message)


@transaction.atomic
def submit_for_review(item: NewsItem, user: User) -> NewsItem:
    _transition(item, (Status.DRAFT,), _("Only a draft can be sent for review."))
    item.status = Status.IN_REVIEW
    item.save(update_fields=["status", "updated_at"])
    _reindex(item)
    notify(
        pr_heads(item.municipality_id),
        Notice.NEWS_SUBMITTED,
        target=item,
        actor=user,
        occasion=item.updated_at.isoformat(),
        params={"title": item.title},
    )
    return item


@transaction.atomic
def return_to_draft(item: NewsItem, user: User) -> NewsItem:
    _transition(
        item,
        (Status.IN_REVIEW, Status.AWAITING_MANAGER, Status.APPROVED),
        _("Only an item in review can be returned."),
    )
    item.status = Status.DRAFT
    item.approved_by = None
    item.manager_approved_by = None
    item.manager_approved_at = None
    item.publish_at = None
    item.save(
        update_fields=[
            "status",
            "approved_by",
            "manager_approved_by",
            "manager_approved_at",
            "publish_at",
            "updated_at",
        ]
    )
    _reindex(item)
    _tell_author(item, Notice.NEWS_RETURNED, user)
    return item


@transaction.atomic
def approve_item(item: NewsItem, user: User) -> NewsItem:
    _transition(
        item,
        (Status.DRAFT, Status.IN_REVIEW),
        _("Only a draft or an item in review can be approved."),
    )
    # The PR head's approval; a kind the municipality lists then waits for a manager's.
    item.status = Status.APPROVED
    item.approved_by = user
    item.manager_approved_by = None
    item.manager_approved_at = None
    item.save(
        update_fields=[
            "status",
            "approved_by",
            "manager_approved_by",
            "manager_approved_at",
            "updated_at",
        ]
    )
    if manager_approval_required(item):
        return request_manager_approval(item, user)
    _reindex(item)
    _tell_author(item, Notice.NEWS_APPROVED, user)
    return item


# The manager's approval -------------------------------------------------------------


def manager_approval_required(item: NewsItem) -> bool:
    """Whether the item's kind waits for a manager's approval in its municipality
    (NewsroomSettings.manager_approval_kinds)."""
    config = NewsroomSettings.objects.filter(municipality_id=item.municipality_id).first()
    return config is not None and config.needs_manager_approval(item.kind)


def _manager_approval_applies(item: NewsItem) -> bool:
    return item.manager_approved_at is not None or manager_approval_required(item)


def _missing_manager_approval(item: NewsItem) -> bool:
    return item.manager_approved_at is None and manager_approval_required(item)


def is_manager(user: User, municipality: Municipality) -> bool:
    return Role.MANAGER in rights_in_municipality(user, municipality).roles


def managers_of(municipality: Municipality) -> list[User]:
    """Who may give the manager's approval: the municipality's members with the manager
    role (the same people its notifications go to), in name order."""
    return list(managers(municipality.pk).order_by("last_name", "first_name", "pk"))


def _void_manager_approval(item: NewsItem, user: User) -> None:
    """The text changed after the manager approved it: the approval is of another text."""
    item.manager_approved_by = None
    item.manager_approved_at = None
    ApprovalRecord.objects.create(item=item, step=ApprovalStep.VOIDED, actor=user)


@transaction.atomic
def request_manager_approval(item: NewsItem, user: User) -> NewsItem:
    """The PR head's approval is given; the item waits for a manager's."""
    _transition(
        item,
        (Status.APPROVED,),
        _("Only an item the PR head approved is sent for the manager's approval."),
    )
    item.status = Status.AWAITING_MANAGER
    item.manager_approved_by = None
    item.manager_approved_at = None
    item.save(update_fields=["status", "manager_approved_by", "manager_approved_at", "updated_at"])
    ApprovalRecord.objects.create(item=item, step=ApprovalStep.REQUESTED, actor=user)
    _reindex(item)
    notify(
        managers(item.municipality_id),
        Notice.NEWS_AWAITING_MANAGER,
        target=item,
        actor=user,
        occasion=item.updated_at.isoformat(),
        params={"title": item.title},
    )
    return item


def _check_manager(item: NewsItem, user: User) -> None:
    _transition(
        item,
        (Status.AWAITING_MANAGER,),
        _("This item is not waiting for a manager's approval."),
    )
    if not is_manager(user, item.municipality):
        raise WorkflowError(_("Only a manager of the municipality gives this approval."))
    if item.approved_by_id == user.pk:
        raise WorkflowError(
            _(
                "The manager's approval is a second person's: the PR head who approved "
                "the item does not give it too."
            )
        )


@transaction.atomic
def approve_as_manager(item: NewsItem, user: User) -> NewsItem:
    """The manager approves: the item may be published, or is published as scheduled."""
    _check_manager(item, user)
    item.status = Status.APPROVED
    item.manager_approved_by = user
    item.manager_approved_at = timezone.now()
    item.save(update_fields=["status", "manager_approved_by", "manager_approved_at", "updated_at"])
    ApprovalRecord.objects.create(item=item, step=ApprovalStep.APPROVED, actor=user)
    if item.publish_at is not None:
        # Scheduled while it waited: published then (at once if that moment has passed).
        transaction.on_commit(
            partial(tasks.publish_scheduled.using(run_after=item.publish_at).enqueue, item.pk)
        )
    _reindex(item)
    notify(
        among_staff([item.approved_by_id, item.author_id], item.municipality_id),
        Notice.NEWS_MANAGER_APPROVED,
        target=item,
        actor=user,
        occasion=item.updated_at.isoformat(),
        params={"title": item.title},
    )
    return item


@transaction.atomic
def return_from_manager(item: NewsItem, user: User, *, reason: str) -> NewsItem:
    """The manager returns the item to the PR head (and its writer) with the reason; the
    text and its revisions stay as they are, and it needs both approvals again."""
    _check_manager(item, user)
    if not reason.strip():
        raise WorkflowError(_("Give the reason for returning the item."))
    # Read before the change below: the PR head's approval is cleared by the return.
    told = [item.approved_by_id, item.author_id]
    item.status = Status.IN_REVIEW
    item.approved_by = None
    item.publish_at = None
    item.save(update_fields=["status", "approved_by", "publish_at", "updated_at"])
    ApprovalRecord.objects.create(
        item=item, step=ApprovalStep.RETURNED, actor=user, reason=reason.strip()
    )
    _reindex(item)
    notify(
        among_staff(told, item.municipality_id),
        Notice.NEWS_MANAGER_RETURNED,
        target=item,
        actor=user,
        occasion=item.updated_at.isoformat(),
        params={"title": item.title, "reason": reason.strip()[:300]},
    )
    return item


def _check_publishable(item: NewsItem) -> None:
    """The one rule for every way an item is published: approved by the PR head, and by a
    manager when its kind needs it."""
    if item.status == Status.AWAITING_MANAGER:
        raise WorkflowError(
            _("This item waits for the manager's approval; it is published after it.")
        )
    _transition(
        item,
        (Status.APPROVED,),
        _("This item has not been approved yet; the PR head approves it before it is published."),
    )
    if _missing_manager_approval(item):
        raise WorkflowError(
            _("This kind of item needs the manager's approval; send it to the manager first.")
        )


@transaction.atomic
def publish_item(item: NewsItem, user: User | None, *, at: datetime | None = None) -> NewsItem:
    """Publish now, or schedule publication for a later moment (a task runs it then). An
    item waiting for the manager may be scheduled: it is published then if approved."""
    now = timezone.now()
    if at is not None and at > now:
        if item.status != Status.AWAITING_MANAGER:
            _check_publishable(item)
        item.publish_at = at
        item.save(update_fields=["publish_at", "updated_at"])
        transaction.on_commit(partial(tasks.publish_scheduled.using(run_after=at).enqueue, item.pk))
        return item
    _check_publishable(item)
    item.status = Status.PUBLISHED
    item.published_at = now
    item.publish_at = None
    item.save(update_fields=["status", "published_at", "publish_at", "updated_at"])
    _reindex(item)
    _tell_author(item, Notice.NEWS_PUBLISHED, user)
    return item


@transaction.atomic
def publish_if_due(item_id: int) -> bool:
    """Run by the scheduled task: publishes once, and only if still approved and due."""
    item = NewsItem.objects.select_for_update().filter(pk=item_id).first()
    if item is None or item.status != Status.APPROVED or item.publish_at is None:
        return False
    if item.publish_at > timezone.now():
        return False
    try:
        _check_publishable(item)
    except WorkflowError:
        return False
    item.status = Status.PUBLISHED
    # A manager who approved after the scheduled moment publishes it at their approval.
    item.published_at = max(item.publish_at, item.manager_approved_at or item.publish_at)
    item.save(update_fields=["status", "published_at", "updated_at"])
    _reindex(item)
    _tell_author(item, Notice.NEWS_PUBLISHED, None)
    return True


@transaction.atomic
def withdraw_item(item: NewsItem, user: User, *, reason: str, correction: str) -> NewsItem:
    _transition(item, (Status.PUBLISHED,), _("Only a published item can be withdrawn."))
    if not reason.strip():
        raise WorkflowError(_("Give the reason for withdrawing the item."))
    item.status = Status.WITHDRAWN
    item.withdrawn_at = timezone.now()
    item.withdrawn_reason = reason.strip()
    item.correction_note = correction.strip()
    item.save(
        update_fields=[
            "status",
            "withdrawn_at",
            "withdrawn_reason",
            "correction_note",
            "updated_at",
        ]
    )
    _reindex(item)
    return item


@transaction.atomic
def restore_revision(item: NewsItem, revision: Revision, user: User) -> NewsItem:
    if revision.item_id != item.pk:
        raise WorkflowError(_("That revision belongs to another item."))
    for field in Revision.TEXT_FIELDS:
        setattr(item, field, getattr(revision, field))
    return save_news_item(item, user, note=_("Restored revision %(n)s") % {"n": revision.number})


@transaction.atomic
def delete_news_item(item: NewsItem) -> None:
    if item.status in (
        Status.AWAITING_MANAGER,
        Status.APPROVED,
        Status.PUBLISHED,
        Status.WITHDRAWN,
    ):
        raise WorkflowError(
            _("An approved or published item is not deleted; a published one is withdrawn.")
        )
    remove_object(item)
    for photo in item.photos.all():
        _delete_files(photo)
    item.delete()


@transaction.atomic
def add_photo(
    item: NewsItem, processed: ProcessedPhoto, *, caption: str = "", credit: str = ""
) -> Photo:
    photo = Photo(
        item=item,
        caption=caption,
        credit=credit,
        width=processed.width,
        height=processed.height,
        position=item.photos.count(),
    )
    photo.image.save(processed.original.name or "photo", processed.original, save=False)
    photo.page.save(processed.page.name or "page.jpg", processed.page, save=False)
    photo.feed.save(processed.feed.name or "feed.jpg", processed.feed, save=False)
    photo.save()
    if item.is_public:
        public_changed(item)
    return photo


def _delete_files(photo: Photo) -> None:
    for field in (photo.image, photo.page, photo.feed):
        if field:
            field.delete(save=False)


@transaction.atomic
def remove_photo(photo: Photo) -> None:
    names = [f.name for f in (photo.image, photo.page, photo.feed) if f.name]
    storage = photo.image.storage
    if photo.item.is_public:
        public_changed(photo.item)
    photo.delete()

    def delete_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)


@transaction.atomic
def import_news_text(
    municipality, user: User, imported: ImportedText, *, source_url: str = "", agency: str = ""
) -> NewsItem:
    item = NewsItem(
        municipality=municipality,
        title=imported.title,
        lead=imported.lead,
        body=imported.body_html,
        source_agency=(agency or imported.agency)[:150],
        source_url=source_url,
    )
    return save_news_item(item, user, note=_("Imported"))


# Messenger channels ---------------------------------------------------------------


def channel_text(item: NewsItem, url: str) -> str:
    parts = [item.surtitle, item.title, item.summary, url]
    return "\n\n".join(p for p in parts if p)[:1000]


@transaction.atomic
def post_to_channel(item: NewsItem, url: str) -> ChannelPost:
    """Queue the item for the municipality's messenger channel; a second call is refused."""
    if item.status != Status.PUBLISHED:
        raise WorkflowError(_("Only a published item can be posted to the channel."))
    config = NewsroomSettings.objects.filter(municipality=item.municipality).first()
    if config is None or not config.channel_ready:
        raise WorkflowError(
            _("Set the messenger's bot token and channel in the newsroom settings first.")
        )
    if ChannelPost.objects.filter(
        item=item, channel=config.channel, chat_id=config.chat_id
    ).exists():
        raise WorkflowError(_("This item is already posted (or queued) to the channel."))
    try:
        with transaction.atomic():
            post = ChannelPost.objects.create(
                item=item,
                channel=config.channel,
                chat_id=config.chat_id,
                text=channel_text(item, url),
                key=ChannelPost.key_for(item.pk, config.channel, config.chat_id),
                source=source_name(ChannelPost),
                transport=Transport.BOT,
                target=config.chat_id,
            )
    except IntegrityError:
        raise WorkflowError(_("This item is already posted (or queued) to the channel.")) from None
    send_on_commit([post.pk])
    return post


@transaction.atomic
def retry_channel_post(post: ChannelPost) -> ChannelPost:
    """Queue a failed post again, or an interrupted one once the PR head has looked at the
    channel; conditional, so a double click cannot queue a post that went out meanwhile."""
    if not requeue(post, from_statuses=[PostStatus.FAILED, PostStatus.INTERRUPTED]):
        raise WorkflowError(_("Only a failed or interrupted post can be posted again."))
    send_on_commit([post.pk])
    return post


def deliver_channel_post(post_id: int) -> str:
    """Post it through the outbox (which claims it first: never two posts)."""
    return deliver_one(post_id)


def validate_schedule(at: datetime | None) -> None:
    if at is not None and at <= timezone.now():
        raise ValidationError(_("The scheduled time has passed; choose a later one."))
