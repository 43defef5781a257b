"""Persian alphabetical order on SQLite.

SQLite orders text by code point, which puts پ چ ژ ک گ ی (later additions to the Arabic
block) after every other letter. Each SQLite connection gets a "persian" collation that
orders by the alphabet, as PostgreSQL's "fa-x-icu" does: `Collate(field, "persian")`.
It is added when Django opens the connection (`connection_created`, the hook Django gives
for a backend's per-connection setup), so every process and the tests get it alike.
"""

from __future__ import annotations

import functools
from typing import Any

from django.db.backends.signals import connection_created

from ravabet.lib.persian import sort_key

NAME = "persian"

# A sort compares each name with a dozen others: its key is worked out once.
_key = functools.lru_cache(maxsize=8192)(sort_key)


def _compare(a: str, b: str) -> int:
    left, right = _key(a), _key(b)
    return (left > right) - (left < right)


def _add_collation(sender: Any, connection: Any, **_kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(NAME, _compare)


def register() -> None:
    connection_created.connect(_add_collation, dispatch_uid="ravabet-persian-collation")
