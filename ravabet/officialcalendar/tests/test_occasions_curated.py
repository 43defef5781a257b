"""Mourning and PR occasions are curated by hand; each rule still finds its entry in the data."""

from __future__ import annotations

import datetime as dt

import pytest

from ravabet.lib import jalali
from ravabet.officialcalendar.curated import MOURNING, PR_OCCASIONS, is_mourning, pr_rule
from ravabet.officialcalendar.occasions import year_bounds
from ravabet.officialcalendar.official import OfficialCalendar

pytestmark = pytest.mark.django_db


def _occasions(years: range):  # type: ignore[no-untyped-def]
    calendar = OfficialCalendar([])
    start, end = year_bounds(years.start)[0], year_bounds(years.stop - 1)[1]
    return calendar.occasions(start, end)


@pytest.mark.parametrize("rule", [*MOURNING, *PR_OCCASIONS], ids=lambda r: r.fragment)
def test_every_curated_rule_finds_its_entry_in_the_data(rule) -> None:  # type: ignore[no-untyped-def]
    # Two Jalali years hold every Hijri month at least once.
    assert any(rule.matches(o) for o in _occasions(range(1403, 1405)))


def test_feasts_are_not_mourning_and_mourning_days_are() -> None:
    found = _occasions(range(1403, 1405))
    mourning = {o.title for o in found if is_mourning(o)}
    assert "عاشورای حسینی" in mourning and "اربعین حسینی" in mourning
    for feast in ("عید سعید فطر", "عید سعید قربان", "عید سعید غدیر خم (۱۰ ه‍.ق)", "آغاز نوروز"):
        assert feast not in mourning
    # The Revolution's martyrs' anniversaries say "شهادت" too, but are no public mourning.
    assert not any("مرتضی مطهری" in title for title in mourning)


def test_mourning_on_names_the_day_on_the_official_calendar() -> None:
    calendar = OfficialCalendar([])
    khordad_14 = jalali.from_jalali(1405, 3, 14)
    occasion = calendar.mourning_on(khordad_14)
    assert occasion is not None and "رحلت حضرت امام خمینی" in occasion.title
    assert not occasion.estimated
    # Imam Sadiq's martyrdom, 25 Shawwal 1447, from the published table: 25 Farvardin 1405.
    sadiq = calendar.mourning_on(jalali.from_jalali(1405, 1, 25))
    assert sadiq is not None and "امام جعفر صادق" in sadiq.title
    assert calendar.mourning_on(jalali.from_jalali(1405, 1, 1)) is None  # Nowruz
    assert calendar.mourning_on(jalali.from_jalali(1405, 5, 17)) is None  # Journalist Day


def test_the_days_that_matter_to_pr_are_marked() -> None:
    found = _occasions(range(1405, 1406))
    marked = {jalali.to_jalali(o.date)[1:] for o in found if pr_rule(o)}
    assert {(2, 27), (4, 14), (5, 17), (2, 9), (7, 7)} <= marked
    assert all(str(rule.why) for rule in PR_OCCASIONS)


def test_a_mourning_day_past_the_lunar_table_says_it_is_an_estimate() -> None:
    calendar = OfficialCalendar([])
    ashura = next(
        o
        for o in calendar.occasions(dt.date(2030, 1, 1), dt.date(2030, 12, 31))
        if o.title == "عاشورای حسینی"
    )
    found = calendar.mourning_on(ashura.date)
    assert found is not None and found.estimated
