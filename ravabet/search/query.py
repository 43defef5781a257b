"""Full-text matching, ranking and snippets, in the dialect of the database in use.

Queries are normalized by the same `persian.normalize()` as the indexed text, so a query
typed with Arabic ي/ك, without a ZWNJ or with Persian digits meets the same tokens.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ravabet.lib.persian import search_tokens

from .models import SearchEntry, SearchEntryQuerySet
from .sources import label_for

# Private-use code points never occur in stored text, so they mark highlights safely
# through HTML escaping.
_START, _STOP = "\ue000", "\ue001"
_PHRASE = re.compile(r'"([^"]*)"')
_TSQUERY = "to_tsquery('simple', %s)"


@dataclass(frozen=True)
class ParsedQuery:
    phrases: tuple[tuple[str, ...], ...]  # a single word is a phrase of one

    @classmethod
    def parse(cls, text: str) -> ParsedQuery:
        phrases: list[tuple[str, ...]] = []
        for quoted in _PHRASE.findall(text):
            tokens = tuple(search_tokens(quoted))
            if tokens:
                phrases.append(tokens)
        phrases.extend((token,) for token in search_tokens(_PHRASE.sub(" ", text)))
        return cls(tuple(phrases))

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def fts5(self) -> str:
        parts = ['"' + " ".join(p) + '"' for p in self.phrases]
        # The last single word also matches as a prefix: people stop typing early.
        if self.phrases and len(self.phrases[-1]) == 1:
            parts[-1] += "*"
        return " ".join(parts)

    def tsquery(self) -> str:
        parts = [" <-> ".join(f"'{t}'" for t in p) for p in self.phrases]
        if self.phrases and len(self.phrases[-1]) == 1:
            parts[-1] += ":*"
        return " & ".join(parts)


def match(entries: SearchEntryQuerySet, text: str) -> SearchEntryQuerySet:
    """The entries that match the query, best first, each with a `rank` annotation.

    Only matching and ranking happen here, so slicing a page is cheap however many rows
    match; `snippets()` (or `hits(..., text)`) adds the highlighted excerpts for the rows
    actually shown. Filters already on `entries` apply before any slice, so pages are full.
    """
    query = ParsedQuery.parse(text)
    if not query:
        return entries.none()
    if connection.vendor == "postgresql":
        return (
            entries.alias(
                matched=RawSQL(  # noqa: S611  (constant SQL, bound parameters)
                    f"search_searchentry.search_vector @@ {_TSQUERY}",
                    [query.tsquery()],
                    output_field=BooleanField(),
                )
            )
            .filter(matched=True)
            .annotate(
                rank=RawSQL(  # noqa: S611
                    f"ts_rank_cd(search_searchentry.search_vector, {_TSQUERY})",
                    [query.tsquery()],
                    output_field=FloatField(),
                )
            )
            .order_by("-rank", "-date", "-id")
        )
    # FTS5's hidden `rank` column is bm25 with the column weights configured in migration
    # 0003 (title 8, body 1). Ordered by it alone, FTS5 hands the rowids over best first
    # from its own tables and the join with the entries (and their visibility filters)
    # stops as soon as the page is full; a tie-break on the entries' columns would make
    # SQLite read and sort every match instead. Exact bm25 ties keep FTS5's order.
    return entries.extra(  # type: ignore[return-value]
        tables=["search_fts"],
        where=["search_fts.rowid = search_searchentry.id", "search_fts MATCH %s"],
        params=[query.fts5()],
        select={"rank": "search_fts.rank"},
        order_by=["rank"],
    )


def snippets(ids: Collection[int], text: str) -> dict[int, str]:
    """The raw highlighted excerpt of each given entry for the query, by entry id.

    One small query for the rows of a page: excerpts cost a pass over the whole text,
    which is affordable for twenty rows and not for every match.
    """
    query = ParsedQuery.parse(text)
    ids = [int(i) for i in ids]
    if not query or not ids:
        return {}
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            options = (
                f'StartSel="{_START}", StopSel="{_STOP}", MaxWords=30, MinWords=12, MaxFragments=2'
            )
            cursor.execute(
                f"SELECT id, ts_headline('simple', body_norm, {_TSQUERY}, %s) "  # noqa: S608  (placeholders only)
                f"FROM search_searchentry WHERE id IN ({marks})",
                [query.tsquery(), options, *ids],
            )
        else:
            cursor.execute(
                f"SELECT rowid, snippet(search_fts, 1, '{_START}', '{_STOP}', '…', 24) "  # noqa: S608
                f"FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({marks})",
                [query.fts5(), *ids],
            )
        return {row_id: snippet or "" for row_id, snippet in cursor.fetchall()}


def highlight(snippet_raw: str | None) -> SafeString:
    text = escape(snippet_raw or "")
    return mark_safe(text.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308


@dataclass(frozen=True)
class Hit:
    entry: SearchEntry
    snippet: SafeString
    label: str | Promise


def hits(entries: list[SearchEntry], text: str | None = None) -> list[Hit]:
    """The entries as search results; with the query `text`, each with its excerpt."""
    raw = snippets([e.pk for e in entries], text) if text else {}
    return [
        Hit(
            entry,
            highlight(raw.get(entry.pk, getattr(entry, "snippet_raw", ""))),
            label_for(entry.kind),
        )
        for entry in entries
    ]
