"""Full-text matching, ordering and snippets, in the dialect of the database in use.

Queries are normalized by the same `persian.normalize()` as the indexed text, so a query
typed with Arabic ي/ك, without a ZWNJ or with Persian digits meets the same tokens.

Order. "Most relevant" means: the entries with every word in their title first, then the
rest, each newest first. Both parts are walks along an index in date order (on SQLite
the full-text index's own rowids are date-ordered, migration 0004), so a page costs the
same whether a word matches ten entries or half the archive. A score such as bm25 would
have to be computed for every match before the first page could be shown, which at
archive scale is what made common words slow; for news, a word in the headline and the
date say most of what such a score would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cached_property, lru_cache
from typing import Any, NamedTuple, overload

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection, models
from django.db.models import Case, F, When
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from ravabet.lib.i18n import local_digits
from ravabet.lib.persian import (
    WRITTEN_WORD,
    is_normalized_token,
    keeps_apart,
    may_join,
    normalize,
    normalizes_word_by_word,
    search_tokens,
    tokens_of_normalized,
)

from .facets import Scope, is_facet_word
from .models import SearchEntry
from .sources import label_for, shown_entries

# Private-use code points never occur in stored text, so they mark highlights safely
# through HTML escaping.
_START, _STOP = "\ue000", "\ue001"
_TSQUERY = "to_tsquery('simple', %s)"
# A shorter last word is taken as typed: as a prefix, three letters of Persian match
# hundreds of different words (شهر: شهرداری، شهرستان، شهروند …), which helps nobody.
PREFIX_FROM = 4
RESULT_CAP = 1000


class Order(models.TextChoices):
    RELEVANCE = "relevance", _("Most relevant")
    NEWEST = "newest", _("Newest")


@dataclass(frozen=True)
class ParsedQuery:
    phrases: tuple[tuple[str, ...], ...]  # a single word is a phrase of one
    prefix: bool = False  # the last single word also matches as a prefix

    @classmethod
    def parse(cls, text: str) -> ParsedQuery:
        phrases: list[tuple[str, ...]] = []
        last_quoted = False
        # Odd pieces are inside quotes: a phrase; even ones are words, one by one.
        for number, piece in enumerate(text.split('"')):
            tokens = [token for token in search_tokens(piece) if not is_facet_word(token)]
            if not tokens:
                continue
            last_quoted = number % 2 == 1 and number < text.count('"')
            if last_quoted:
                phrases.append(tuple(tokens))
            else:
                phrases.extend((token,) for token in tokens)
        # People stop typing early: a last word typed bare (not a quoted one) also matches
        # the words it begins.
        prefix = (
            bool(phrases)
            and not last_quoted
            and len(phrases[-1]) == 1
            and len(phrases[-1][0]) >= PREFIX_FROM
        )
        return cls(tuple(phrases), prefix)

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def fts5(self) -> str:
        parts = ['"' + " ".join(p) + '"' for p in self.phrases]
        if self.prefix:
            parts[-1] += "*"
        return " ".join(parts)

    def tsquery(self) -> str:
        parts = [" <-> ".join(f"'{t}'" for t in p) for p in self.phrases]
        if self.prefix:
            parts[-1] += ":*"
        return " & ".join(parts)


class Part(Enum):
    ALL = "all"
    TITLE = "title"  # every word in the title


@lru_cache(maxsize=256)
def _scope_sql(scope: Scope, vendor: str, narrowed: bool) -> tuple[str, tuple[Any, ...]]:
    """The scope's ORM filter as SQL, worked out once per scope (there are few: the public
    one, a user's rights, with a town or a type), not once per search."""
    query = SearchEntry.objects.filter(scope.q(narrowed_in_index=narrowed)).query
    try:
        sql, params = query.get_compiler(connection.alias).compile(query.where)
    except EmptyResultSet:
        return "0 = 1", ()
    except FullResultSet:
        return "1 = 1", ()
    return sql, tuple(params)


