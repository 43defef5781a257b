"""The optional wellbeing survey: the WHO-5 Well-Being Index.

Why this one:
- It is short (five statements about the last two weeks, six answers each): people who
  are already overworked answer it in a minute.
- Its licence allows shipping it: the Psychiatric Centre North Zealand (Mental Health
  Centre North Zealand, Hillerød), which keeps it, publishes it for free use; the source
  must be named (as below and on the form), and a wording that deviates from the
  published language version must be marked as such.
- It is validated in Persian: Dadfar et al., "Reliability, validity, and factorial
  structure of the WHO-5 in Iranian psychiatric outpatients", Trends in Psychiatry and
  Psychotherapy 40(2), 2018 (α = 0.91), and Khosravi et al., "Reliability and validity of
  the Persian version of the WHO-Five Well-Being Index", Int. J. Health Studies 1(1), 2015
  (451 adults, α = 0.94).
The Copenhagen Burnout Inventory (also free) measures burnout more directly but has 19
items; a committee reads WHO-5 as a well-known screening index. The Persian wording below
(in locale/fa) must be checked against the Persian version published at
psykiatri-regionh.dk/who-5 before the results are used in a case.

Scoring, as published: each answer 0 (at no time) to 5 (all of the time); the raw score is
the sum (0–25); times four it is a percentage (0–100). 50 or less suggests poor wellbeing
(a reason to screen further); 28 or less suggests depression is likely.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import thresholds
from .models import SurveyResponse

SOURCE = _(
    "WHO-5 Well-Being Index, Psychiatric Centre North Zealand (Mental Health Centre North "
    "Zealand), Denmark; free to use."
)
INTRODUCTION = _(
    "Please indicate for each of the five statements which is closest to how you have been "
    "feeling over the last two weeks."
)
ITEMS: tuple[Promise, ...] = (
    _("I have felt cheerful and in good spirits."),
    _("I have felt calm and relaxed."),
    _("I have felt active and vigorous."),
    _("I woke up feeling fresh and rested."),
    _("My daily life has been filled with things that interest me."),
)
ANSWERS: tuple[tuple[int, Promise], ...] = (
    (5, _("All of the time")),
    (4, _("Most of the time")),
    (3, _("More than half of the time")),
    (2, _("Less than half of the time")),
    (1, _("Some of the time")),
    (0, _("At no time")),
)
POOR = 50
LIKELY_DEPRESSION = 28


@dataclass(frozen=True)
class Result:
    """A group's results; ``shown`` only if at least MIN_GROUP people answered."""

    answers: int
    mean: float | None = None  # the mean percentage score, 0–100
    poor: int = 0  # how many scored 50 or less

    @property
    def shown(self) -> bool:
        return self.answers >= thresholds.MIN_GROUP and self.mean is not None

    @property
    def poor_share(self) -> float:
        return self.poor / self.answers if self.answers else 0.0


def results(responses: QuerySet[SurveyResponse]) -> Result:
    """The results of a queryset of SurveyResponse, in one query; nothing below the group
    size leaves this function."""
    raw = F("item1") + F("item2") + F("item3") + F("item4") + F("item5")
    row = responses.annotate(score=raw).aggregate(
        n=Count("pk"), mean=Avg("score"), poor=Count("pk", filter=Q(score__lte=POOR / 4))
    )
    n = row["n"] or 0
    if n < thresholds.MIN_GROUP:
        return Result(answers=n)
    return Result(answers=n, mean=float(row["mean"]) * 4, poor=row["poor"])


def for_period(municipality_ids: list[int], months: list[tuple[int, int]]) -> Result:
    if not months or not municipality_ids:
        return Result(answers=0)
    when = Q()
    for year, month in months:
        when |= Q(year=year, month=month)
    return results(SurveyResponse.objects.filter(when, municipality_id__in=municipality_ids))
