"""The ingest, as the worker runs it: fetch → parse → dates → normalize → de-duplicate →
match → store; and the full-text stage for matched items, apart (ten times slower).

Idempotent: an item is stored once by its canonical URL, a mention once per item and
watch list, a pickup once per release and item; reading a feed twice stores nothing twice.
The near-duplicate index lives in the worker's memory: built from the database the first
time a worker needs it, and topped up with the items other workers stored since.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import F, Min
from django.utils import timezone

from ravabet.lib.persian import normalize
from ravabet.newsroom.models import NewsItem

from . import text
from .fetcher import Entry, FetchError, fetch, parse_feed
from .models import (
    Cluster,
    FullText,
    Item,
    Mention,
    Pickup,
    Source,
    WatchList,
)

log = logging.getLogger(__name__)

# The index keeps this many days of items: wire copies spread within hours or days.
INDEX_DAYS = 30
# Releases distributed this long ago or less are looked for in new items.
RELEASE_DAYS = 30


class _Index:
    index: text.NearDuplicates | None = None


def near_duplicates() -> text.NearDuplicates:
    """The worker's index: built once from the database, then kept in step with it."""
    if _Index.index is None:
        _Index.index = text.NearDuplicates()
        since = timezone.now() - dt.timedelta(days=INDEX_DAYS)
        rows = Item.objects.filter(fetched_at__gte=since).exclude(signature=b"")
        _add_rows(_Index.index, rows)
    else:
        rows = Item.objects.filter(pk__gt=_Index.index.last_id).exclude(signature=b"")
        _add_rows(_Index.index, rows)
    return _Index.index


def _add_rows(index: text.NearDuplicates, rows) -> None:  # type: ignore[no-untyped-def]
    for pk, data, size in rows.values_list("pk", "signature", "shingle_count").iterator():
        index.add(pk, text.Signature.from_bytes(bytes(data), size))


def forget_index() -> None:
    """Drop the in-memory index (tests; a worker that must re-read the database)."""
    _Index.index = None


def matcher() -> text.Matcher:
    watches = [
        text.Watch(
            key=w.pk,
            group=w.municipality_id,
            aliases=tuple(a.text_norm for a in w.aliases.all()),
            exclusions=tuple(e.text_norm for e in w.exclusions.all()),
        )
        for w in WatchList.objects.with_terms()
    ]
    return text.Matcher(watches)


@dataclass
class Read:
    new: int = 0
    seen: int = 0
    mentions: int = 0
    not_modified: bool = False


def poll_source(source: Source) -> Read:
    """Read one feed now; its success or error and its next read are recorded on it."""
    now = timezone.now()
    try:
        fetched = fetch(source.feed_url, etag=source.etag, last_modified=source.last_modified)
        if fetched.status == 304:
            result = Read(not_modified=True)
        else:
            feed = parse_feed(fetched.body, fetched.content_type, now)
            result = store_entries(source, feed.entries, now)
    except FetchError as error:
        interval = source.next_interval(0)
        Source.objects.filter(pk=source.pk).update(
            last_fetched_at=now,
            last_error=error.problem,
            last_error_params=error.params,
            last_error_at=now,
            poll_interval=interval,
            next_poll_at=now + dt.timedelta(seconds=interval),
        )
        return Read()
    interval = source.next_interval(result.new)
    Source.objects.filter(pk=source.pk).update(
        last_fetched_at=now,
        last_success_at=now,
        etag=fetched.headers.get("etag", "")[:300],
        last_modified=fetched.headers.get("last-modified", "")[:100],
        poll_interval=interval,
        next_poll_at=now + dt.timedelta(seconds=interval),
        item_count=F("item_count") + result.new,
    )
    return result


def store_entries(source: Source, entries: list[Entry], now: dt.datetime) -> Read:
    result = Read()
    if not entries:
        return result
    index = near_duplicates()
    match = matcher()
    canonical = {text.canonical_url(e.url): e for e in entries}
    known = set(
        Item.objects.filter(canonical_url__in=list(canonical)).values_list(
            "canonical_url", flat=True
        )
    )
    for url, entry in canonical.items():
        if url in known:
            result.seen += 1
            continue
        stored = store_entry(source, entry, url, now, index, match)
        if stored is None:
            result.seen += 1
            continue
        result.new += 1
        result.mentions += stored
    return result


