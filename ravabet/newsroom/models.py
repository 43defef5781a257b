from __future__ import annotations

import re
from html import unescape
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ravabet.core.files import opaque_name
from ravabet.lib.html import ARTICLE_TAGS, sanitize_html
from ravabet.network.models import Municipality, Network
from ravabet.outbox.models import Send, SendQuerySet
from ravabet.outbox.models import Status as SendStatus


def html_to_text(html: str) -> str:
    spaced = re.sub(r"(?i)</(p|li|h[2-4]|blockquote)>|<br\s*/?>", "\n\n", html)
    return re.sub(r"\n{3,}", "\n\n", unescape(strip_tags(spaced))).strip()


class Kind(models.TextChoices):
    NEWS = "news", pgettext_lazy("news kind", "News")
    PRESS_RELEASE = "press_release", _("Press release")
    STATEMENT = "statement", pgettext_lazy("news kind", "Statement")
    INTERVIEW = "interview", _("Interview")
    PHOTO_REPORT = "photo_report", _("Photo report")


class Category(models.TextChoices):
    URBAN_SERVICES = "urban_services", _("Urban services")
    CULTURE = "culture", _("Culture and society")
    DEVELOPMENT = "development", _("Development projects")
    ENVIRONMENT = "environment", _("Environment and green space")
    TRAFFIC = "traffic", _("Transport and traffic")
    COUNCIL = "council", _("City council")
    PUBLIC_RELATIONS = "public_relations", _("Public relations")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    # Approved by the PR head, waiting for a manager's (the mayor's) approval: the kinds
    # listed in NewsroomSettings.manager_approval_kinds.
    AWAITING_MANAGER = "awaiting_manager", _("Awaiting the manager's approval")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", pgettext_lazy("news status", "Withdrawn")


class NewsItemQuerySet(models.QuerySet["NewsItem"]):
    def published(self) -> NewsItemQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def of_municipality(self, municipality: Municipality) -> NewsItemQuerySet:
        return self.filter(municipality=municipality)

    def of_network(self, network: Network) -> NewsItemQuerySet:
        # A subquery, not a join through the membership table: with a join the database
        # sorts the whole archive before it can take the first page.
        return self.filter(municipality__in=network.members.values("pk"))

    def public_order(self) -> NewsItemQuerySet:
        return self.order_by("-published_at", "-pk")

    def waiting_for_approval(self) -> NewsItemQuerySet:
        return self.filter(status=Status.IN_REVIEW)

    def awaiting_manager(self) -> NewsItemQuerySet:
        return self.filter(status=Status.AWAITING_MANAGER)

    def with_people(self) -> NewsItemQuerySet:
        return self.select_related("municipality", "author")


