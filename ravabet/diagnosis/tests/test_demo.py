from __future__ import annotations

from ravabet.diagnosis import demo
from ravabet.diagnosis.models import Problem, Report, Round
from ravabet.network import demo as network_demo


def test_the_demo_has_rounds_shared_problems_and_reports_and_loads_once(db):
    network_demo.load()
    demo.load()
    assert demo.load() == ["Demo diagnosis: already loaded."]
    closed, current = Round.objects.order_by("quarter_year", "quarter_number")
    assert not closed.is_open and current.is_open
    # Astaneh did not answer last quarter's round: shown as such in the issued report.
    last = Report.objects.get(
        quarter_year=closed.quarter_year, quarter_number=closed.quarter_number
    )
    assert "آستانه اشرفیه" in last.snapshot["assessment"]["not_answered"]
    shared = Problem.objects.with_counts()
    assert sorted(p.members for p in shared) == [2, 2]  # type: ignore[attr-defined]
    assert Report.objects.count() == 2
