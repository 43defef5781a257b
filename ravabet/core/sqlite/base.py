"""Django's SQLite backend, with Persian alphabetical order.

SQLite orders text by code point, which puts پ چ ژ ک گ ی (later additions to the Arabic
block) after every other letter. Each connection gets a "persian" collation that orders by
the alphabet, as PostgreSQL's "fa-x-icu" does: `Collate(field, "persian")` on SQLite.
"""

from __future__ import annotations

import functools
from typing import Any

from django.db.backends.sqlite3 import base

from ravabet.lib.persian import sort_key

COLLATION = "persian"

# A sort compares each name with a dozen others: its key is worked out once.
_key = functools.lru_cache(maxsize=8192)(sort_key)


def _compare(a: str, b: str) -> int:
    left, right = _key(a), _key(b)
    return (left > right) - (left < right)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        connection = super().get_new_connection(conn_params)
        connection.create_collation(COLLATION, _compare)
        return connection
