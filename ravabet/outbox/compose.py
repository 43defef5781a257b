"""What a send says is written by its source, at send time, through a composer.

A composer takes the Send row and returns what its transport carries (Email, BotPost,
Text) or Skip when there is nothing to send any more. Each app registers its composers
in its `sending` module, found when the outbox app is ready.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from django.db import models

if TYPE_CHECKING:
    from .models import Send


@dataclass(frozen=True)
class Email:
    subject: str
    body: str
    html: str = ""
    from_email: str | None = None  # None: settings.DEFAULT_FROM_EMAIL
    headers: dict[str, str] = field(default_factory=dict)
    # (filename, content, mimetype)
    attachments: list[tuple[str, str | bytes, str]] = field(default_factory=list)


@dataclass(frozen=True)
class BotPost:
    """A message (or a photo with a caption) for a messenger channel's bot API."""

    api_base: str
    token: str
    text: str
    photo: bytes | None = None


@dataclass(frozen=True)
class Text:
    """A short text message (SMS)."""

    text: str


@dataclass(frozen=True)
class Skip:
    """Nothing to send after all; the reason is kept on the row for people to read."""

    reason: str


Envelope = Email | BotPost | Text
Composer = Callable[["Send"], Envelope | Skip]
C = TypeVar("C", bound=Composer)

_composers: dict[str, Composer] = {}


def source_name(source: str | type[models.Model]) -> str:
    return source if isinstance(source, str) else source._meta.label_lower


def composer(source: str | type[models.Model]) -> Callable[[C], C]:
    """Register the function that writes the sends of `source` (a name, or the model that
    extends Send, whose label is then the name)."""

    def register(function: C) -> C:
        _composers[source_name(source)] = function
        return function

    return register


def compose(send: Send) -> Envelope | Skip:
    try:
        function = _composers[send.source]
    except KeyError:
        raise LookupError(f"no composer for {send.source!r}") from None
    return function(send)
