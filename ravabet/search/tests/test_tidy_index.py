"""Keeping SQLite's full-text indexes merged, a bounded step at a time, from the tick."""

import pytest
from django.db import connection

from ravabet.core.management.commands.tick import periodic_tasks
from ravabet.search.actions import FTS_TABLES, tidy_index
from ravabet.search.models import SearchEntry

from .test_search import add_entries, titles


def segments(table: str) -> int:
    """How many b-tree segments the FTS5 index has, from its structure record."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}_idx WHERE segid > 0 GROUP BY segid")  # noqa: S608
        return len(cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's GIN needs no merging")
def test_a_grown_index_is_merged_and_still_finds_everything(db, citizen):
    for _ in range(12):  # one small segment per write, as records are saved one by one
        add_entries(5)
    assert all(segments(table) > 1 for table in FTS_TABLES)
    assert tidy_index() > len(FTS_TABLES)
    assert all(segments(table) == 1 for table in FTS_TABLES)
    # Merged already: one step per index finds nothing to do.
    assert tidy_index() == len(FTS_TABLES)
    assert citizen.get("/search/?q=آرشیو&order=newest").context["page"].paginator.count == 60
    assert len(titles(citizen, "/search/?q=سند")) == 20
    assert SearchEntry.objects.count() == 60


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's GIN needs no merging")
def test_the_step_is_bounded_by_time(db):
    for _ in range(6):
        add_entries(3)
    assert tidy_index(seconds=0) == 0
    assert all(segments(table) > 1 for table in FTS_TABLES)


def test_the_tick_runs_it():
    assert "ravabet.search.tasks.tidy_index" in {task.module_path for task in periodic_tasks()}