def store_entry(
    source: Source,
    entry: Entry,
    url: str,
    now: dt.datetime,
    index: text.NearDuplicates,
    match: text.Matcher,
) -> int | None:
    """Store one new entry with its cluster and mentions; None if it is a duplicate.
    Returns how many mentions it has."""
    norm = normalize(f"{entry.title}\n{entry.summary}")
    sig = text.signature(norm)
    similar = index.similar(sig)
    copies = Item.objects.filter(pk__in=[key for key, _share, _j in similar]).select_related(
        "cluster"
    )
    by_pk = {c.pk: c for c in copies}
    for key, _share, jaccard in similar:
        twin = by_pk.get(key)
        if twin is not None and twin.source_id == source.pk and jaccard >= text.SAME_ITEM:
            return None  # the same item under another address
    hits = list(match.find(norm))
    try:
        with transaction.atomic():
            item = Item.objects.create(
                source=source,
                url=entry.url,
                canonical_url=url,
                host=urlsplit(url).netloc[:200],
                guid=entry.guid,
                title=entry.title,
                summary=entry.summary,
                text_norm=norm,
                published_at=entry.published_at,
                date_guessed=entry.date_guessed,
                fetched_at=now,
                signature=sig.to_bytes(),
                shingle_count=sig.size,
                fulltext=FullText.PENDING if hits else FullText.NOT_NEEDED,
            )
            seeds = {
                pk: (twin.cluster.first_item_id if twin.cluster else None)
                for pk, twin in by_pk.items()
            }
            chosen = text.pick_story([row for row in similar if row[0] in by_pk], seeds)
            if chosen is not None:
                join_cluster(item, by_pk[chosen])
            made = _store_hits(item, hits, norm)
            if hits:
                find_pickups(item)
                transaction.on_commit(partial(_enqueue_fulltext, item.pk))
    except IntegrityError:
        return None  # another worker stored it meanwhile
    index.add(item.pk, sig)
    for mention in made:
        _index_mention(mention)
    return len(made)


def _enqueue_fulltext(pk: int) -> None:
    from .tasks import extract_fulltext

    extract_fulltext.enqueue(pk)


def _index_mention(mention: Mention) -> None:
    from ravabet.search.actions import index_object

    try:
        index_object(mention)
    except Exception:
        log.exception("could not index mention %s", mention.pk)


def _store_hits(item: Item, hits: list[text.Hit], norm: str) -> list[Mention]:
    made = []
    # The sentence of the article that names it, before the headline that may too.
    original = "\n".join([item.summary, item.body, item.title])
    for hit in hits:
        alias = norm[hit.start : hit.end]
        shown = text.sentence_with(original, alias, normalize) or text.snippet(
            norm, hit.start, hit.end
        )
        mention, created = Mention.objects.get_or_create(
            item=item,
            watch_id=hit.key,
            defaults={"municipality_id": hit.group, "alias": alias[:200], "snippet": shown},
        )
        if created:
            made.append(mention)
    return made


def _join_similar(item: Item, sig: text.Signature, index: text.NearDuplicates) -> None:
    similar = [row for row in index.similar(sig) if row[0] != item.pk]
    by_pk = {
        c.pk: c
        for c in Item.objects.filter(pk__in=[key for key, _s, _j in similar]).select_related(
            "cluster"
        )
    }
    seeds = {
        pk: (twin.cluster.first_item_id if twin.cluster else None) for pk, twin in by_pk.items()
    }
    chosen = text.pick_story([row for row in similar if row[0] in by_pk], seeds)
    if chosen is not None:
        join_cluster(item, by_pk[chosen])


def join_cluster(item: Item, best: Item) -> Cluster:
    """Put `item` in the story of its original (making one if the original had none)."""
    cluster = best.cluster
    if cluster is None:
        cluster = Cluster.objects.create(
            first_item=best,
            first_seen_at=best.published_at,
            last_seen_at=best.published_at,
        )
        Item.objects.filter(pk=best.pk).update(cluster=cluster)
    item.cluster = cluster
    item.save(update_fields=["cluster"])
    refresh_cluster(cluster)
    return cluster


