"""Full-text matching, ranking and snippets, in the dialect of the database in use.

Queries are normalized by the same `persian.normalize()` as the indexed text, so a query
typed with Arabic ي/ك, without a ZWNJ or with Persian digits meets the same tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, FloatField, TextField
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
    """The entries that match the query, best first, each with a `snippet_raw` annotation."""
    query = ParsedQuery.parse(text)
    if not query:
        return entries.none()
    if connection.vendor == "postgresql":
        tsquery = "to_tsquery('simple', %s)"
        options = (
            f'StartSel="{_START}", StopSel="{_STOP}", MaxWords=30, MinWords=12, MaxFragments=2'
        )
        return (
            entries.alias(
                matched=RawSQL(  # noqa: S611  (constant SQL, bound parameters)
                    f"search_searchentry.search_vector @@ {tsquery}",
                    [query.tsquery()],
                    output_field=BooleanField(),
                )
            )
            .filter(matched=True)
            .annotate(
                rank=RawSQL(  # noqa: S611
                    f"ts_rank_cd(search_searchentry.search_vector, {tsquery})",
                    [query.tsquery()],
                    output_field=FloatField(),
                ),
                snippet_raw=RawSQL(  # noqa: S611
                    f"ts_headline('simple', search_searchentry.body_norm, {tsquery}, %s)",
                    [query.tsquery(), options],
                    output_field=TextField(),
                ),
            )
            .order_by("-rank", "-date", "-id")
        )
    return entries.extra(  # type: ignore[return-value]  # noqa: S610  (parameters are bound, table names are ours)
        tables=["search_fts"],
        where=["search_fts.rowid = search_searchentry.id", "search_fts MATCH %s"],
        params=[query.fts5()],
        select={
            "rank": "bm25(search_fts, 8.0, 1.0)",
            "snippet_raw": f"snippet(search_fts, 1, '{_START}', '{_STOP}', '…', 24)",
        },
        order_by=["rank", "-date", "-id"],
    )


def highlight(snippet_raw: str | None) -> SafeString:
    text = escape(snippet_raw or "")
    return mark_safe(text.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308


@dataclass(frozen=True)
class Hit:
    entry: SearchEntry
    snippet: SafeString
    label: str | Promise


def hits(entries: list[SearchEntry]) -> list[Hit]:
    return [
        Hit(entry, highlight(getattr(entry, "snippet_raw", "")), label_for(entry.kind))
        for entry in entries
    ]
