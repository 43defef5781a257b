"""What people do in media monitoring: add a source, watch names, keep a clipping with its
tone, open a right-of-reply task, subscribe to and send the daily bulletin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ravabet.lib.persian import normalize
from ravabet.network.models import Municipality, Network, User
from ravabet.outbox.actions import queue
from ravabet.outbox.models import Transport

from .fetcher import FetchError, discover, fetch, looks_like_feed, parse_feed
from .models import (
    Alias,
    BulletinEmail,
    BulletinSubscription,
    Clipping,
    Exclusion,
    Item,
    ReplyStatus,
    ReplyTask,
    Source,
    Tone,
    WatchKind,
    WatchList,
)

# The bulletin of a day goes out the next morning, from this hour (Tehran).
BULLETIN_HOUR = 7


def _enqueue_poll(pk: int) -> None:
    from .tasks import poll_source

    poll_source.enqueue(pk)


def find_feed(url: str) -> tuple[str, str]:
    """(feed address, its title) for a feed's or a page's address; a page is asked for
    its feed by <link rel="alternate">. Raises ValidationError saying what went wrong."""
    try:
        fetched = fetch(url)
        if not looks_like_feed(fetched):
            feed_url = discover(fetched)
            if feed_url is None:
                raise ValidationError(
                    _("This page announces no RSS or Atom feed; give the feed's address.")
                )
            fetched = fetch(feed_url)
        feed = parse_feed(fetched.body, fetched.content_type, timezone.now())
    except FetchError as error:
        raise ValidationError(str(error)) from None
    return fetched.url, feed.title


@transaction.atomic
def add_source(place: Municipality | Network, user: User, url: str, name: str = "") -> Source:
    feed_url, title = find_feed(url)
    owner = {"network": place} if isinstance(place, Network) else {"municipality": place}
    if Source.objects.filter(feed_url=feed_url, **owner).exists():
        raise ValidationError(_("This feed is already among the sources."))
    source = Source.objects.create(
        **owner,
        name=(name or title or feed_url)[:200],
        page_url=url if url != feed_url else "",
        feed_url=feed_url,
        created_by=user,
    )
    transaction.on_commit(partial(_enqueue_poll, source.pk))
    return source


def poll_now(source: Source) -> None:
    Source.objects.filter(pk=source.pk).update(next_poll_at=timezone.now())
    transaction.on_commit(partial(_enqueue_poll, source.pk))


def set_source_active(source: Source, active: bool) -> None:
    source.active = active
    source.save(update_fields=["active"])


def _terms(lines: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for line in lines:
        line = line.strip()
        if line and normalize(line) not in seen:
            seen[normalize(line)] = line
    return list(seen.values())


@transaction.atomic
def save_watch(
    municipality: Municipality,
    *,
    name: str,
    kind: str,
    aliases: Iterable[str],
    exclusions: Iterable[str] = (),
    watch: WatchList | None = None,
) -> WatchList:
    """A watch list with its aliases (its name is always one) and exclusions, replaced whole."""
    if kind not in WatchKind.values:
        raise ValidationError(_("Choose a kind."))
    if watch is None:
        watch = WatchList(municipality=municipality)
    watch.name, watch.kind = name.strip(), kind
    try:
        with transaction.atomic():
            watch.save()
    except IntegrityError:
        raise ValidationError(_("A watch list with this name exists already.")) from None
    watch.aliases.all().delete()
    watch.exclusions.all().delete()
    for term in _terms([watch.name, *aliases]):
        alias = Alias(watch=watch)
        alias.set_text(term)
        alias.save()
    for term in _terms(exclusions):
        exclusion = Exclusion(watch=watch)
        exclusion.set_text(term)
        exclusion.save()
    return watch


# --- clippings and replies ------------------------------------------------------------

NEGATIVE_WORDS = (
    "انتقاد",
    "اعتراض",
    "شکایت",
    "گلایه",
    "تخلف",
    "فساد",
    "بی‌توجهی",
    "معضل",
    "مشکل",
    "نارضایتی",
    "رها شده",
    "بلاتکلیف",
    "تعطیل",
    "خسارت",
    "کمبود",
    "ناکارآمد",
    "اختلاس",
)
POSITIVE_WORDS = (
    "افتتاح",
    "بهره‌برداری",
    "تقدیر",
    "موفقیت",
    "رتبه برتر",
    "پیشرفت",
    "تکمیل",
    "اجرای",
    "بهبود",
    "زیباسازی",
    "نوسازی",
    "قدردانی",
    "برتر",
    "رضایت",
    "کمک",
)


def suggest_tone(text_norm: str) -> str:
    """A keyword guess at the tone, offered to the person who codes it (never stored by
    itself): negative words against positive ones."""
    negative = sum(text_norm.count(normalize(w)) for w in NEGATIVE_WORDS)
    positive = sum(text_norm.count(normalize(w)) for w in POSITIVE_WORDS)
    if negative > positive:
        return Tone.NEGATIVE
    if positive > negative:
        return Tone.POSITIVE
    return Tone.NEUTRAL


def clip_item(
    item: Item, municipality: Municipality, user: User, *, tone: str, notes: str
) -> Clipping:
    if tone not in Tone.values:
        raise ValidationError(_("Choose a tone."))
    clipping, created = Clipping.objects.get_or_create(
        item=item,
        municipality=municipality,
        defaults={"tone": tone, "notes": notes, "created_by": user},
    )
    if not created:
        clipping.tone, clipping.notes = tone, notes
        clipping.save(update_fields=["tone", "notes", "updated_at"])
    return clipping


def open_reply(clipping: Clipping, *, owner: User, deadline: dt.date) -> ReplyTask:
    if clipping.replies.filter(status__in=[ReplyStatus.OPEN, ReplyStatus.DRAFTED]).exists():
        raise ValidationError(_("A reply to this item is already open."))
    return ReplyTask.objects.create(clipping=clipping, owner=owner, deadline=deadline)


def update_reply(task: ReplyTask, *, status: str, reply_url: str, deadline: dt.date) -> ReplyTask:
    if status not in ReplyStatus.values:
        raise ValidationError(_("Choose a status."))
    if status == ReplyStatus.PUBLISHED and not reply_url:
        raise ValidationError(_("Give the address where the reply was published."))
    task.status, task.reply_url, task.deadline = status, reply_url, deadline
    task.save(update_fields=["status", "reply_url", "deadline", "updated_at"])
    return task


# --- the bulletin ---------------------------------------------------------------------


def subscribe(municipality: Municipality, user: User, on: bool) -> None:
    if on:
        BulletinSubscription.objects.get_or_create(municipality=municipality, user=user)
    else:
        BulletinSubscription.objects.filter(municipality=municipality, user=user).delete()


def queue_bulletin(municipality: Municipality, day: dt.date) -> int:
    """The day's bulletin to each subscriber with an address, once each; returns how many
    were queued now."""
    queued = 0
    subscriptions = BulletinSubscription.objects.filter(municipality=municipality).select_related(
        "user"
    )
    for subscription in subscriptions:
        user = subscription.user
        if not user.email or not user.is_active:
            continue
        _row, now = queue(
            model=BulletinEmail,
            key=BulletinEmail.key_for(municipality.pk, user.pk, day),
            transport=Transport.EMAIL,
            target=user.email,
            municipality=municipality,
            user=user,
            day=day,
        )
        queued += int(now)
    return queued


def queue_daily_bulletins(now: dt.datetime) -> int:
    """Yesterday's bulletins, once the morning came (idempotent: one per person and day)."""
    local = timezone.localtime(now)
    if local.hour < BULLETIN_HOUR:
        return 0
    day = local.date() - dt.timedelta(days=1)
    ids = BulletinSubscription.objects.values_list("municipality_id", flat=True).distinct()
    total = 0
    for municipality in Municipality.objects.filter(pk__in=list(ids)):
        with transaction.atomic():
            total += queue_bulletin(municipality, day)
    return total
