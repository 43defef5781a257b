"""Every view that takes an id: another network's staff, a manager and (for rounds and the
register) the observer get a 404; a member reaches its own answers and report only."""

from __future__ import annotations

import pytest

from ravabet.diagnosis import actions
from ravabet.diagnosis.models import Problem, Report, Round

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(east_gilan, lahijan_head, rudsar_head, kelachay, rudsar, last_quarter):  # type: ignore[no-untyped-def]
    round_ = actions.open_round(east_gilan, last_quarter, lahijan_head)
    problem, _new = actions.raise_problem(
        east_gilan, rudsar, rudsar_head, category="budget", title="کمبود بودجه"
    )
    report = actions.issue_report(east_gilan, last_quarter, lahijan_head, narrative="گزارش")
    return round_, problem, report


def _urls(round_: Round, problem: Problem, report: Report) -> dict[str, list[str]]:
    return {
        "rounds": [
            f"/office/diagnosis/rounds/{round_.pk}/",
            f"/office/diagnosis/rounds/{round_.pk}/answer/",
            f"/office/diagnosis/rounds/{round_.pk}/m/rudsar/",
        ],
        "problems": [f"/office/diagnosis/problems/{problem.pk}/"],
        "reports": [
            f"/office/diagnosis/reports/{report.pk}/",
            f"/office/diagnosis/reports/{report.pk}/pdf/",
            f"/office/diagnosis/reports/{report.pk}/xlsx/",
            f"/office/diagnosis/reports/{report.pk}/m/rudsar/",
        ],
        "posts": [
            f"/office/diagnosis/rounds/{round_.pk}/close/",
            f"/office/diagnosis/problems/{problem.pk}/join/",
            f"/office/diagnosis/problems/{problem.pk}/agenda/",
        ],
    }


def test_another_networks_staff_get_404_everywhere(client_for, outsider, world):
    urls = _urls(*world)
    client = client_for(outsider)
    for url in urls["rounds"] + urls["problems"] + urls["reports"]:
        assert client.get(url).status_code == 404, url
    for url in urls["posts"]:
        assert client.post(url).status_code == 404, url
    for url in ("/office/n/east-gilan/diagnosis/", "/office/n/east-gilan/diagnosis/problems/"):
        assert client.get(url).status_code == 404, url
    round_, _problem, _report = world
    round_.refresh_from_db()
    assert round_.is_open


def test_a_manager_gets_404(client_for, lahijan_manager, world):
    urls = _urls(*world)
    client = client_for(lahijan_manager)
    for url in urls["rounds"] + urls["problems"] + urls["reports"]:
        assert client.get(url).status_code == 404, url


def test_the_observer_reads_issued_reports_only(client_for, observer, world):
    urls = _urls(*world)
    client = client_for(observer)
    for url in urls["rounds"] + urls["problems"]:
        assert client.get(url).status_code == 404, url
    for url in urls["reports"]:
        assert client.get(url).status_code == 200, url
    assert client.post(urls["posts"][0]).status_code == 404
    assert client.get("/office/n/east-gilan/diagnosis/").status_code == 200
    assert client.get("/office/n/east-gilan/diagnosis/issue/").status_code == 404


def test_a_member_sees_its_own_part_only(client_for, rudsar_head, world):
    round_, problem, report = world
    client = client_for(rudsar_head)
    assert client.get(f"/office/diagnosis/rounds/{round_.pk}/answer/").status_code == 200
    assert client.get(f"/office/diagnosis/rounds/{round_.pk}/m/rudsar/").status_code == 200
    assert client.get(f"/office/diagnosis/rounds/{round_.pk}/m/kelachay/").status_code == 404
    assert client.get(f"/office/diagnosis/reports/{report.pk}/m/rudsar/").status_code == 200
    assert client.get(f"/office/diagnosis/reports/{report.pk}/m/kelachay/").status_code == 404
    network_page = client.get(f"/office/diagnosis/reports/{report.pk}/").content.decode()
    assert "کلاچای" not in network_page  # the aggregates, not another member's column
    # Its downloads are its own part, never the side-by-side of all members.
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(
        BytesIO(client.get(f"/office/diagnosis/reports/{report.pk}/xlsx/").content)
    )
    assert [r[0] for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)] == ["رودسر"]
    # Writing is the secretariat's.
    assert client.post(f"/office/diagnosis/rounds/{round_.pk}/close/").status_code == 403
    assert client.post(f"/office/diagnosis/problems/{problem.pk}/agenda/").status_code == 403
    assert client.get("/office/n/east-gilan/diagnosis/issue/").status_code == 403
    assert (
        client.post("/office/n/east-gilan/diagnosis/rounds/new/", {"quarter": "x"}).status_code
        == 403
    )


def test_the_secretariat_reaches_every_member(client_for, lahijan_head, world):
    round_, problem, report = world
    client = client_for(lahijan_head)
    for url in (
        f"/office/diagnosis/rounds/{round_.pk}/",
        f"/office/diagnosis/rounds/{round_.pk}/m/kelachay/",
        f"/office/diagnosis/reports/{report.pk}/m/kelachay/",
        f"/office/diagnosis/problems/{problem.pk}/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/office/diagnosis/rounds/{round_.pk}/m/astara/").status_code == 404
    assert client.get("/office/diagnosis/rounds/999999/").status_code == 404
    assert client.get("/office/diagnosis/reports/999999/").status_code == 404
    assert client.get("/office/diagnosis/problems/999999/").status_code == 404


def test_removing_a_question_is_the_secretariats_of_that_network(
    client_for, outsider, rudsar_head, lahijan_head, east_gilan, world
):
    from ravabet.diagnosis.models import Questionnaire

    question = Questionnaire.objects.get(network=east_gilan).questions.first()
    assert question is not None
    url = f"/office/n/east-gilan/diagnosis/questionnaire/{question.pk}/remove/"
    assert client_for(outsider).post(url).status_code == 404
    assert client_for(rudsar_head).post(url).status_code == 403
    west = Questionnaire.objects.create(
        network=outsider.memberships.get().municipality.networks.get(), version=1
    )
    foreign = west.questions.create(area="budget", text="x")
    other = f"/office/n/east-gilan/diagnosis/questionnaire/{foreign.pk}/remove/"
    assert client_for(lahijan_head).post(other).status_code == 404
    assert client_for(lahijan_head).post(url).status_code == 302
    # The round pinned version 1: the removal made version 2, version 1 keeps the question.
    assert question.__class__.objects.filter(pk=question.pk).exists()
    assert Questionnaire.objects.filter(network=east_gilan).count() == 2
