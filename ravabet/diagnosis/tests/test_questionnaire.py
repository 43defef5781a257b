"""Editing and reordering the questionnaire's questions, through the page (plain forms and
htmx): a version a round uses is never changed, the change makes the next version."""

from __future__ import annotations

import pytest

from ravabet.diagnosis import actions
from ravabet.diagnosis.models import Question, Questionnaire, Round
from ravabet.network.models import Network

pytestmark = pytest.mark.django_db

PAGE = "/office/n/east-gilan/diagnosis/questionnaire/"


def _edit(client, question, htmx=False, **changes):  # type: ignore[no-untyped-def]
    data = {
        "edit-area": question.area,
        "edit-text": question.text,
        "edit-scale_min": str(question.scale_min),
        "edit-scale_max": str(question.scale_max),
        "edit-metric": question.metric,
    }
    data.update({f"edit-{key}": value for key, value in changes.items()})
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(f"{PAGE}{question.pk}/edit/", data, headers=headers)


def _move(client, question, direction, htmx=False):  # type: ignore[no-untyped-def]
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(f"{PAGE}{question.pk}/move/", {"direction": direction}, headers=headers)


def _texts(questionnaire: Questionnaire) -> list[str]:
    return list(questionnaire.questions.values_list("text", flat=True))


def test_the_starter_questions_are_saved_to_be_edited(client_for, lahijan_head, east_gilan):
    secretariat = client_for(lahijan_head)
    page = secretariat.get(PAGE).content.decode()
    assert 'data-testid="start"' in page and 'data-testid="edit"' not in page
    assert secretariat.post(PAGE, {"start": "1"}).status_code == 302
    questionnaire = Questionnaire.objects.get(network=east_gilan)
    assert questionnaire.version == 1 and questionnaire.questions.count() == 8
    page = secretariat.get(PAGE).content.decode()
    assert page.count('data-testid="edit"') == 8 and 'data-testid="start"' not in page