def refresh_cluster(cluster: Cluster) -> None:
    members = list(
        cluster.items.order_by("published_at", "pk").values("pk", "published_at", "host")
    )
    if not members:
        return
    cluster.first_item_id = members[0]["pk"]
    cluster.first_seen_at = members[0]["published_at"]
    cluster.last_seen_at = max(m["published_at"] for m in members)
    cluster.item_count = len(members)
    cluster.outlet_count = len({m["host"] for m in members})
    cluster.save(
        update_fields=["first_item", "first_seen_at", "last_seen_at", "item_count", "outlet_count"]
    )


# --- press releases -------------------------------------------------------------------

_release_cache: dict[int, tuple[object, set[int]]] = {}


def release_shingles(release: NewsItem) -> set[int]:
    stamp = getattr(release, "updated_at", None)
    cached = _release_cache.get(release.pk)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    found = text.shingle_hashes(
        normalize(" ".join([release.title, release.lead, _plain(release.body)]))
    )
    _release_cache[release.pk] = (stamp, found)
    return found


def _plain(html: str) -> str:
    from .fetcher import _text

    return _text(html)


def find_pickups(item: Item) -> list[Pickup]:
    """The releases of the municipalities the item mentions that it carries, recorded."""
    municipalities = set(item.mentions.values_list("municipality_id", flat=True))
    if not municipalities:
        return []
    since = item.published_at - dt.timedelta(days=RELEASE_DAYS)
    releases = (
        NewsItem.objects.filter(municipality_id__in=municipalities, distributions__isnull=False)
        .annotate(first_sent=Min("distributions__created_at"))
        .filter(first_sent__gte=since)
        .distinct()
    )
    article = text.shingle_hashes(item.text_norm)
    found = []
    for release in releases:
        if item.published_at < release.first_sent - dt.timedelta(hours=1):
            continue  # written before the release went out
        share = text.containment(release_shingles(release), article)
        if share is None:
            continue
        pickup, created = Pickup.objects.get_or_create(
            release=release, item=item, defaults={"containment": share}
        )
        if not created and share > pickup.containment:
            pickup.containment = share
            pickup.save(update_fields=["containment"])
        found.append(pickup)
    return found


# --- full text ------------------------------------------------------------------------

_ZWNJ_KEPT = "\u16a0"  # a runic letter: kept by trafilatura, absent from Persian text


def read_fulltext(item: Item) -> bool:
    """Read the article's page and extract its text (trafilatura); match it again."""
    import trafilatura

    if item.fulltext == FullText.DONE:
        return True
    try:
        page = fetch(item.url)
        # trafilatura drops zero-width characters, and with them Persian's ZWNJ
        # (می‌شود → میشود): it is carried through the extraction as another letter.
        html = page.body.decode("utf-8", errors="replace").replace("\u200c", _ZWNJ_KEPT)
        body = trafilatura.extract(html, include_comments=False)
        if body:
            body = body.replace(_ZWNJ_KEPT, "\u200c")
    except FetchError as error:
        log.info("full text of item %s: %s", item.pk, error)
        body = None
    except Exception:
        log.exception("full text of item %s", item.pk)
        body = None
    if not body:
        Item.objects.filter(pk=item.pk).update(fulltext=FullText.FAILED)
        return False
    index = near_duplicates()
    with transaction.atomic():
        item.body = body[:200_000]
        item.text_norm = normalize(f"{item.title}\n{item.summary}\n{item.body}")
        item.fulltext = FullText.DONE
        # The whole article finds copies a feed's short summary could not (a new lead).
        sig = text.signature(item.text_norm)
        item.signature, item.shingle_count = sig.to_bytes(), sig.size
        item.save(update_fields=["body", "text_norm", "fulltext", "signature", "shingle_count"])
        if item.cluster_id is None:
            _join_similar(item, sig, index)
        made = _store_hits(item, list(matcher().find(item.text_norm)), item.text_norm)
        find_pickups(item)
    index.remove(item.pk)
    index.add(item.pk, sig)
    for mention in [*made, *item.mentions.exclude(pk__in=[m.pk for m in made])]:
        _index_mention(mention)
    return True
