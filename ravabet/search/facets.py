"""Who may see which entries, and which filters a search has: as SQL and as index words.

A `Scope` is written once and read two ways. `q()` is the ORM filter, the authority on
visibility, always applied. `fts5()` / `tsquery()` say its narrowing filters (a
municipality, a type) in the words the full-text index holds for every entry (migration
0004: `qxa<audience> qxk<kind> qxm<municipality> qxn<network>`), so the index intersects the
query with them itself and a filtered search never reads the matches it would throw away.
Visibility never depends on those words: a facet that disagreed with the SQL could hide
a result or let the wrong town's public news into a filtered list, never show anything to
someone who may not see it. A test keeps the two in agreement.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from django.db.models import Q

from ravabet.network.access import AnyUser, rights_everywhere

from .models import Audience

_NOT_IN_WORD = re.compile(r"[._-]")
# The index's own words begin with this; no word of any language does, and the search
# drops typed words that do (ParsedQuery), so nobody can search for a facet.
FACET_PREFIX = "qx"


def is_facet_word(token: str) -> bool:
    return token.lower().startswith(FACET_PREFIX)


def audience_word(audience: str) -> str:
    return f"{FACET_PREFIX}a{audience}"


def kind_word(kind: str) -> str:
    return f"{FACET_PREFIX}k" + _NOT_IN_WORD.sub("", kind).lower()


def municipality_word(municipality_id: int | None) -> str:
    return f"{FACET_PREFIX}m{municipality_id or 0}"


def network_word(network_id: int | None) -> str:
    return f"{FACET_PREFIX}n{network_id or 0}"


def fts_key(date: datetime | None, entry_id: int) -> int:
    """The SQLite index's rowid for an entry: its minute in the high bits, its id low."""
    # SQLite keeps times to the millisecond, rounded: 59.9999 s is the next minute there.
    # Before 1970 is minute 0, as in the database (migration 0004).
    minute = max(round(date.timestamp() * 1000), 0) // 60_000 if date else 0
    return (minute << 32) + entry_id


def _any_of(words: Iterable[str], joiner: str) -> str:
    ordered = sorted(words) or [f"{FACET_PREFIX}nothing"]  # a word no entry has: an empty choice
    return ordered[0] if len(ordered) == 1 else "(" + joiner.join(ordered) + ")"


@dataclass(frozen=True)
class Reach:
    """Entries of one audience, within some municipalities or networks (None: anywhere)."""

    audience: str
    municipalities: frozenset[int] | None = None
    networks: frozenset[int] | None = None

    def q(self) -> Q:
        q = Q(audience=self.audience)
        if self.municipalities is not None:
            q &= Q(municipality__in=self.municipalities)
        if self.networks is not None:
            q &= Q(network__in=self.networks)
        return q


@dataclass(frozen=True)
class Scope:
    """What a search may find: what its user may see, narrowed by the search's filters."""

    reaches: tuple[Reach, ...]
    municipalities: frozenset[int] | None = None  # None: any
    kind: str | None = None
    start: datetime | None = None  # inclusive
    end: datetime | None = None  # exclusive

    @classmethod
    def public(cls) -> Scope:
        return cls((Reach(Audience.PUBLIC),))

    @classmethod
    def for_user(cls, user: AnyUser) -> Scope:
        """What the user's rights let them see: the entries of the offices they read, their
        PR offices' own, and those of the networks they read (from the request's
        memberships, as every access check)."""
        places = rights_everywhere(user)
        staff_of = frozenset(pk for pk, r in places.municipalities.items() if r.read)
        pr_of = frozenset(pk for pk, r in places.municipalities.items() if r.write)
        networks = frozenset(pk for pk, r in places.networks.items() if r.read)
        reaches = [Reach(Audience.PUBLIC)]
        if staff_of:
            reaches.append(Reach(Audience.MUNICIPALITY, municipalities=staff_of))
        if pr_of:
            reaches.append(Reach(Audience.PR, municipalities=pr_of))
        if networks:
            reaches.append(Reach(Audience.NETWORK, networks=networks))
        return cls(tuple(reaches))

    @classmethod
    def all_of(cls, municipality_id: int) -> Scope:
        """Everything indexed for one municipality, whatever its audience: only for a view
        whose own access check already decided what its user may see there."""
        ids = frozenset([municipality_id])
        return cls(tuple(Reach(a, municipalities=ids) for a in Audience), municipalities=ids)

    def narrowed(self, **filters: object) -> Scope:
        return replace(self, **filters)  # type: ignore[arg-type]

    def q(self, *, narrowed_in_index: bool = False) -> Q:
        """The ORM filter. With `narrowed_in_index`, the municipality and type are left to
        the index's facet words: visibility and dates always stay in SQL. (PostgreSQL
        needs that: told twice, it takes the two for independent and misjudges the plan.)
        """
        q = Q()
        for reach in self.reaches:
            q |= reach.q()
        if self.municipalities is not None and not narrowed_in_index:
            q &= Q(municipality__in=self.municipalities)
        if self.kind and not narrowed_in_index:
            q &= Q(kind=self.kind)
        if self.start is not None:
            q &= Q(date__gte=self.start)
        if self.end is not None:
            q &= Q(date__lt=self.end)
        return q

    def _words(self, any_of: str) -> list[str]:
        # Only the narrowing filters: visibility is mostly "public or …", which every
        # entry of a news archive nearly is, so as index words it would only cost time.
        parts = []
        if self.municipalities is not None:
            parts.append(_any_of(map(municipality_word, self.municipalities), any_of))
        if self.kind:
            parts.append(kind_word(self.kind))
        return parts

    def fts5(self) -> list[str]:
        """FTS5 terms on the facets column, to AND with the query (dates are rowids)."""
        return ["{facets} : " + word for word in self._words(" OR ")]

    def tsquery(self) -> list[str]:
        """tsquery terms, to AND with the query."""
        return self._words(" | ")

    def key_range(self) -> tuple[int | None, int | None]:
        """The SQLite index's rowids of the date range, as [low, high)."""
        # Whole minutes either side: the range may hold a little more, the SQL filter
        # on the dates then decides; it never holds less.
        low = fts_key(self.start, 0) if self.start else None
        high = fts_key(self.end, 0) + (1 << 32) if self.end else None
        return low, high
