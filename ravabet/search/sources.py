"""What each capability tells the search core about its records.

A capability subclasses `Source` for one model and decorates it with `@register`; the
search core then indexes, re-indexes and filters those records without knowing them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.utils.functional import Promise

from .models import Audience

if TYPE_CHECKING:
    from ravabet.network.models import Municipality, Network


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

    def document(self, obj: Any) -> Document | None:
        """The record as search sees it, or None when it must not be found at all."""
        raise NotImplementedError

    def records(self) -> Iterable[models.Model]:
        """Every record to index when the index is rebuilt."""
        return self.model._default_manager.all()


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


def kind_choices() -> list[tuple[str, str | Promise]]:
    return [(s.kind, s.label) for s in _by_kind.values()]


def label_for(kind: str) -> str | Promise:
    source = _by_kind.get(kind)
    return source.label if source else kind


def unregister(source_class: type[Source]) -> None:
    """For tests that register a source of their own for a while."""
    _by_kind.pop(source_class.kind, None)
    _by_model.pop(source_class.model, None)