def test_editing_a_question_of_an_unused_version_changes_it(client_for, lahijan_head, east_gilan):
    secretariat = client_for(lahijan_head)
    question = actions.current_questionnaire(east_gilan).questions.get(area="news")
    # Without JS: the edit link shows the question as a form on the page.
    form = secretariat.get(f"{PAGE}?edit={question.pk}").content.decode()
    assert 'data-testid="editing"' in form and question.text in form
    response = _edit(
        secretariat, question, text="  اخبار   هر هفته منتشر می‌شود. ", scale_max="۷", metric=""
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text == "اخبار هر هفته منتشر می‌شود."
    assert (question.scale_min, question.scale_max, question.metric) == (1, 7, "")
    assert Questionnaire.objects.filter(network=east_gilan).count() == 1
    # With htmx: the redrawn questions say what was done.
    redrawn = _edit(secretariat, question, htmx=True, area="digital").content.decode()
    assert 'id="questions"' in redrawn and "<html" not in redrawn
    assert 'data-testid="said"' in redrawn
    question.refresh_from_db()
    assert question.area == "digital"


def test_reordering_moves_a_question_one_place(client_for, lahijan_head, east_gilan):
    secretariat = client_for(lahijan_head)
    questionnaire = actions.current_questionnaire(east_gilan)
    before = _texts(questionnaire)
    second = questionnaire.questions.all()[1]
    assert _move(secretariat, second, "up").status_code == 302
    assert _texts(questionnaire) == [before[1], before[0], *before[2:]]
    redrawn = _move(secretariat, second, "down", htmx=True).content.decode()
    assert _texts(questionnaire) == before
    # The table is redrawn in the new order.
    assert redrawn.index(before[0]) < redrawn.index(before[1])
    # The first question cannot go up: said, and nothing changes.
    first = questionnaire.questions.first()
    said = _move(secretariat, first, "up", htmx=True).content.decode()
    assert 'data-testid="said"' in said and _texts(questionnaire) == before
    assert _move(secretariat, first, "sideways").status_code == 404


def test_a_round_keeps_its_version_when_a_question_is_edited_or_moved(
    client_for, lahijan_head, east_gilan, last_quarter
):
    secretariat = client_for(lahijan_head)
    secretariat.post(
        "/office/n/east-gilan/diagnosis/rounds/new/",
        {"quarter": f"{last_quarter.year}-{last_quarter.number}"},
    )
    round_ = Round.objects.get()
    pinned = round_.questionnaire
    asked = _texts(pinned)
    question = pinned.questions.get(area="budget")
    assert _edit(secretariat, question, text="بودجه کافی است.").status_code == 302
    newer = Questionnaire.objects.of_network(east_gilan).latest_first().first()
    assert newer is not None and newer.version == 2
    assert _texts(pinned) == asked  # the round's version is untouched
    assert "بودجه کافی است." in _texts(newer)
    round_.refresh_from_db()
    assert round_.questionnaire_id == pinned.pk
    # Moving a question of version 2 (no round uses it) changes version 2 itself.
    moved = newer.questions.get(text="بودجه کافی است.")
    assert _move(secretariat, moved, "down").status_code == 302
    assert Questionnaire.objects.filter(network=east_gilan).count() == 2
    assert _texts(newer).index("بودجه کافی است.") == asked.index(question.text) + 1
    assert _texts(pinned) == asked
    # A question of the old version is no longer the current version's: 404.
    assert _edit(secretariat, question, text="دیگر").status_code == 404


def test_bad_input_is_refused_with_a_message_and_saves_nothing(
    client_for, lahijan_head, east_gilan
):
    secretariat = client_for(lahijan_head)
    question = actions.current_questionnaire(east_gilan).questions.first()
    assert question is not None
    before = list(Question.objects.values_list("pk", "text", "scale_min", "scale_max", "area"))

    empty = _edit(secretariat, question, text="   ")
    assert empty.status_code == 200 and "پرسش را بنویسید." in empty.content.decode()
    low = _edit(secretariat, question, scale_min="5", scale_max="3")
    assert "بیشترین امتیاز باید از کمترین امتیاز بیشتر باشد." in low.content.decode()
    high = _edit(secretariat, question, htmx=True, scale_max="1000")
    assert high.status_code == 200 and 'class="error"' in high.content.decode()
    wrong_area = _edit(secretariat, question, area="weather")
    assert 'class="error"' in wrong_area.content.decode()
    nul = _edit(secretariat, question, text="بد\x00متن")
    assert nul.status_code == 400 and "NUL" in nul.content.decode()
    unchanged = _edit(secretariat, question, htmx=True).content.decode()
    assert 'data-testid="said"' in unchanged

    assert list(Question.objects.values_list("pk", "text", "scale_min", "scale_max", "area")) == (
        before
    )
    assert Questionnaire.objects.filter(network=east_gilan).count() == 1


def test_another_networks_questionnaire_is_404(
    client_for, lahijan_head, rudsar_head, outsider, east_gilan
):
    question = actions.current_questionnaire(east_gilan).questions.first()
    assert question is not None
    west = Network.objects.get(slug="west-gilan")
    foreign = actions.current_questionnaire(west).questions.first()
    assert foreign is not None
    # Another network's staff cannot reach this network's questions...
    assert _edit(client_for(outsider), question, text="x").status_code == 404
    assert _move(client_for(outsider), question, "down").status_code == 404
    # ...nor this network's secretariat another network's, through its own address.
    secretariat = client_for(lahijan_head)
    assert _edit(secretariat, foreign, text="x").status_code == 404
    assert _move(secretariat, foreign, "down").status_code == 404
    assert secretariat.get(f"{PAGE}?edit={foreign.pk}").status_code == 404
    # A member's office reads the questionnaire but changes nothing.
    assert _edit(client_for(rudsar_head), question, text="x").status_code == 403
    assert _move(client_for(rudsar_head), question, "down").status_code == 403
    assert Question.objects.filter(text="x").count() == 0