def _part(scope: Scope, query: ParsedQuery, part: Part, limit: int) -> tuple[str, list[Any]]:
    """The SQL of one part's first `limit` ids with their order key, newest first, filtered
    by SQL and by the index. Written out rather than built through the ORM each time: a
    search's statement would cost more to build than to run."""
    if connection.vendor == "postgresql":
        return _postgres_part(scope, query, part, limit)
    where, scope_params = _scope_sql(scope, "sqlite", False)
    if part is Part.TITLE:
        # Titles have an index of their own: a common word's list there is short, where
        # the main index would read every body that has it to find the few titles.
        table, words = "search_title_fts", "{title_norm} : (" + query.fts5() + ")"
    else:
        table, words = "search_fts", "{title_norm body_norm} : (" + query.fts5() + ")"
    conditions = [where, f"{table}.rowid = search_searchentry.fts_key", f"{table} MATCH %s"]
    params: list[Any] = [*scope_params, " AND ".join([words, *scope.fts5()])]
    low, high = scope.key_range()
    if low is not None:
        conditions.append(f"{table}.rowid >= %s")
        params.append(low)
    if high is not None:
        conditions.append(f"{table}.rowid < %s")
        params.append(high)
    sql = (
        f'SELECT "search_searchentry"."id", {table}.rowid'  # noqa: S608  (constant SQL)
        f' FROM "search_searchentry", "{table}" WHERE {" AND ".join(conditions)}'
        f" ORDER BY {table}.rowid DESC LIMIT {int(limit)}"
    )
    return sql, params


def _postgres_part(
    scope: Scope, query: ParsedQuery, part: Part, limit: int
) -> tuple[str, list[Any]]:
    where, scope_params = _scope_sql(scope, "postgresql", True)
    words, facets = query.tsquery(), scope.tsquery()
    # A query PostgreSQL's parser reads as nothing (say «½») must match nothing; ANDed
    # with the facets it would vanish and leave them alone. A test decided once per query.
    conditions = [where, f"numnode({_TSQUERY}) > 0"]
    params: list[Any] = [*scope_params, words]
    if part is Part.TITLE:
        # The town and the type are tested on the few rows the titles' index gives, in
        # expressions no index serves: as facet words (or as plain columns) the planner
        # ANDs the index's list of every entry of the town, tens of thousands, with the
        # title's few hundred, and that costs more than the rest of the search.
        if scope.municipalities is not None:
            marks = ", ".join(["%s"] * len(scope.municipalities)) or "NULL"
            conditions.append(f"COALESCE(search_searchentry.municipality_id, 0) IN ({marks})")
            params.extend(sorted(scope.municipalities))
        if scope.kind:
            conditions.append("(search_searchentry.kind || '') = %s")
            params.append(scope.kind)
        # The title's own small vector, kept in the row: no need to read the whole text.
        conditions.append(f"search_searchentry.title_vector @@ {_TSQUERY}")
        params.append(words)
    else:
        # One tsquery for the words and the facets: GIN intersects them in one scan.
        conditions.append(f"search_searchentry.search_vector @@ {_TSQUERY}")
        params.append(" & ".join([f"({words})", *facets]))
    sql = (
        'SELECT "search_searchentry"."id", "search_searchentry"."date"'  # noqa: S608
        f' FROM "search_searchentry" WHERE {" AND ".join(conditions)}'
        ' ORDER BY "search_searchentry"."date" DESC NULLS LAST, "search_searchentry"."id" DESC'
        f" LIMIT {int(limit)}"
    )
    return sql, params


def _walks(
    scope: Scope, query: ParsedQuery, parts: Sequence[Part], *limits: int
) -> list[list[int]]:
    """The ids of each part's first entries in its order (as many as its limit; the
    last limit for the parts after), in one statement."""
    pieces: list[str] = []
    params: list[Any] = []
    sqlite = connection.vendor == "sqlite"
    for number, part in enumerate(parts):
        sql, part_params = _part(scope, query, part, limits[min(number, len(limits) - 1)])
        # The order's key comes along: a UNION promises no order of its rows.
        pieces.append(f"SELECT {number}, * FROM ({sql}) AS part{number}")  # noqa: S608
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(pieces), params)
        rows = cursor.fetchall()
    walks: list[list[tuple[tuple[Any, ...], int]]] = [[] for _part in parts]
    for number, pk, key in rows:
        # Newest first: SQLite's keys are date-ordered; PostgreSQL's dates come with
        # the undated last, then the ids.
        walks[number].append(((key,) if sqlite else (key is not None, key, pk), pk))
    return [[pk for _key, pk in sorted(walk, reverse=True)] for walk in walks]


