"""The metric dictionary: known work gives known figures, the completeness rule hides
what is incomplete, and the queries do not grow with the members."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ravabet.conftest import make_municipality
from ravabet.diagnosis import metrics
from ravabet.diagnosis.tests.data import Work, record
from ravabet.voice.models import Message

pytestmark = pytest.mark.django_db


def test_known_work_gives_known_figures(east_gilan, rudsar, kelachay, lahijan_head, last_quarter):
    record(east_gilan, [rudsar], last_quarter, lahijan_head)
    computed = metrics.compute([rudsar.pk, kelachay.pk], last_quarter)
    mine = computed.members[rudsar.pk]
    assert mine["news_published"].shown == 12
    assert mine["first_reply_hours"].shown == 56.0  # (5 × 24 + 216) / 6
    assert mine["replied_within_deadline"].shown == 83.3
    assert mine["resolutions_on_time"].shown == 50.0
    assert mine["events_held"].shown == 2
    assert mine["events_reported"].shown == 50.0
    # Kelachay recorded nothing: no figure, never a zero.
    assert all(f.shown is None and not f.enough for f in computed.members[kelachay.pk].values())
    # The network's figure sums the parts (not an average of averages).
    assert computed.total["news_published"].value == 12


def test_a_member_under_90_percent_complete_has_no_figure(
    east_gilan, rudsar, lahijan_head, last_quarter
):
    record(east_gilan, [rudsar], last_quarter, lahijan_head, Work(messages=10))
    # One message in ten closed without its reply recorded: 90 % complete, still shown.
    first = list(Message.objects.filter(municipality=rudsar).order_by("pk")[:2])
    Message.objects.filter(pk=first[0].pk).update(first_reply_at=None, status="closed")
    figure = metrics.compute([rudsar.pk], last_quarter).members[rudsar.pk]["first_reply_hours"]
    assert figure.completeness == 0.9 and figure.enough
    # Two in ten: 80 %, "not enough data".
    Message.objects.filter(pk=first[1].pk).update(first_reply_at=None, status="closed")
    figure = metrics.compute([rudsar.pk], last_quarter).members[rudsar.pk]["first_reply_hours"]
    assert figure.completeness == 0.8
    assert not figure.enough and figure.shown is None


def test_news_in_two_of_three_months_is_not_enough(east_gilan, rudsar, lahijan_head, last_quarter):
    from ravabet.newsroom.models import NewsItem

    record(east_gilan, [rudsar], last_quarter, lahijan_head, Work(news_per_month=1))
    NewsItem.objects.filter(municipality=rudsar).order_by("-published_at").first().delete()  # type: ignore[union-attr]
    figure = metrics.compute([rudsar.pk], last_quarter).members[rudsar.pk]["news_published"]
    assert figure.value == 2 and not figure.enough


def _queries(ids, quarter) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        metrics.compute(ids, quarter)
    return len(captured)


def test_queries_do_not_grow_with_members(east_gilan, lahijan_head, last_quarter):
    small = [make_municipality(f"m{n}", f"شهر {n}", f"Town {n}", "لاهیجان") for n in range(3)]
    large = small + [
        make_municipality(f"n{n}", f"شهرک {n}", f"Township {n}", "لاهیجان") for n in range(6)
    ]
    record(east_gilan, large, last_quarter, lahijan_head, Work(news_per_month=1, messages=2))
    few = _queries([m.pk for m in small], last_quarter)
    many = _queries([m.pk for m in large], last_quarter)
    assert few == many == len({m.source for m in metrics.METRICS})


def test_every_metric_is_defined_once_with_its_words():
    keys = [m.key for m in metrics.METRICS]
    assert len(keys) == len(set(keys))
    for m in metrics.METRICS:
        assert str(m.name) and str(m.definition) and str(m.unit)
        assert m.section in dict(metrics.SECTIONS)
    assert [m.key for m in metrics.in_section(metrics.Section.CRISIS)] == ["crisis_statement_hours"]
