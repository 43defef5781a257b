"""What each capability tells the search core about its records.

A capability subclasses `Source` for one model and decorates it with `@register`; the
search core then indexes, re-indexes and filters those records without knowing them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.utils.functional import Promise

from .models import Audience

if TYPE_CHECKING:
    from ravabet.network.models import Municipality, Network

    from .models import SearchEntry


@dataclass(frozen=True)
class Shown:
    """How a result reads on the page, when the source words it for the reader's language."""

    title: str
    snippet: str


@dataclass(frozen=True)
class Document:
    title: str
    body: str
    url: str
    audience: Audience
    municipality: Municipality | None = None
    network: Network | None = None
    date: datetime | None = None


class Source:
    kind: ClassVar[str]
    label: ClassVar[str | Promise]
    model: ClassVar[type[models.Model]]
    # Every audience this source's documents may have: the search offers a type to a
    # user only when they can see some of its audiences (public search: PUBLIC).
    # A source that does not say is taken to reach every audience.
    audiences: ClassVar[frozenset[Audience]] = frozenset(Audience)

    def document(self, obj: Any) -> Document | None:
        """The record as search sees it, or None when it must not be found at all."""
        raise NotImplementedError

    def records(self) -> Iterable[models.Model]:
        """Every record to index when the index is rebuilt."""
        return self.model._default_manager.all()

    def shown(self, entries: Sequence[SearchEntry]) -> dict[int, Shown]:
        """Title and excerpt of some of a page's entries, by entry id, in the reader's
        language; for records whose indexed text reads wrong as an excerpt (a name in the
        other language). The others show their title and an excerpt of their text.
        A number of queries that does not grow with the entries."""
        return {}


_by_kind: dict[str, Source] = {}
_by_model: dict[type[models.Model], Source] = {}


def register(source_class: type[Source]) -> type[Source]:
    source = source_class()
    _by_kind[source.kind] = source
    _by_model[source.model] = source
    return source_class


def source_for(obj: models.Model) -> Source:
    return _by_model[type(obj)]


def all_sources() -> list[Source]:
    return list(_by_kind.values())


def kind_choices(audiences: Iterable[str] | None = None) -> list[tuple[str, str | Promise]]:
    """The types to offer; with `audiences`, only those a reader of them can ever find."""
    seen = None if audiences is None else frozenset(audiences)
    return [(s.kind, s.label) for s in _by_kind.values() if seen is None or s.audiences & seen]


def shown_entries(entries: Sequence[SearchEntry]) -> dict[int, Shown]:
    """What the sources word themselves for a page of entries (see `Source.shown`)."""
    found: dict[int, Shown] = {}
    for kind in {entry.kind for entry in entries}:
        source = _by_kind.get(kind)
        if source is not None:
            found.update(source.shown([e for e in entries if e.kind == kind]))
    return found


def label_for(kind: str) -> str | Promise:
    source = _by_kind.get(kind)
    return source.label if source else kind


def unregister(source_class: type[Source]) -> None:
    """For tests that register a source of their own for a while."""
    _by_kind.pop(source_class.kind, None)
    _by_model.pop(source_class.model, None)
