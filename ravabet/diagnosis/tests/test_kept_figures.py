"""The dashboard's figures are kept per member and quarter: the same figures as computed
from the records, refreshed by the tick, never older than FIGURES_MAX_AGE on a card, read
without touching the quarter's records, and shown to the member's own office only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ravabet.core.management.commands.tick import periodic_tasks
from ravabet.diagnosis import actions, metrics, tasks
from ravabet.diagnosis.models import FIGURES_MAX_AGE, QuarterFigures
from ravabet.diagnosis.panel import panel
from ravabet.diagnosis.tests.data import Work, record
from ravabet.lib.jalali import JalaliQuarter
from ravabet.network.models import Municipality

pytestmark = pytest.mark.django_db


def _shown(computed: metrics.Computed, pk: int) -> dict[str, float | None]:
    return {key: figure.shown for key, figure in computed.members[pk].items()}


def test_kept_figures_are_the_computed_ones_and_wait_for_the_refresh(
    east_gilan, rudsar, kelachay, lahijan_head, last_quarter
):
    record(east_gilan, [rudsar], last_quarter, lahijan_head)
    ids = [rudsar.pk, kelachay.pk]
    actions.refresh_figures(ids, last_quarter)
    kept, _as_of = actions.figures_for(ids, last_quarter)
    assert _shown(kept, rudsar.pk) == _shown(metrics.compute(ids, last_quarter), rudsar.pk)
    assert _shown(kept, rudsar.pk)["first_reply_hours"] == 56.0
    assert kept.total == metrics.compute(ids, last_quarter).total
    assert QuarterFigures.objects.of_quarter(last_quarter).count() == 2

    # Six more messages answered late: the kept figures stay until the next refresh...
    record(east_gilan, [rudsar], last_quarter, lahijan_head, Work(news_per_month=0, late=6))
    again, _as_of = actions.figures_for(ids, last_quarter)
    assert _shown(again, rudsar.pk) == _shown(kept, rudsar.pk)
    # ...which brings them to what the records say.
    members = Municipality.objects.filter(networks__isnull=False).distinct().count()
    assert actions.refresh_kept_figures(last_quarter) == members
    fresh, _as_of = actions.figures_for(ids, last_quarter)
    assert _shown(fresh, rudsar.pk) == _shown(metrics.compute(ids, last_quarter), rudsar.pk)
    assert _shown(fresh, rudsar.pk)["replied_within_deadline"] != 83.3


def test_figures_older_than_the_limit_are_computed_again_when_read(
    east_gilan, rudsar, lahijan_head, last_quarter
):
    actions.refresh_figures([rudsar.pk], last_quarter)
    record(east_gilan, [rudsar], last_quarter, lahijan_head)
    long_ago = timezone.now() - FIGURES_MAX_AGE - dt.timedelta(minutes=1)
    QuarterFigures.objects.update(computed_at=long_ago)  # the worker stopped
    computed, as_of = actions.figures_for([rudsar.pk], last_quarter)
    assert computed.members[rudsar.pk]["news_published"].shown == 12
    assert as_of > long_ago + FIGURES_MAX_AGE


def test_the_tick_refreshes_the_kept_figures(run_tasks, east_gilan, rudsar, lahijan_head):
    assert tasks.refresh_kept_figures in periodic_tasks()
    quarter = JalaliQuarter.current()
    actions.refresh_figures([rudsar.pk], quarter)
    before = QuarterFigures.objects.get().computed_at
    tasks.refresh_kept_figures.enqueue()
    run_tasks()
    assert QuarterFigures.objects.get(municipality=rudsar).computed_at > before
    # Every member the tick knows, not only those kept before: a dashboard's GET keeps none.
    kept = set(QuarterFigures.objects.values_list("municipality_id", flat=True))
    assert kept == set(
        Municipality.objects.filter(networks__isnull=False).values_list("pk", flat=True)
    )
    assert rudsar.pk in kept and len(kept) > 1


def test_figures_not_kept_yet_are_computed_for_the_view_and_written_by_nobody_but_the_tick(
    east_gilan, rudsar, lahijan_head, last_quarter
):
    record(east_gilan, [rudsar], last_quarter, lahijan_head)
    computed, _as_of = actions.figures_for([rudsar.pk], last_quarter)
    assert _shown(computed, rudsar.pk) == _shown(
        metrics.compute([rudsar.pk], last_quarter), rudsar.pk
    )
    assert not QuarterFigures.objects.exists()


def test_the_card_reads_kept_figures_without_touching_the_quarters_records(
    client_for, east_gilan, rudsar, rudsar_head, lahijan_head
):
    record(east_gilan, [rudsar], JalaliQuarter.current(), lahijan_head, Work(messages=3))
    actions.refresh_kept_figures()  # the tick

    def records_read() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            panel(rudsar_head, rudsar)
        return [
            q["sql"]
            for q in captured
            if any(t in q["sql"] for t in ('"voice_message"', '"newsroom_newsitem"'))
        ]

    assert records_read() == []
    record(east_gilan, [rudsar], JalaliQuarter.current(), lahijan_head, Work(messages=30))
    assert records_read() == []
    page = client_for(rudsar_head).get("/office/m/rudsar/").content.decode()
    assert 'data-testid="figures-as-of"' in page


def test_another_municipalitys_staff_never_sees_the_figures(
    client_for, east_gilan, rudsar, rudsar_head, rudsar_reporter, lahijan_head, outsider
):
    record(east_gilan, [rudsar], JalaliQuarter.current(), lahijan_head)
    actions.refresh_kept_figures()  # the tick
    assert client_for(rudsar_head).get("/office/m/rudsar/").status_code == 200
    # Another network's PR head: not Rudsar's dashboard at all.
    assert client_for(outsider).get("/office/m/rudsar/").status_code in (403, 404)
    # The network's secretariat (Lahijan's head) on Rudsar's dashboard: not Rudsar's office.
    data = panel(lahijan_head, rudsar)
    assert data == {"municipality": rudsar, "office": False}
    # Their own dashboard shows their own figures (kept for them, not Rudsar's).
    own = client_for(outsider).get("/office/m/astara/")
    assert own.status_code == 200
    assert 'data-testid="figures-as-of"' in own.content.decode()
    astara = QuarterFigures.objects.get(municipality__slug="astara")
    assert astara.rows["voice_rows"] == {} and astara.rows["news_rows"] == {}
