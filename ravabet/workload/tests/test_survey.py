from __future__ import annotations

import pytest

from ravabet.network.models import Membership, Role, User
from ravabet.workload import actions, survey
from ravabet.workload.models import SurveyResponse, SurveyTaken

pytestmark = pytest.mark.django_db


def answers(value: int) -> dict[str, str]:
    return {f"item{i}": str(value) for i in range(1, 6)}


def test_an_answer_is_stored_without_the_person(client_for, rudsar, rudsar_reporter) -> None:
    client = client_for(rudsar_reporter)
    assert client.get("/office/m/rudsar/workload/survey/").status_code == 200
    response = client.post("/office/m/rudsar/workload/survey/", answers(3))
    assert response.status_code == 302
    stored = SurveyResponse.objects.get()
    assert stored.raw == 15 and stored.municipality == rudsar
    names = {f.name for f in SurveyResponse._meta.get_fields()}
    assert not names & {"person", "user", "created_at", "answered_at"}
    assert SurveyTaken.objects.filter(person=rudsar_reporter).count() == 1
    # Twice in a month: a clear message, one answer.
    client.cookies["django_language"] = "en"
    again = client.post("/office/m/rudsar/workload/survey/", answers(5), follow=True)
    assert "already answered" in again.content.decode()
    assert SurveyResponse.objects.count() == 1


@pytest.mark.parametrize("bad", [{"item1": "6"}, {"item1": "NaN"}, {"item1": "\x00"}, {}])
def test_an_incomplete_or_bad_answer_is_refused(client_for, rudsar_reporter, bad) -> None:
    data = {**answers(2), **bad}
    if not bad:
        data.pop("item5")
    response = client_for(rudsar_reporter).post("/office/m/rudsar/workload/survey/", data)
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists() and not SurveyTaken.objects.exists()


def test_results_are_shown_only_for_five_or_more(rudsar) -> None:
    year, month = actions.this_month()
    for n in range(4):
        user = User.objects.create_user(f"p{n}", password="x" * 20)
        Membership.objects.create(user=user, role=Role.PR_STAFF, municipality=rudsar)
        actions.answer_survey(user, rudsar, [n % 6] * 5)
    result = survey.for_period([rudsar.pk], [(year, month)])
    assert result.answers == 4 and not result.shown and result.mean is None
    user = User.objects.create_user("p5", password="x" * 20)
    actions.answer_survey(user, rudsar, [5] * 5)
    result = survey.for_period([rudsar.pk], [(year, month)])
    # Raw 0, 5, 10, 15, 25 → 0, 20, 40, 60, 100: mean 44; three of five at 50 or less.
    assert result.shown and result.mean == pytest.approx(44) and result.poor == 3