def _ordered(window: list[int], titles: list[int]) -> list[int]:
    """Title matches first, then the window's other matches."""
    in_titles = set(titles)
    return titles + [pk for pk in window if pk not in in_titles]


class Results:
    """The matches of a search in order, counted up to `cap`, sliced without a sort.

    A Paginator pages over it like over a list. Every count stops at `cap + 1`: a common
    word matches a large part of the archive, and nobody reads past page fifty.

    One statement walks the index once for the newest `cap + 1` matches (they are the
    count) and, in relevance order, once the titles' index for the newest title matches:
    as many as `ordered` says the caller will read (the end of the page shown), or
    `cap + 1`. The order is then the title matches followed by the window's other
    matches: every title match of the window is among the newest `cap + 1` title
    matches, so the list is the exact order as far as anyone can page. A slice past
    `ordered`, when the titles walked were not all, walks the titles again (once). A
    slice reads its rows by id (with their text, when `excerpts`), never matching again.

    Why not always `cap + 1` titles: when a word is common in the texts and rare in the
    titles, PostgreSQL finds title matches by walking the date index and testing each
    row, and the walk's length grows with how many it must find.
    """

    def __init__(
        self,
        scope: Scope,
        query: ParsedQuery,
        order: Order,
        cap: int = RESULT_CAP,
        *,
        excerpts: bool = False,
        ordered: int | None = None,
    ):
        self.scope, self.query, self.order, self.cap = scope, query, order, cap
        self.excerpts = excerpts
        self.titles_walked = min(ordered or cap + 1, cap + 1)
        self.titles_cut = False  # whether the titles walked may not be all of them

    @cached_property
    def _walks(self) -> tuple[list[int], list[int]]:
        """The window of newest matches, and the ids in order."""
        if not self.query:
            return [], []
        if self.order == Order.NEWEST:
            (window,) = _walks(self.scope, self.query, [Part.ALL], self.cap + 1)
            return window, window
        window, titles = _walks(
            self.scope, self.query, [Part.ALL, Part.TITLE], self.cap + 1, self.titles_walked
        )
        self.titles_cut = len(titles) == self.titles_walked <= self.cap
        return window, _ordered(window, titles)

    def _order_to(self, stop: int) -> list[int]:
        """The ids in order, exact at least to `stop`."""
        window, ids = self._walks
        if self.order == Order.RELEVANCE and stop > self.titles_walked and self.titles_cut:
            # Past what the one walk ordered, with more titles than it took: all of them.
            (titles,) = _walks(self.scope, self.query, [Part.TITLE], self.cap + 1)
            self.titles_walked, self.titles_cut = self.cap + 1, False
            ids = _ordered(window, titles)
            self.__dict__["_walks"] = (window, ids)
        return ids

    @property
    def found(self) -> int:
        return len(self._walks[0])

    @property
    def capped(self) -> bool:
        return self.found > self.cap

    def count(self) -> int:
        return min(self.found, self.cap)

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[SearchEntry]:
        return iter(self[: self.count()])

    @overload
    def __getitem__(self, index: int) -> SearchEntry: ...
    @overload
    def __getitem__(self, index: slice) -> list[SearchEntry]: ...
    def __getitem__(self, index: int | slice) -> SearchEntry | list[SearchEntry]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(self.count())
        ids = self._order_to(stop)[start:stop]
        if not ids:
            return []
        entries = SearchEntry.objects.filter(pk__in=ids).defer("title_norm", "body", "body_norm")
        if self.excerpts:
            entries = entries.annotate(written=_WRITTEN, written_norm=F("body_norm"))
        by_id = {entry.pk: entry for entry in entries}
        # An entry deleted since the walk is left out, not an error.
        return [by_id[pk] for pk in ids if pk in by_id]


def find(
    scope: Scope,
    text: str,
    order: Order | str = Order.RELEVANCE,
    cap: int = RESULT_CAP,
    *,
    excerpts: bool = False,
    ordered: int | None = None,
) -> Results:
    """The matches of `text` in `scope`; with `excerpts`, each row read carries the text
    its excerpt is cut from (`hits` then needs no query of its own); with `ordered`, the
    one statement orders the first `ordered` (see Results)."""
    return Results(
        scope, ParsedQuery.parse(text), Order(order), cap, excerpts=excerpts, ordered=ordered
    )


