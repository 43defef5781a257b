"""Migrations 0006-0007: voice's national holiday rows give way to the official calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("voice", "0008_category_bilingual_name")]
AFTER = [("voice", "0010_holiday_municipality_required")]


def migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_latest(transactional_db):  # type: ignore[no-untyped-def]
    yield
    # Later migrations (of voice or of apps after it) must be there for the next tests.
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


def test_shipped_rows_go_a_hand_added_one_becomes_a_closure_local_ones_stay(
    back_to_latest, rudsar
) -> None:  # type: ignore[no-untyped-def]
    old = migrate(BEFORE)
    Holiday = old.get_model("voice", "Holiday")
    shipped = Holiday.objects.filter(municipality__isnull=True).count()
    assert shipped == 26  # migration 0002's 1405 rows, restored on the way back
    Holiday.objects.create(date=dt.date(2026, 12, 30), name="عزای عمومی")
    Holiday.objects.create(municipality_id=rudsar.pk, date=dt.date(2026, 12, 1), name="روز رودسر")

    new = migrate(AFTER)
    Holiday = new.get_model("voice", "Holiday")
    Correction = new.get_model("officialcalendar", "Correction")
    assert list(Holiday.objects.values_list("municipality_id", "name")) == [
        (rudsar.pk, "روز رودسر")
    ]
    closure = Correction.objects.get()
    assert (closure.kind, closure.network_id, closure.date, closure.title) == (
        "closure",
        None,
        dt.date(2026, 12, 30),
        "عزای عمومی",
    )
