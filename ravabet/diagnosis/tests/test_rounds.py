"""The questionnaire and the self-assessment rounds, through the pages."""

from __future__ import annotations

import pytest

from ravabet.diagnosis.models import Answer, Problem, Question, Questionnaire, Response, Round
from ravabet.diagnosis.tests.data import record

pytestmark = pytest.mark.django_db


def _open(client, quarter) -> Round:  # type: ignore[no-untyped-def]
    response = client.post(
        "/office/n/east-gilan/diagnosis/rounds/new/",
        {"quarter": f"{quarter.year}-{quarter.number}"},
    )
    assert response.status_code == 302, response.content
    return Round.objects.get(quarter_year=quarter.year, quarter_number=quarter.number)


def _scores(round_: Round, score: int = 3, /, **extra: str) -> dict[str, str]:
    data = {f"score_{q.pk}": str(score) for q in round_.questionnaire.questions.all()}
    data.update(extra)
    return data


def test_a_round_keeps_its_version_when_the_questionnaire_changes(
    client_for, lahijan_head, last_quarter
):
    secretariat = client_for(lahijan_head)
    page = secretariat.get("/office/n/east-gilan/diagnosis/questionnaire/")
    assert page.status_code == 200
    assert not Questionnaire.objects.exists()  # reading the page writes nothing
    round_ = _open(secretariat, last_quarter)
    assert Questionnaire.objects.get().version == 1
    asked = round_.questionnaire.questions.count()

    response = secretariat.post(
        "/office/n/east-gilan/diagnosis/questionnaire/",
        {
            "area": "digital",
            "text": "وب‌سایت شهرداری هفتگی به‌روز می‌شود.",
            "scale_min": "1",
            "scale_max": "۵",
            "metric": "",
        },
        follow=True,
    )
    assert "۲</span>" in response.content.decode()  # the page shows version 2 now
    assert Questionnaire.objects.latest_first().first().version == 2  # type: ignore[union-attr]
    round_.refresh_from_db()
    assert round_.questionnaire.version == 1
    assert round_.questionnaire.questions.count() == asked
    assert Question.objects.filter(questionnaire__version=2).count() == asked + 1
    # The next change goes into version 2 itself: no round has pinned it.
    secretariat.post(
        "/office/n/east-gilan/diagnosis/questionnaire/",
        {"area": "staffing", "text": "آموزش عکاسی خبری", "scale_min": "1", "scale_max": "5"},
    )
    assert Questionnaire.objects.count() == 2


def test_a_bad_scale_is_refused(client_for, lahijan_head):
    response = client_for(lahijan_head).post(
        "/office/n/east-gilan/diagnosis/questionnaire/",
        {"area": "digital", "text": "x", "scale_min": "5", "scale_max": "2"},
    )
    assert response.status_code == 200
    assert Question.objects.filter(text="x").count() == 0


def test_a_quarter_has_one_round(client_for, lahijan_head, last_quarter):
    secretariat = client_for(lahijan_head)
    _open(secretariat, last_quarter)
    again = secretariat.post(
        "/office/n/east-gilan/diagnosis/rounds/new/",
        {"quarter": f"{last_quarter.year}-{last_quarter.number}"},
        follow=True,
    )
    assert Round.objects.count() == 1
    assert "already exists" in again.content.decode() or "وجود دارد" in again.content.decode()
    junk = secretariat.post("/office/n/east-gilan/diagnosis/rounds/new/", {"quarter": "1300-9"})
    assert junk.status_code == 302 and Round.objects.count() == 1


def test_a_member_answers_beside_its_measured_values(
    client_for, east_gilan, lahijan_head, rudsar, rudsar_head, last_quarter
):
    record(east_gilan, [rudsar], last_quarter, lahijan_head)
    round_ = _open(client_for(lahijan_head), last_quarter)
    member = client_for(rudsar_head)
    page = member.get(f"/office/diagnosis/rounds/{round_.pk}/answer/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-metric="news_published"' in html
    assert "۱۲" in html  # 12 news measured, in Persian digits
    assert "۵۶" in html  # 56 hours to the first reply

    news = round_.questionnaire.questions.get(metric="news_published")
    out_of_range = member.post(
        f"/office/diagnosis/rounds/{round_.pk}/answer/",
        _scores(round_, **{f"score_{news.pk}": "9"}),
    )
    assert out_of_range.status_code == 200
    assert Response.objects.count() == 0
    assert "between" in out_of_range.content.decode() or "بین" in out_of_range.content.decode()
    for junk in ("nan", "3\x00", "۳.۵", ""):
        refused = member.post(
            f"/office/diagnosis/rounds/{round_.pk}/answer/",
            _scores(round_, **{f"score_{news.pk}": junk}),
        )
        assert refused.status_code in (200, 400)
        assert Answer.objects.count() == 0

    saved = member.post(
        f"/office/diagnosis/rounds/{round_.pk}/answer/",
        _scores(
            round_,
            **{f"note_{news.pk}": "دو ماه خبرنگار نداشتیم", f"problem_{news.pk}": "کمبود خبرنگار"},
        ),
    )
    assert saved.status_code == 302
    assert (
        Answer.objects.filter(response__municipality=rudsar).count()
        == round_.questionnaire.questions.count()
    )
    assert Answer.objects.get(question=news).note == "دو ماه خبرنگار نداشتیم"
    problem = Problem.objects.get()
    assert problem.title == "کمبود خبرنگار" and problem.category == "news"
    # Answering again replaces, never duplicates.
    member.post(f"/office/diagnosis/rounds/{round_.pk}/answer/", _scores(round_, 4))
    assert (
        Answer.objects.filter(response__municipality=rudsar, score=4).count()
        == Answer.objects.count()
    )


def test_a_closed_round_is_frozen_and_shows_who_did_not_answer(
    client_for, east_gilan, lahijan_head, rudsar, rudsar_head, kelachay, last_quarter
):
    record(east_gilan, [rudsar], last_quarter, lahijan_head)
    secretariat = client_for(lahijan_head)
    round_ = _open(secretariat, last_quarter)
    member = client_for(rudsar_head)
    member.post(f"/office/diagnosis/rounds/{round_.pk}/answer/", _scores(round_))
    closed = secretariat.post(f"/office/diagnosis/rounds/{round_.pk}/close/", follow=True)
    html = closed.content.decode()
    assert html.count('data-testid="not-answered"') == 2  # Lahijan and Kelachay
    round_.refresh_from_db()
    assert not round_.is_open and round_.measured[str(rudsar.pk)]["news_published"]["value"] == 12
    # Closing twice says so; answering now is refused and nothing changes.
    again = secretariat.post(f"/office/diagnosis/rounds/{round_.pk}/close/", follow=True)
    assert "already closed" in again.content.decode() or "بسته شده" in again.content.decode()
    late = member.post(
        f"/office/diagnosis/rounds/{round_.pk}/answer/", _scores(round_, 5), follow=True
    )
    assert "closed" in late.content.decode() or "بسته" in late.content.decode()
    assert not Answer.objects.filter(score=5).exists()
    # The frozen measured value does not move with new data.
    record(east_gilan, [rudsar], last_quarter, lahijan_head)
    page = member.get(f"/office/diagnosis/rounds/{round_.pk}/answer/").content.decode()
    assert "۱۲" in page and "۲۴" not in page.split('data-metric="news_published"')[1][:200]
