"""The dashboards' card parts, kept drawn: a part is drawn again only when a table it was
drawn from has changed since, or after MAX_AGE.

A part (office/panels.py) is kept per office or network, person, language and day: what
it shows depends on each (the person's rights, their language, what is due today). With
it is kept the set of tables its queries read (collected at the cursor while it was drawn:
core/changes.py) and each table's version at the time, read *before* drawing, so a write
that commits while the part is drawn leaves it under a version already gone. A view reads
every part of its dashboard and the versions of the tables they need in one cache round
trip.

- Never behind a write: any statement that writes a table a part read, whoever makes it
  (an office's action, a citizen's message, the worker's send, the tick), gives the table
  a new version, and the part no longer matches.
- At most MAX_AGE behind the clock: what changes with time alone within a day (the next
  meeting once it has begun) waits at most that long; the day is in the key.
- Not kept from inside a transaction (a test's, or a view's that has written): its reads
  may include rows that never commit.
- A version is per table, not per office: a busy table (citizens' messages at national
  scale) redraws every part that reads it, in every office, on each change.
- The memberships and places a view's access check read before the parts are drawn are
  always among a part's tables: the person's rights are in it.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.safestring import SafeString, mark_safe

from ravabet.core import changes

logger = logging.getLogger(__name__)

MAX_AGE = 300

Entry = tuple[float, tuple[str, ...], tuple[str, ...], str]  # drawn at, tables, versions, html

# The tables any part was drawn from in this process: their versions are read with the
# parts, before a part is drawn again. A part that read a table not among them is not kept
# that time (its version was not read before), only the next.
_seen: set[str] = set()
_seen_lock = threading.Lock()


@functools.cache
def _access_tables() -> frozenset[str]:
    return changes.app_tables("network")


def drawn(parts: dict[str, Callable[[], str]]) -> dict[str, SafeString]:
    """Each part's HTML by its key: kept if nothing it read has changed, else drawn by its
    function (and kept)."""
    if not settings.OFFICE_CACHE or connection.in_atomic_block:
        return {key: mark_safe(draw()) for key, draw in parts.items()}  # noqa: S308
    with _seen_lock:
        known = _seen | _access_tables()
    try:
        current, entries = changes.versions(known, *parts)
    except Exception:
        # A cache that cannot be reached costs the drawing, not the page.
        logger.warning("Dashboard parts drawn without the cache", exc_info=True)
        return {key: mark_safe(draw()) for key, draw in parts.items()}  # noqa: S308
    html: dict[str, SafeString] = {}
    keep: dict[str, Entry] = {}
    now = time.time()
    for key, draw in parts.items():
        entry: Entry | None = entries.get(key)
        if entry is not None:
            drawn_at, tables, versions, body = entry
            if now - drawn_at < MAX_AGE and tuple(current.get(t) for t in tables) == versions:
                html[key] = mark_safe(body)  # noqa: S308
                continue
        with changes.reading() as read:
            body = draw()
        read |= _access_tables()
        html[key] = mark_safe(body)  # noqa: S308
        if read <= current.keys():
            tables = tuple(sorted(read))
            keep[key] = (now, tables, tuple(current[t] for t in tables), body)
        else:
            with _seen_lock:
                _seen.update(read)
    if keep:
        try:
            cache.set_many(keep, MAX_AGE)
        except Exception:
            logger.warning("Dashboard parts not kept", exc_info=True)
    return html
