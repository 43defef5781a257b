"""Media monitoring: the feeds an office reads, what they carried, and what it says of us.

A ``Source`` is a news site's feed, a municipality's or a network's (added by its
secretariat for every member). Its ``Item``s are stored once each, by canonical URL;
near-duplicate items (wire copies) share a ``Cluster``. A ``WatchList`` is a name the office
watches for (the municipality, its mayor, a district, a project) with its ``Alias``es and
``Exclusion``s; a ``Mention`` is one watch list found in one item. Staff keep an item as
a ``Clipping`` with its tone and notes, and may open a ``ReplyTask`` (right of reply). A
``Pickup`` is a press release found carried by an item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import ClassVar
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ravabet.lib.i18n import local_digits
from ravabet.lib.persian import normalize
from ravabet.network.models import Municipality, Network
from ravabet.outbox.models import Send, SendQuerySet

# Polling adapts between these bounds (seconds): a feed that publishes often is read
# every quarter of an hour, a quiet one backs off to once every twelve hours.
MIN_POLL = 15 * 60
MAX_POLL = 12 * 60 * 60
DEFAULT_POLL = 60 * 60


def _one_owner(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(
            Q(network__isnull=False, municipality__isnull=True)
            | Q(network__isnull=True, municipality__isnull=False)
        ),
        name=f"{prefix}_one_owner",
    )


class SourceQuerySet(models.QuerySet["Source"]):
    def of(self, place: Municipality | Network) -> SourceQuerySet:
        if isinstance(place, Network):
            return self.filter(network=place)
        return self.filter(municipality=place)

    def read_by(self, municipality: Municipality) -> SourceQuerySet:
        """The municipality's own sources and its networks' (added for all members)."""
        return self.filter(Q(municipality=municipality) | Q(network__members=municipality))

    def active(self) -> SourceQuerySet:
        return self.filter(active=True)

    def due(self, now: dt.datetime) -> SourceQuerySet:
        return self.active().filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))


class FetchProblem(models.TextChoices):
    """Why a read failed. A source stores the code and the message's parameters, and the
    message is written when it is shown, in the reader's language (not the worker's)."""

    NOT_WEB = "not_web", _("Only http and https addresses can be read.")
    NO_NAME = "no_name", _("The site's name could not be found.")
    PRIVATE = "private", _("Addresses on a private network cannot be read.")
    TIMEOUT = "timeout", _("The site did not answer in time.")
    UNREACHABLE = "unreachable", _("The site could not be reached: %(error)s")
    REDIRECT_NOWHERE = "redirect_nowhere", _("The site redirected to nowhere.")
    REDIRECT_LOOP = "redirect_loop", _("The site redirects in a loop.")
    TOO_MANY_REDIRECTS = "too_many_redirects", _("The site redirects too many times.")
    HTTP_ERROR = "http_error", _("The site answered with error %(status)s.")
    TOO_LARGE = "too_large", _("The answer is too large (over %(mb)s MB).")
    CUT_SHORT = "cut_short", _("The answer was cut short: %(error)s")
    NOT_A_FEED = "not_a_feed", _("The feed could not be read (it is not well-formed RSS or Atom).")
    # Errors recorded as text in the worker's language, before codes were stored.
    EARLIER = "earlier", _("The last read failed.")

    @classmethod
    def message(cls, code: str, params: Mapping[str, object]) -> str:
        """The message in the active language; numbers in its digits (codes such as an
        HTTP status are strings and stay as they are)."""
        text = str(cls(code).label)
        shown = {k: local_digits(v) if isinstance(v, int) else v for k, v in params.items()}
        return text % shown if shown else text


class Source(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("network"),
    )
    name = models.CharField(_("outlet name"), max_length=200)
    page_url = models.URLField(_("site address"), max_length=500, blank=True)
    feed_url = models.URLField(_("feed address"), max_length=500)
    active = models.BooleanField(_("active"), default=True)
    # Adaptive polling: the interval shrinks when a read brings new items, grows when not.
    poll_interval = models.PositiveIntegerField(default=DEFAULT_POLL)
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_fetched_at = models.DateTimeField(_("last read"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_error = models.CharField(
        _("last error"), max_length=20, choices=FetchProblem.choices, blank=True
    )
    last_error_params = models.JSONField(default=dict, blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    item_count = models.PositiveIntegerField(_("items"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("news source")
        verbose_name_plural = _("news sources")
        ordering = ["name", "pk"]
        constraints = [
            _one_owner("monitoring_source"),
            models.UniqueConstraint(
                fields=["municipality", "feed_url"],
                condition=Q(municipality__isnull=False),
                name="monitoring_source_feed_once_m",
                violation_error_message=_("This feed is already among your sources."),
            ),
            models.UniqueConstraint(
                fields=["network", "feed_url"],
                condition=Q(network__isnull=False),
                name="monitoring_source_feed_once_n",
                violation_error_message=_("This feed is already among the network's sources."),
            ),
            models.CheckConstraint(
                condition=Q(poll_interval__gte=MIN_POLL, poll_interval__lte=MAX_POLL),
                name="monitoring_source_poll_bounds",
            ),
            models.CheckConstraint(
                condition=Q(last_error__in=["", *FetchProblem.values]),
                name="monitoring_source_last_error",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:source", args=[self.pk])

    @property
    def owner(self) -> Municipality | Network:
        return self.network or self.municipality  # type: ignore[return-value]

    @property
    def last_error_message(self) -> str:
        if not self.last_error:
            return ""
        return FetchProblem.message(self.last_error, self.last_error_params)

    @property
    def healthy(self) -> bool:
        if self.last_success_at is None:
            return False
        return self.last_error_at is None or self.last_error_at < self.last_success_at

    def next_interval(self, new_items: int) -> int:
        """Half the interval after a read with new items, half again as long after one
        with none; within MIN_POLL and MAX_POLL."""
        value = self.poll_interval // 2 if new_items else self.poll_interval * 3 // 2
        return max(MIN_POLL, min(MAX_POLL, value))


class Cluster(models.Model):
    """Wire copies of one story: its first item, when it spread and to how many outlets."""

    first_item = models.ForeignKey("Item", on_delete=models.SET_NULL, null=True, related_name="+")
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    item_count = models.PositiveIntegerField(default=1)
    outlet_count = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("story cluster")
        verbose_name_plural = _("story clusters")

    def __str__(self) -> str:
        return f"cluster {self.pk}"

    @property
    def spread(self) -> dt.timedelta:
        return self.last_seen_at - self.first_seen_at


class FullText(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Not needed")
    PENDING = "pending", _("Pending")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ItemQuerySet(models.QuerySet["Item"]):
    def seen_by(self, municipality: Municipality) -> ItemQuerySet:
        """Items that mention the municipality, or came from a source it reads."""
        return self.filter(
            Q(mentions__municipality=municipality)
            | Q(source__municipality=municipality)
            | Q(source__network__members=municipality)
        ).distinct()

    def with_source(self) -> ItemQuerySet:
        return self.select_related("source", "cluster")


class Item(models.Model):
    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="items", verbose_name=_("source")
    )
    url = models.URLField(_("address"), max_length=1000)
    canonical_url = models.CharField(max_length=1000, unique=True)
    # The outlet's site, from the item's own address: an aggregator's feed carries many
    # outlets, so stories and pickups count sites, not feeds.
    host = models.CharField(_("site"), max_length=200, blank=True, db_index=True)
    guid = models.CharField(max_length=500, blank=True)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("full text"), blank=True)
    # Normalized title + summary (+ full text once read): what matching and search read.
    text_norm = models.TextField(blank=True)
    published_at = models.DateTimeField(_("published"), db_index=True)
    date_guessed = models.BooleanField(
        _("date not given"),
        default=False,
        help_text=_("The feed gave no readable date: the time it was read stands in."),
    )
    fetched_at = models.DateTimeField(_("read at"))
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("story"),
    )
    # The MinHash signature (uint64 values) and shingle count: the near-duplicate index is
    # rebuilt from these when a worker starts, without normalizing again.
    signature = models.BinaryField(blank=True, default=b"")
    shingle_count = models.PositiveIntegerField(default=0)
    fulltext = models.CharField(
        max_length=20, choices=FullText.choices, default=FullText.NOT_NEEDED
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("monitored item")
        verbose_name_plural = _("monitored items")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fulltext__in=FullText.values), name="monitoring_item_fulltext"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def outlet(self) -> str:
        """The feed's outlet name, or the item's own site when an aggregator carried it."""
        feed_host = urlsplit(self.source.feed_url).hostname or ""
        feed_host = feed_host.removeprefix("www.")
        site = self.host.split(":")[0]
        if site and site != feed_host:
            return site
        return self.source.name

    def get_office_url(self, municipality: Municipality) -> str:
        return reverse("monitoring:item", args=[municipality.slug, self.pk])


class WatchKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("The municipality")
    MAYOR = "mayor", _("Mayor")
    COUNCIL = "council", _("Council member")
    OFFICIAL = "official", _("Official")
    DISTRICT = "district", _("District")
    PROJECT = "project", _("Project")
    OTHER = "other", _("Other")


class WatchListQuerySet(models.QuerySet["WatchList"]):
    def with_terms(self) -> WatchListQuerySet:
        return self.prefetch_related("aliases", "exclusions")


class WatchList(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=WatchKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WatchListQuerySet.as_manager()

    class Meta:
        verbose_name = _("watch list")
        verbose_name_plural = _("watch lists")
        ordering = ["kind", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=WatchKind.values), name="monitoring_watch_kind"
            ),
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="monitoring_watch_once",
                violation_error_message=_("A watch list with this name exists already."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:watch", args=[self.pk])


class Term(models.Model):
    text = models.CharField(_("text"), max_length=200)
    text_norm = models.CharField(max_length=200, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.text

    def set_text(self, text: str) -> None:
        self.text = text.strip()
        self.text_norm = normalize(self.text)


class Alias(Term):
    watch = models.ForeignKey(WatchList, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["watch", "text_norm"], name="monitoring_alias_once")
        ]


class Exclusion(Term):
    """A phrase in which an alias is not the watched one (a namesake, a street)."""

    watch = models.ForeignKey(WatchList, on_delete=models.CASCADE, related_name="exclusions")

    class Meta:
        verbose_name = _("exclusion")
        verbose_name_plural = _("exclusions")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["watch", "text_norm"], name="monitoring_exclusion_once")
        ]


class MentionQuerySet(models.QuerySet["Mention"]):
    def of(self, municipality: Municipality) -> MentionQuerySet:
        return self.filter(municipality=municipality)

    def on_day(self, day: dt.date) -> MentionQuerySet:
        from ravabet.lib.jalali import TEHRAN

        start = dt.datetime.combine(day, dt.time(), tzinfo=TEHRAN)
        return self.filter(
            item__published_at__gte=start, item__published_at__lt=start + dt.timedelta(days=1)
        )

    def between(self, start: dt.datetime, end: dt.datetime) -> MentionQuerySet:
        return self.filter(item__published_at__gte=start, item__published_at__lt=end)

    def with_item(self) -> MentionQuerySet:
        return self.select_related("item__source", "item__cluster", "watch")


class Mention(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="mentions")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    watch = models.ForeignKey(
        WatchList, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("watch list")
    )
    alias = models.CharField(_("alias matched"), max_length=200)
    snippet = models.TextField(_("snippet"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MentionQuerySet.as_manager()

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        ordering = ["-item__published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "watch"], name="monitoring_mention_once")
        ]

    def __str__(self) -> str:
        return f"{self.watch}: {self.alias}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:item", args=[self.municipality.slug, self.item_id])


class Tone(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Negative")


class ClippingQuerySet(models.QuerySet["Clipping"]):
    def of(self, municipality: Municipality) -> ClippingQuerySet:
        return self.filter(municipality=municipality)


class Clipping(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="clippings")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    tone = models.CharField(_("tone"), max_length=20, choices=Tone.choices, default=Tone.NEUTRAL)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClippingQuerySet.as_manager()

    class Meta:
        verbose_name = _("clipping")
        verbose_name_plural = _("clippings")
        ordering = ["-item__published_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(tone__in=Tone.values), name="monitoring_tone"),
            models.UniqueConstraint(
                fields=["item", "municipality"], name="monitoring_clipping_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.item)


class ReplyStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DRAFTED = "drafted", _("Reply drafted")
    PUBLISHED = "published", _("Reply published")
    DROPPED = "dropped", _("Dropped")


OPEN_REPLY = (ReplyStatus.OPEN, ReplyStatus.DRAFTED)


class ReplyTaskQuerySet(models.QuerySet["ReplyTask"]):
    def of(self, municipality: Municipality) -> ReplyTaskQuerySet:
        return self.filter(clipping__municipality=municipality)

    def open(self) -> ReplyTaskQuerySet:
        return self.filter(status__in=OPEN_REPLY)


class ReplyTask(models.Model):
    """The right of reply to an inaccurate or negative item."""

    clipping = models.ForeignKey(Clipping, on_delete=models.CASCADE, related_name="replies")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReplyStatus.choices, default=ReplyStatus.OPEN
    )
    reply_url = models.URLField(_("reply published at"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReplyTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("right-of-reply task")
        verbose_name_plural = _("right-of-reply tasks")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReplyStatus.values), name="monitoring_reply_status"
            ),
            models.CheckConstraint(
                condition=~Q(status=ReplyStatus.PUBLISHED) | ~Q(reply_url=""),
                name="monitoring_reply_published_has_link",
            ),
        ]

    def __str__(self) -> str:
        return f"reply to {self.clipping}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REPLY

    @property
    def overdue(self) -> bool:
        return self.is_open and self.deadline < timezone.localdate()


class Pickup(models.Model):
    """A press release found carried, in whole or in part, by an item."""

    release = models.ForeignKey(
        "newsroom.NewsItem", on_delete=models.CASCADE, related_name="pickups"
    )
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="pickups")
    # Share of the release's shingles found in the article.
    containment = models.FloatField()
    found_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("press release pickup")
        verbose_name_plural = _("press release pickups")
        ordering = ["item__published_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["release", "item"], name="monitoring_pickup_once"),
            models.CheckConstraint(
                condition=Q(containment__gte=0, containment__lte=1),
                name="monitoring_pickup_containment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.release_id} in {self.item_id}"

    @property
    def percent(self) -> int:
        return round(100 * self.containment)


class BulletinSubscription(models.Model):
    """A person who receives a municipality's daily bulletin by email."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bulletin subscription")
        verbose_name_plural = _("bulletin subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "user"], name="monitoring_bulletin_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ← {self.municipality}"


class BulletinEmailQuerySet(SendQuerySet["BulletinEmail"]):
    pass


BulletinEmailManager = models.Manager.from_queryset(BulletinEmailQuerySet)


class BulletinEmail(Send):
    """One day's bulletin to one subscriber: once (the outbox key)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    objects: ClassVar[BulletinEmailManager] = BulletinEmailManager()

    @staticmethod
    def key_for(municipality_id: int, user_id: int, day: dt.date) -> str:
        return f"bulletin:{municipality_id}:{user_id}:{day.isoformat()}"

    def __str__(self) -> str:
        return self.key