SNIPPET_WORDS = 24
SNIPPET_BEFORE = 6  # words shown before the first match


def excerpt(text: str, query: ParsedQuery, normalized: str | None = None) -> str:
    """A window of `text` as written around the first match of the query, the matching
    words between the highlight marks; `normalized` is `normalize(text)` when the caller
    has it (an entry's body_norm), to skip what cannot match.

    The index matched normalized text; its own excerpt would show that text («خیابانهای»
    for «خیابان‌های»). Here each written word is normalized alone and compared with the
    query's tokens, so the excerpt keeps what the author wrote, ZWNJ, diacritics and all.
    A prefix or suffix written apart (می شود, کتاب ها) is tried joined to its neighbour,
    as the normalizer joins it.
    """
    wanted = {token for phrase in query.phrases for token in phrase}
    prefix = query.phrases[-1][0] if query.prefix else None
    offset = _first_possible(text, normalized, wanted, prefix)
    # Words are read from a little before the first that can match, as far as needed.
    base = _words_before(text, offset or 0, SNIPPET_BEFORE + 2)
    found = WRITTEN_WORD.finditer(text, base)
    words: list[tuple[int, int]] = []

    def has(number: int) -> bool:
        while len(words) <= number:
            word = next(found, None)
            if word is None:
                return False
            words.append(word.span())
        return True

    if not has(0):
        return ""

    def wanted_token(token: str) -> bool:
        return token in wanted or (prefix is not None and token.startswith(prefix))

    by_text: dict[str, _Folded] = {}
    by_number: dict[int, _Folded] = {}

    def fold(written: str) -> _Folded:
        if written not in by_text:
            if is_normalized_token(written):
                by_text[written] = _Folded([written], True, True, wanted_token(written))
            else:
                alone = normalize(written)
                tokens = tokens_of_normalized(alone)
                steady = normalizes_word_by_word(written)
                whole = steady and tokens == [alone]
                by_text[written] = _Folded(tokens, steady, whole, any(map(wanted_token, tokens)))
        return by_text[written]

    def folded(number: int) -> _Folded:
        if number not in by_number:
            start, end = words[number]
            by_number[number] = fold(text[start:end])
        return by_number[number]

    def may_be_one_token(low: int, high: int) -> bool:
        left, right = folded(low), folded(high)
        between = text[words[low][1] : words[high][0]]
        # Most pairs are two words with a space or a comma between: only a prefix, a
        # suffix or the ezafe can join the first kind, nothing the second.
        if left.whole and right.whole and between.isspace():
            return may_join(left.tokens[0], right.tokens[0])
        both = left.steady and right.steady and left.tokens and right.tokens
        return not (both and keeps_apart(between))

    joined_at: dict[int, bool] = {}

    def joined_match(low: int) -> bool:
        """Whether the word and the next make one wanted token (a prefix or a suffix
        written apart), as the normalizer joins them."""
        if low not in joined_at:
            high = low + 1
            joined_at[low] = False
            if low >= 0 and has(high) and may_be_one_token(low, high):
                joined = fold(text[words[low][0] : words[high][1]]).tokens
                joined_at[low] = len(joined) == 1 and wanted_token(joined[0])
        return joined_at[low]

    def marked(number: int) -> bool:
        return folded(number).match or joined_match(number) or joined_match(number - 1)

    first = None
    if offset is not None:
        start = 0
        while has(start) and words[start][0] < offset:
            start += 1
        # A word that makes no token alone (a lone ZWNJ) matches with the next one.
        start = max(start - 1, 0)
        while has(start) and first is None:
            first = start if marked(start) else None
            start += 1
    if first is None and base:
        # Nothing matches: the text's beginning, as read from there.
        found, words = WRITTEN_WORD.finditer(text), []
        by_number.clear()
        has(0)
    low = max((first or 0) - SNIPPET_BEFORE, 0)
    high = low + SNIPPET_WORDS
    parts = ["…"] if low > 0 else []
    position = words[low][0]
    for number in range(low, high):
        if not has(number):
            break
        begin, end = words[number]
        parts.append(text[position:begin])
        hit = first is not None and number >= first and marked(number)
        parts.append(f"{_START}{text[begin:end]}{_STOP}" if hit else text[begin:end])
        position = end
    parts.append("…" if has(high) else text[position:])
    return " ".join("".join(parts).split())