class NewsItem(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="news", verbose_name=_("municipality")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="news_written",
        verbose_name=_("author"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("title"), max_length=250)
    surtitle = models.CharField(
        _("surtitle"), max_length=250, blank=True, help_text=_("A short line above the title.")
    )
    lead = models.TextField(
        _("lead"), blank=True, help_text=_("The opening summary: who, what, when, where.")
    )
    body = models.TextField(_("body"), blank=True)
    tags = models.CharField(
        _("tags"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    category = models.CharField(
        _("category"), max_length=30, choices=Category.choices, default=Category.OTHER
    )
    festive = models.BooleanField(
        _("festive"),
        default=False,
        help_text=_(
            "Celebratory news (a feast, an opening, congratulations): publishing it on a day "
            "of mourning gets a warning."
        ),
    )
    source_agency = models.CharField(_("source agency"), max_length=150, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    # The manager's approval of the text as it is now: cleared when the text changes.
    manager_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by the manager"),
    )
    manager_approved_at = models.DateTimeField(
        _("approved by the manager at"), null=True, blank=True
    )
    publish_at = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    correction_note = models.TextField(
        _("correction note"),
        blank=True,
        help_text=_("Shown to readers on the article page."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["municipality", "status", "-published_at"]),
            models.Index(fields=["status", "-published_at"], name="newsitem_status_published"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="newsitem_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="newsitem_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="newsitem_category_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="newsitem_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.WITHDRAWN) | ~Q(withdrawn_reason=""),
                name="newsitem_withdrawn_has_reason",
            ),
            # Waiting for the manager means not approved by them yet.
            models.CheckConstraint(
                condition=~Q(status=Status.AWAITING_MANAGER) | Q(manager_approved_at__isnull=True),
                name="newsitem_awaiting_manager_not_approved",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("newsroom:article", args=[self.municipality.slug, self.pk])

    def get_office_url(self) -> str:
        return reverse("newsroom:item", args=[self.pk])

    @property
    def is_public(self) -> bool:
        """Readers see published items, and withdrawn ones with their correction note."""
        return self.status in (Status.PUBLISHED, Status.WITHDRAWN) and self.published_at is not None

    @property
    def safe_body(self) -> str:
        # Stored sanitized already; cleaning again on the way out costs little and keeps a
        # row written by other means (admin, a migration) from reaching a page unsafe.
        return sanitize_html(self.body, ARTICLE_TAGS)

    @property
    def body_text(self) -> str:
        return html_to_text(self.body)

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.replace("،", ",").split(",") if t.strip()]

    @property
    def summary(self) -> str:
        return self.lead or self.body_text[:300]

    @property
    def approved_text(self) -> dict[str, str]:
        """What an approval is given to: the text and the kind."""
        return {f: getattr(self, f) for f in (*Revision.TEXT_FIELDS, "kind")}

    def first_photo(self) -> Photo | None:
        photos = list(self.photos.all())
        return photos[0] if photos else None


class Revision(models.Model):
    """The item's text as it was after one save; kept for comparison and restore."""

    item = models.ForeignKey(
        NewsItem, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("news item")
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=250)
    surtitle = models.CharField(_("surtitle"), max_length=250, blank=True)
    lead = models.TextField(_("lead"), blank=True)
    body = models.TextField(_("body"), blank=True)
    tags = models.CharField(_("tags"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("saved by"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    TEXT_FIELDS = ("title", "surtitle", "lead", "body", "tags")

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item} #{self.number}"

    @property
    def body_text(self) -> str:
        return html_to_text(self.body)


class ApprovalStep(models.TextChoices):
    REQUESTED = "requested", _("sent for the manager's approval")
    APPROVED = "approved", _("approved by the manager")
    RETURNED = "returned", _("returned by the manager")
    VOIDED = "voided", _("the manager's approval voided by a change to the text")


class ApprovalRecord(models.Model):
    """One step of the manager's approval of an item: who, when, and a return's reason."""

    item = models.ForeignKey(
        NewsItem,
        on_delete=models.CASCADE,
        related_name="approval_records",
        verbose_name=_("news item"),
    )
    step = models.CharField(_("step"), max_length=20, choices=ApprovalStep.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("approval record")
        verbose_name_plural = _("approval records")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(step__in=ApprovalStep.values), name="approvalrecord_step_valid"
            ),
            models.CheckConstraint(
                condition=~Q(step=ApprovalStep.RETURNED) | ~Q(reason=""),
                name="approvalrecord_returned_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.get_step_display()}"


def _photo_path(instance: Photo, filename: str) -> str:
    # The municipality is public; the rest of the name is random.
    return opaque_name(f"news/{instance.item.municipality.slug}", filename)


class Photo(models.Model):
    item = models.ForeignKey(
        NewsItem, on_delete=models.CASCADE, related_name="photos", verbose_name=_("news item")
    )
    image = models.ImageField(_("photo"), upload_to=_photo_path)
    page = models.ImageField(_("page rendition"), upload_to=_photo_path)
    feed = models.ImageField(_("feed rendition"), upload_to=_photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=150, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name or ""

    # The path part after the photo's id, per rendition (the page and feed ones are JPEG).
    URL_RENDITIONS = {"image": "original", "page": "page.jpg", "feed": "feed.jpg"}

    def file_url(self, rendition: str) -> str:
        """Public once the item is; until then its newsroom's staff only (the view decides)."""
        return reverse(
            "newsroom:photo-file",
            args=[self.item.municipality.slug, self.pk, self.URL_RENDITIONS[rendition]],
        )

    @property
    def original_url(self) -> str:
        return self.file_url("image")

    @property
    def page_url(self) -> str:
        return self.file_url("page")

    @property
    def feed_url(self) -> str:
        return self.file_url("feed")


class Channel(models.TextChoices):
    TELEGRAM = "telegram", _("Telegram")
    BALE = "bale", _("Bale")


DEFAULT_BOT_API = {
    Channel.TELEGRAM: "https://api.telegram.org",
    Channel.BALE: "https://tapi.bale.ai",
}


class NewsroomSettings(models.Model):
    """Per municipality: who press releases come from, and the messenger channel."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="newsroom_settings",
        verbose_name=_("municipality"),
    )
    sender_name = models.CharField(_("sender name"), max_length=150, blank=True)
    sender_email = models.EmailField(
        _("sender email"),
        blank=True,
        help_text=_("Press releases are sent from this address."),
    )
    channel = models.CharField(
        _("messenger"), max_length=20, choices=Channel.choices, default=Channel.TELEGRAM
    )
    bot_api_url = models.URLField(
        _("bot API base URL"),
        blank=True,
        help_text=_("Leave empty for the messenger's usual address."),
    )
    bot_token = models.CharField(_("bot token"), max_length=200, blank=True)
    chat_id = models.CharField(
        _("channel"), max_length=100, blank=True, help_text=_("For example @rudsar_news.")
    )
    # Kind values (Kind) that wait for a manager's approval after the PR head's.
    manager_approval_kinds = models.JSONField(
        _("kinds that need a manager's approval"), default=list, blank=True
    )
    # Shown to everyone in the press room: chosen on purpose, never a staff member's own.
    press_contact = models.CharField(
        _("public press contact"),
        max_length=150,
        blank=True,
        help_text=_("Shown in the public press room, for example: the PR office's press desk."),
    )
    press_email = models.EmailField(
        _("public press email"),
        blank=True,
        help_text=_("Shown in the public press room for journalists."),
    )
    press_phone = models.CharField(
        _("public press phone"),
        max_length=30,
        blank=True,
        help_text=_("Shown in the public press room for journalists."),
    )

    class Meta:
        verbose_name = _("newsroom settings")
        verbose_name_plural = _("newsroom settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="newsroomsettings_channel_valid"
            )
        ]

    def __str__(self) -> str:
        return str(self.municipality)

    @property
    def has_press_contact(self) -> bool:
        return bool(self.press_contact or self.press_email or self.press_phone)

    @property
    def api_base(self) -> str:
        return (self.bot_api_url or DEFAULT_BOT_API[Channel(self.channel)]).rstrip("/")

    @property
    def channel_ready(self) -> bool:
        return bool(self.bot_token and self.chat_id)

    def needs_manager_approval(self, kind: str) -> bool:
        return kind in (self.manager_approval_kinds or [])

    def from_email(self) -> str:
        if not self.sender_email:
            return settings.DEFAULT_FROM_EMAIL
        name = self.sender_name or self.municipality.name
        return f'"{name}" <{self.sender_email}>'


# A post's statuses are the outbox's; the name stays for the newsroom's pages.
PostStatus = SendStatus


class ChannelPostQuerySet(SendQuerySet["ChannelPost"]):
    pass


ChannelPostManager = models.Manager.from_queryset(ChannelPostQuerySet)


class ChannelPost(Send):
    """One news item posted to one messenger channel: at most once. A send of the
    outbox (status, reason, attempts, claim: the Send row this extends)."""

    item = models.ForeignKey(
        NewsItem,
        on_delete=models.CASCADE,
        related_name="channel_posts",
        verbose_name=_("news item"),
    )
    channel = models.CharField(_("messenger"), max_length=20, choices=Channel.choices)
    chat_id = models.CharField(_("channel"), max_length=100)
    text = models.TextField(_("text"))

    objects: ClassVar[ChannelPostManager] = ChannelPostManager()

    class Meta:
        verbose_name = _("channel post")
        verbose_name_plural = _("channel posts")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "channel", "chat_id"], name="channelpost_once_per_channel"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} → {self.chat_id}"

    @staticmethod
    def key_for(item_id: int, channel: str, chat_id: str) -> str:
        return f"channelpost:{item_id}:{channel}:{chat_id}"

    @property
    def message_id(self) -> str:
        """The post's number in the channel, as the bot API gave it."""
        return self.external_id

    @property
    def retryable(self) -> bool:
        return self.status in (PostStatus.FAILED, PostStatus.INTERRUPTED)
