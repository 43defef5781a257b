"""The problem register: one problem however many members report it, followed up with
resolutions, and put on the next quarterly meeting's agenda."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ravabet.diagnosis.models import Problem, ProblemReport
from ravabet.meetings import actions as meeting_actions
from ravabet.meetings.models import AgendaItem, Meeting, OwnerKind, Resolution

pytestmark = pytest.mark.django_db

REGISTER = "/office/n/east-gilan/diagnosis/problems/"


def _raise(client, title: str = "کمبود بودجه برای تجهیزات عکاسی"):  # type: ignore[no-untyped-def]
    return client.post(
        REGISTER, {"category": "budget", "title": title, "severity": "high", "description": ""}
    )


def test_two_members_raising_the_same_problem_make_one_entry(
    client_for, rudsar_head, shalman_head, lahijan_head
):
    assert _raise(client_for(rudsar_head)).status_code == 302
    # Written with an Arabic yeh and extra spaces: the same problem.
    assert _raise(client_for(shalman_head), "كمبود  بودجه برای تجهیزات عکاسی").status_code == 302
    problem = Problem.objects.get()
    assert problem.reports.count() == 2
    page = client_for(lahijan_head).get(REGISTER).content.decode()
    assert 'data-testid="members-count">۲<' in page
    # The same office again: still one report.
    again = client_for(rudsar_head)
    _raise(again)
    assert ProblemReport.objects.count() == 2


def test_bad_problems_are_refused(client_for, rudsar_head):
    member = client_for(rudsar_head)
    assert (
        member.post(REGISTER, {"category": "nope", "title": "x", "severity": "low"}).status_code
        == 200
    )
    assert (
        member.post(REGISTER, {"category": "budget", "title": "   ", "severity": "low"}).status_code
        == 200
    )
    assert member.post(
        REGISTER, {"category": "budget", "title": "a\x00b", "severity": "low"}
    ).status_code in (200, 400)
    assert not Problem.objects.exists()


def test_only_a_members_office_raises_and_only_the_secretariat_follows_up(
    client_for, rudsar_head, observer, lahijan_head, lahijan_manager
):
    _raise(client_for(rudsar_head))
    problem = Problem.objects.get()
    assert client_for(observer).get(REGISTER).status_code == 404
    assert client_for(lahijan_manager).get(REGISTER).status_code == 404
    refused = client_for(rudsar_head).post(
        problem.get_absolute_url(), {"status": "resolved", "severity": "low"}
    )
    assert refused.status_code == 403
    problem.refresh_from_db()
    assert problem.status == "open"


def test_the_secretariat_links_resolutions_and_puts_it_on_the_agenda(
    client_for, east_gilan, lahijan_head, rudsar_head, rudsar
):
    _raise(client_for(rudsar_head))
    problem = Problem.objects.get()
    secretariat = client_for(lahijan_head)
    no_meeting = secretariat.post(f"/office/diagnosis/problems/{problem.pk}/agenda/", follow=True)
    assert (
        "quarterly meeting" in no_meeting.content.decode() or "نشست" in no_meeting.content.decode()
    )

    start = timezone.now() + dt.timedelta(days=20)
    meeting = meeting_actions.plan_meeting(
        Meeting(network=east_gilan, title="نشست فصلی بعدی", starts_at=start),
        lahijan_head,
        quarterly=True,
    )
    resolution = Resolution.objects.create(
        meeting=meeting,
        text="تأمین دوربین مشترک برای اعضا",
        owner_kind=OwnerKind.SECRETARIAT,
        deadline=timezone.localdate() + dt.timedelta(days=40),
    )
    secretariat.post(
        problem.get_absolute_url(),
        {
            "status": "in_progress",
            "severity": "high",
            "owner": lahijan_head.pk,
            "resolutions": [resolution.pk],
        },
    )
    problem.refresh_from_db()
    assert problem.status == "in_progress" and list(problem.resolutions.all()) == [resolution]

    secretariat.post(f"/office/diagnosis/problems/{problem.pk}/agenda/")
    item = AgendaItem.objects.get(meeting=meeting, title__contains="کمبود بودجه")
    problem.refresh_from_db()
    assert problem.agenda_item == item
    twice = secretariat.post(f"/office/diagnosis/problems/{problem.pk}/agenda/", follow=True)
    assert AgendaItem.objects.filter(title__contains="کمبود بودجه").count() == 1
    assert twice.status_code == 200
    register = secretariat.get(REGISTER).content.decode()
    assert "تأمین دوربین مشترک" in register and "نشست فصلی بعدی" in register


def test_a_member_sees_the_count_not_the_other_members(
    client_for, rudsar_head, shalman_head, shalman
):
    _raise(client_for(shalman_head))
    problem = Problem.objects.get()
    page = client_for(rudsar_head).get(problem.get_absolute_url()).content.decode()
    assert "شلمان" not in page
    joined = client_for(rudsar_head).post(f"/office/diagnosis/problems/{problem.pk}/join/")
    assert joined.status_code == 302 and problem.reports.count() == 2