class _Folded(NamedTuple):
    """A written word (or two) normalized alone."""

    tokens: list[str]
    steady: bool  # normalizes in any text as alone (persian.normalizes_word_by_word)
    whole: bool  # steady, and normalized alone one token and nothing else
    match: bool  # a token is a wanted one


def _first_possible(
    text: str, normalized: str | None, wanted: set[str], prefix: str | None
) -> int | None:
    """Where in the text the first word that can match with a token of its own begins at
    the earliest (the word before it may match with it); None when no word can.

    In a text that normalizes word by word (persian.normalizes_word_by_word) a match's
    token is in the normalized text, in a space-separated piece no later than the piece
    of the text it comes from: none before the first piece that holds it."""
    if not normalizes_word_by_word(text) or "ی" in wanted:
        # (a standalone ezafe ی is a word the normalized text drops)
        return 0
    if normalized is None:
        normalized = normalize(text)
    targets = [*wanted, prefix] if prefix else list(wanted)
    found = [at for at in map(normalized.find, targets) if at >= 0]
    if not found:
        return None
    pieces = normalized.count(" ", 0, min(found))
    split = text.split(maxsplit=pieces)
    return len(text) - len(split[-1]) if len(split) > pieces else 0


def _words_before(text: str, offset: int, count: int) -> int:
    """A place in the text with `count` whole words between it and `offset`, or 0."""
    reach = 16 * count
    while offset - reach > 0:
        # Just after a space no word has begun.
        space = _SPACE.search(text, offset - reach, offset)
        if space and len(WRITTEN_WORD.findall(text, space.end(), offset)) >= count:
            return space.end()
        reach *= 2
    return 0


_SPACE = re.compile(r"\s")


# The text an excerpt is cut from: as written, or normalized for entries indexed before
# the written text was kept (migration 0005).
_WRITTEN = Case(When(body="", then=F("body_norm")), default=F("body"))


def snippets(entries: Sequence[SearchEntry], text: str) -> dict[int, str]:
    """The raw highlighted excerpt of each given entry for the query, by entry id.

    Entries read by `find(..., excerpts=True)` carry their text, and its normalized form
    (which lets an excerpt skip what cannot match); for others, one small query reads
    them for the given rows. Excerpts cost a pass over each text, which is affordable
    for twenty rows and not for every match.
    """
    query = ParsedQuery.parse(text)
    if not query or not entries:
        return {}
    carried = {
        entry.pk: (entry.written, entry.written_norm)
        for entry in entries
        if hasattr(entry, "written") and hasattr(entry, "written_norm")
    }
    missing = [entry.pk for entry in entries if entry.pk not in carried]
    if missing:
        rows = SearchEntry.objects.filter(pk__in=missing).values_list("pk", _WRITTEN, "body_norm")
        carried.update((pk, (body, norm)) for pk, body, norm in rows)
    return {pk: excerpt(body or "", query, norm) for pk, (body, norm) in carried.items()}


def highlight(snippet_raw: str | None) -> SafeString:
    # The indexed text keeps Latin digits (so any script matches); a reader of Persian
    # gets Persian ones back.
    text = escape(local_digits(snippet_raw or ""))
    return mark_safe(text.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308


@dataclass(frozen=True)
class Hit:
    entry: SearchEntry
    snippet: SafeString
    label: str | Promise
    title: str = ""


def hits(entries: Sequence[SearchEntry], text: str | None = None) -> list[Hit]:
    """The entries as search results; with the query `text`, each with its excerpt.

    A source may word its results itself (`Source.shown`: a name in the reader's
    language); its excerpt is highlighted like any other.
    """
    raw = snippets(entries, text) if text else {}
    shown = shown_entries(entries)
    query = ParsedQuery.parse(text or "")
    found = []
    for entry in entries:
        own = shown.get(entry.pk)
        title = own.title if own else entry.title
        if own is not None:
            snippet = excerpt(own.snippet, query) if query else own.snippet
        else:
            snippet = raw.get(entry.pk, "")
        found.append(Hit(entry, highlight(snippet), label_for(entry.kind), title))
    return found
