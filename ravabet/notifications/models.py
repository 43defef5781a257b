"""A notification for one person, their choice of email per kind, and the words of each kind.

A notification stores what happened (its kind and a few parameters: a title, a code) and
the thing it is about (a generic reference); its sentence is written at display time in
the reader's language, and its link is the target's own office URL, computed then too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from ravabet.lib.i18n import is_fa, local_digits
from ravabet.lib.jalali import format_date

# FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE: a Persian title inside an English
# sentence (or a code inside a Persian one) keeps its own direction.
FSI = "\u2068"
LRI = "\u2066"
PDI = "\u2069"
# Parameters laid out left to right whatever the text around them: a tracking code's
# digits and hyphen have no direction of their own, and «۷۹۹۶-۲۴۲۸» would swap halves.
LTR_PARAMS = frozenset({"code"})


class Kind(models.TextChoices):
    NEWS_SUBMITTED = "news_submitted", _("a news item sent for my review")
    NEWS_RETURNED = "news_returned", _("my news item returned to draft")
    NEWS_APPROVED = "news_approved", _("my news item approved")
    NEWS_PUBLISHED = "news_published", _("my news item published")
    NEWS_AWAITING_MANAGER = (
        "news_awaiting_manager",
        _("a news item waiting for my approval as manager"),
    )
    NEWS_MANAGER_APPROVED = "news_manager_approved", _("the manager's approval of a news item")
    NEWS_MANAGER_RETURNED = "news_manager_returned", _("a news item the manager returned")
    NEWS_DRAFT_ARRIVED = "news_draft_arrived", _("a draft arriving from a meeting's record")
    MESSAGE_ROUTED = "message_routed", _("a citizen's message routed")
    MESSAGE_OVERDUE = "message_overdue", _("a citizen's message overdue")
    MESSAGE_REOPENED = "message_reopened", _("a citizen's message reopened")
    RESOLUTION_ASSIGNED = "resolution_assigned", _("a resolution given to my office")
    RESOLUTION_DUE_SOON = "resolution_due_soon", _("a resolution near its deadline")
    RESOLUTION_OVERDUE = "resolution_overdue", _("a resolution overdue")
    RESOLUTION_PROGRESS = "resolution_progress", _("progress reported on a resolution")
    MINUTES_COMMENT = "minutes_comment", _("a comment on minutes")
    EVENT_TASK_DUE = "event_task_due", _("an event's checklist task of mine due")
    INCIDENT_OPENED = "incident_opened", _("a crisis incident opened")
    STATEMENT_AWAITING = "statement_awaiting", _("a crisis statement waiting for my approval")
    STATEMENT_PUBLISHED = "statement_published", _("a crisis statement published")


# The sentence of each kind. %(actor)s is the person who did it (or "Ravabet"), the other
# names come from the notification's parameters.
SENTENCES: dict[str, Any] = {
    Kind.NEWS_SUBMITTED: _("%(actor)s sent the news item %(title)s for your review."),
    Kind.NEWS_RETURNED: _("%(actor)s returned your news item %(title)s to draft."),
    Kind.NEWS_APPROVED: _("%(actor)s approved your news item %(title)s."),
    Kind.NEWS_PUBLISHED: _("Your news item %(title)s was published."),
    Kind.NEWS_AWAITING_MANAGER: _(
        "%(actor)s approved the news item %(title)s; it waits for your approval as manager."
    ),
    Kind.NEWS_MANAGER_APPROVED: _("%(actor)s gave the manager's approval to %(title)s."),
    Kind.NEWS_MANAGER_RETURNED: _("%(actor)s returned the news item %(title)s: %(reason)s"),
    Kind.NEWS_DRAFT_ARRIVED: _(
        "%(actor)s sent a news draft from the meeting %(meeting)s to your newsroom: %(title)s."
    ),
    Kind.MESSAGE_ROUTED: _("Citizen's message %(code)s was routed to %(department)s."),
    Kind.MESSAGE_OVERDUE: _("Citizen's message %(code)s is past its deadline and unanswered."),
    Kind.MESSAGE_REOPENED: _("The citizen reopened message %(code)s."),
    Kind.RESOLUTION_ASSIGNED: _("A resolution was given to %(owner)s: %(title)s"),
    Kind.RESOLUTION_DUE_SOON: _("The resolution %(title)s is due on %(deadline)s."),
    Kind.RESOLUTION_OVERDUE: _("The resolution %(title)s was due on %(deadline)s and is open."),
    Kind.RESOLUTION_PROGRESS: _("%(actor)s reported progress on the resolution %(title)s."),
    Kind.EVENT_TASK_DUE: _("Your task %(title)s for the event %(event)s is due on %(deadline)s."),
    Kind.MINUTES_COMMENT: _("%(actor)s commented on the minutes of %(title)s."),
    Kind.INCIDENT_OPENED: _("%(actor)s opened the crisis incident %(title)s."),
    Kind.STATEMENT_AWAITING: _(
        "%(actor)s sent the statement %(title)s for your approval as spokesperson."
    ),
    Kind.STATEMENT_PUBLISHED: _("%(actor)s published %(title)s."),
}


class Delivery(models.TextChoices):
    INSTANT = "instant", _("by email at once")
    DIGEST = "digest", _("in a daily email digest")
    NEVER = "never", _("not by email (in Ravabet only)")


# When a person has not chosen: at once for what waits on them, else the daily digest. An
# overdue citizen's message is already emailed at once to the PR heads by its escalation
# (voice.Escalation); its notification waits for the digest, not a second email.
DEFAULT_DELIVERY: dict[str, str] = {
    kind: Delivery.INSTANT
    if kind
    in {
        Kind.NEWS_SUBMITTED,
        Kind.NEWS_RETURNED,
        Kind.NEWS_AWAITING_MANAGER,
        Kind.NEWS_MANAGER_RETURNED,
        Kind.NEWS_DRAFT_ARRIVED,
        Kind.MESSAGE_ROUTED,
        Kind.MESSAGE_REOPENED,
        Kind.RESOLUTION_ASSIGNED,
        Kind.RESOLUTION_OVERDUE,
        Kind.INCIDENT_OPENED,
        Kind.STATEMENT_AWAITING,
    }
    # A task's reminder is already emailed by the events' own send (events.TaskReminder).
    else Delivery.NEVER
    if kind == Kind.EVENT_TASK_DUE
    else Delivery.DIGEST
    for kind in Kind.values
}


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_user(self, user: Any) -> NotificationQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def for_display(self) -> NotificationQuerySet:
        # The targets in one query per kind of target, the actors in the same query.
        return self.select_related("actor", "target_type").prefetch_related("target")


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    # What tells one occurrence of the same kind on the same thing from another (a second
    # submission after a return, the new deadline of a resolution); a retried task gives
    # the same one and so makes no second notification.
    occasion = models.CharField(max_length=100, blank=True, default="")
    params = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # The outbox key of the email that carried it (at once, or a day's digest); empty
    # until one did.
    emailed_in = models.CharField(max_length=120, blank=True, default="")

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values), name="notification_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "target_type", "target_id", "occasion"],
                name="notification_once_per_occasion",
            ),
        ]
        indexes = [
            # The bell: one user's unread ones.
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def _values(self, wrap: Any) -> dict[str, Any]:
        values: dict[str, Any] = {}
        english = not is_fa()
        for key, value in self.params.items():
            if key.endswith("_en"):
                continue
            # A name with an English form (a department's) takes it on English pages.
            if english and self.params.get(f"{key}_en"):
                value = self.params[f"{key}_en"]
            values[key] = wrap(_display(key, value), key in LTR_PARAMS)
        actor = self.actor.get_full_name() or self.actor.username if self.actor else _("Ravabet")
        values.setdefault("actor", wrap(actor, False))
        return values

    @property
    def sentence(self) -> Any:
        return SENTENCES.get(self.kind, _("Something changed."))

    @property
    def text(self) -> str:
        """The sentence in the active language, for plain text (email)."""
        values = self._values(lambda v, ltr: f"{LRI if ltr else FSI}{v}{PDI}")
        return str(self.sentence) % _Missing(values)

    @property
    def html(self) -> SafeString:
        """The same, for a page: the names escaped and isolated in <bdi>."""
        values = self._values(
            lambda v, ltr: (
                format_html('<bdi dir="ltr">{}</bdi>', v)
                if ltr
                else format_html("<bdi>{}</bdi>", v)
            )
        )
        return SafeString(escape(str(self.sentence)) % _Missing(values))

    @property
    def url(self) -> str:
        """Where the thing is now, for this recipient: its office page."""
        target = self.target
        if target is None:
            return ""
        for name in ("get_office_url", "get_absolute_url"):
            method = getattr(target, name, None)
            if method is not None:
                return str(method()) + str(self.params.get("anchor", ""))
        return ""


def _display(key: str, value: Any) -> str:
    """A parameter as the reader reads it: a date (stored ISO) in the Jalali calendar, a code
    in the reader's digits; names as they were written."""
    if key == "deadline":
        try:
            return format_date(dt.date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if key == "code":
        return local_digits(value)
    return str(value)


class _Missing(dict[str, Any]):
    """A parameter a sentence names but an old notification lacks prints as nothing."""

    def __missing__(self, key: str) -> str:
        return ""


class Preference(models.Model):
    """A person's choice of email for one kind; no row means DEFAULT_DELIVERY."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    delivery = models.CharField(_("email"), max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="preference_kind_valid"),
            models.CheckConstraint(
                condition=Q(delivery__in=Delivery.values), name="preference_delivery_valid"
            ),
            models.UniqueConstraint(fields=["user", "kind"], name="preference_once_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.delivery}"


class EmailLanguage(models.Model):
    """The language a person's notification emails are written in (their pages follow the
    browser; an email has no browser). Set on the preferences page; Persian without it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_language"
    )
    language = models.CharField(_("language of emails"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="emaillanguage_language_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.language}"


def deliveries_for(user_ids: list[int], kind: str) -> dict[int, str]:
    """Each user's choice for this kind, in one query."""
    chosen = dict(
        Preference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return {pk: chosen.get(pk, DEFAULT_DELIVERY[kind]) for pk in user_ids}
