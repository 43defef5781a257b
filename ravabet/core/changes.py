"""Which of Ravabet's tables changed: a version per table, given a new value whenever a
statement writes the table, by any code at all (a view, a task, the tick, the admin, a
management command), for what keeps results drawn from those tables (office/kept.py).

- Watched at the database cursor (``watch``, on every connection Django opens: core/apps.py),
  not in the actions or in signals: a kept result can only be as fresh as the list of
  writers it trusts, and no list written by hand stays complete.
- A write inside a transaction gives its tables new versions when the transaction commits
  (one ``on_commit`` per transaction and set of tables); a rolled-back write changes
  nothing, and a reader in another connection cannot see the rows before the commit
  anyway. A write outside a transaction (autocommit) gives them new versions just before
  it runs and again once it is done: at the connection's next statement, or when the
  request ends. (Not inside the statement: SQLite holds the connection until an
  INSERT … RETURNING's rows are read, and the database cache writes through it.)
- A version is a random value, not a counter: one the cache evicted is made anew
  (``versions``) and no result kept under the old value can match it again.
- Only the tables of Ravabet's own apps (and their many-to-many tables) are watched: the
  sessions, the cache's own table and the task queue's are written all the time and no
  kept result reads them. With settings.OFFICE_CACHE off (the tests, unless marked
  office_cache) nothing reads the versions, and nothing is watched.
- ``reading()`` collects the watched tables that the statements inside it read, so a kept
  result knows what it was drawn from without anyone listing it.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

_KEY = "changes:table:"
# The table an INSERT, UPDATE or DELETE writes is the one it names first, as Django writes
# them; anything else that is not a read (a CTE, a MERGE, raw SQL) is scanned whole.
_WRITTEN = re.compile(
    r'\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?',
    re.IGNORECASE,
)
_NOT_A_WRITE = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "PRAGMA")
_NAME = re.compile(r"\b[a-z][a-z0-9_]*\b")
# Long statements (a bulk INSERT's values) are only scanned this far for the tables they
# name: the names come first.
_SCAN = 20_000

_tables: frozenset[str] | None = None
_warned = False
_busy: contextvars.ContextVar[bool] = contextvars.ContextVar("ravabet_changing", default=False)
# On a connection: the tables its last writes outside a transaction changed, to be given
# new versions again once those statements are done (core/apps.py also does it when a
# request ends).
_PENDING = "_ravabet_changed_tables"
_read: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar(
    "ravabet_tables_read", default=None
)


def watched_tables() -> frozenset[str]:
    global _tables
    if _tables is None:
        _tables = frozenset(
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_config is not None
            and model._meta.app_config.name.startswith("ravabet.")
        )
    return _tables


def app_tables(label: str) -> frozenset[str]:
    """One app's tables, its many-to-many tables too."""
    models = apps.get_app_config(label).get_models(include_auto_created=True)
    return frozenset(model._meta.db_table for model in models)


def tables_in(sql: str) -> set[str]:
    """The watched tables a statement names."""
    watched = watched_tables()
    return {name for name in _NAME.findall(sql[:_SCAN]) if name in watched}


def tables_written(sql: str) -> set[str]:
    head = sql.lstrip()[:12].upper()
    if head.startswith(_NOT_A_WRITE):
        return set()
    written = _WRITTEN.match(sql)
    if written:
        return {written.group(1)} & watched_tables()
    return tables_in(sql)


def _key(table: str) -> str:
    return _KEY + table


def changed(tables: Iterable[str]) -> None:
    """Give the tables new versions now. Never raises: a cache that cannot be reached
    leaves kept results as old as their own age limit, and must not fail the write."""
    global _warned
    token = _busy.set(True)  # the cache's own statements (the database cache) pass here
    try:
        cache.set_many({_key(table): uuid.uuid4().hex for table in tables}, None)
    except DatabaseError:
        # The database cache before createcachetable (a first migrate): nothing is kept
        # there yet either.
        logger.debug("No cache table yet for the versions of %s", sorted(tables))
    except Exception:
        (logger.debug if _warned else logger.warning)(
            "The tables' versions could not be changed: %s", sorted(tables), exc_info=True
        )
        _warned = True  # once per process: an unreachable cache fails every write so
    finally:
        _busy.reset(token)


def versions(tables: Iterable[str], *also: str) -> tuple[dict[str, str], dict[str, Any]]:
    """Each table's current version (one the cache does not hold is made now), and the
    cache's entries under the keys `also`, read in the same round trip."""
    wanted = {_key(table): table for table in tables}
    found = cache.get_many([*wanted, *also])
    missing = [key for key in wanted if key not in found]
    if missing:
        for key in missing:
            cache.add(key, uuid.uuid4().hex, None)
        found.update(cache.get_many(missing))
    return (
        {table: found[key] for key, table in wanted.items() if key in found},
        {key: found[key] for key in also if key in found},
    )


def _on_commit(connection: BaseDatabaseWrapper, tables: frozenset[str]) -> None:
    """One callback per transaction and set of tables: a transaction of a thousand INSERTs
    changes the version once. One registered earlier in this transaction outlives this
    statement's effects: a savepoint rollback that drops it is of a savepoint still open,
    which encloses this statement too."""
    for entry in connection.run_on_commit:
        func = entry[1]  # (savepoint ids, function, robust)
        if isinstance(func, partial) and func.func is changed and tables <= func.args[0]:
            return
    transaction.on_commit(partial(changed, tables), using=connection.alias, robust=True)


def _watch(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    if not settings.OFFICE_CACHE or not isinstance(sql, str) or _busy.get():
        return execute(sql, params, many, context)
    connection = context["connection"]
    if not connection.in_atomic_block and not connection.get_autocommit():
        # Transactions managed by hand: no commit to wait for, none to write beside.
        return execute(sql, params, many, context)
    flush(connection)
    written = tables_written(sql)
    if written and not connection.in_atomic_block:
        # Before the statement too: nothing may touch the connection while it runs (an
        # INSERT … RETURNING on SQLite holds it until its rows are read), and a result kept
        # from the rows before it is unreachable from now on.
        changed(written)
    result = execute(sql, params, many, context)
    reading = _read.get()
    if reading is not None:
        reading.update(tables_in(sql))
    if written:
        if connection.in_atomic_block:
            _on_commit(connection, frozenset(written))
        else:
            # And after it, once it is done: a result drawn while it ran may have been kept
            # under the version given before it.
            setattr(connection, _PENDING, (getattr(connection, _PENDING, None) or set()) | written)
    return result


def flush(connection: BaseDatabaseWrapper) -> None:
    """The second change of what the connection's last autocommit writes changed."""
    pending = getattr(connection, _PENDING, None)
    if pending:
        setattr(connection, _PENDING, None)
        changed(pending)


def flush_all(**kwargs: Any) -> None:
    """request_finished's receiver: no write's second change waits for the next request."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        flush(connection)


def watch(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """connection_created's receiver: every connection's statements pass ``_watch``."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _watch)


@contextmanager
def reading() -> Iterator[set[str]]:
    """The watched tables read by the statements run inside, collected into the set."""
    found: set[str] = set()
    token = _read.set(found)
    try:
        yield found
    finally:
        _read.reset(token)
