"""Who reaches which meeting and resolution: each rule of the issue's Roles section."""

import pytest

from ravabet.meetings.models import AgendaStatus, Meeting

READ_URLS = [
    "/office/meetings/{m}/",
    "/office/meetings/{m}/attendance/",
]


@pytest.mark.parametrize("url", READ_URLS)
def test_nobody_outside_the_network_sees_its_meetings(client_for, outsider, planned, url):
    assert client_for(outsider).get(url.format(m=planned.pk)).status_code == 404


def test_outsider_cannot_reach_a_resolution_or_its_outputs(client_for, outsider, rudsar_resolution):
    client = client_for(outsider)
    assert client.get(f"/office/resolutions/{rudsar_resolution.pk}/").status_code == 404
    assert client.get(f"/office/meetings/{rudsar_resolution.meeting_id}/news/").status_code == 404
    assert client.get("/office/meetings/n/east-gilan/").status_code == 404
    assert client.get("/office/meetings/n/east-gilan/board/").status_code == 404


def test_members_and_observers_read_the_network_meetings(
    client_for, rudsar_head, observer, lahijan_manager, planned
):
    for user in (rudsar_head, observer, lahijan_manager):
        response = client_for(user).get(f"/office/meetings/{planned.pk}/")
        assert response.status_code == 200
        assert planned.title in response.content.decode()


def test_anonymous_is_sent_to_login(citizen, planned):
    response = citizen.get(f"/office/meetings/{planned.pk}/")
    assert response.status_code == 302
    assert "/login" in response["Location"]


@pytest.mark.parametrize(
    "path",
    ["edit/", "cancel/", "attendance/", "invite-members/", "send/", "held/", "approve/"],
)
def test_only_the_secretariat_changes_a_network_meeting(
    client_for, observer, rudsar_head, planned, path
):
    for user in (observer, rudsar_head):
        response = client_for(user).post(f"/office/meetings/{planned.pk}/{path}", {})
        assert response.status_code == 403, (user, path)


def test_only_the_secretariat_plans_network_meetings(
    client_for, observer, rudsar_head, lahijan_head
):
    assert client_for(observer).get("/office/meetings/n/east-gilan/new/").status_code == 403
    assert client_for(rudsar_head).get("/office/meetings/n/east-gilan/new/").status_code == 403
    assert client_for(lahijan_head).get("/office/meetings/n/east-gilan/new/").status_code == 200


def test_a_member_pr_head_proposes_and_the_secretariat_decides(
    client_for, rudsar_head, lahijan_head, planned
):
    response = client_for(rudsar_head).post(
        f"/office/meetings/{planned.pk}/agenda/",
        {"title": "گزارش ستاد خبری رودسر", "presenter": "علی نوروزی", "duration_minutes": 10},
    )
    assert response.status_code == 302
    item = planned.agenda.get(title="گزارش ستاد خبری رودسر")
    assert item.status == AgendaStatus.PROPOSED
    assert item.proposed_for is not None and item.proposed_for.slug == "rudsar"
    # The proposer cannot accept it.
    assert (
        client_for(rudsar_head)
        .post(f"/office/meetings/items/{item.pk}/decide/", {"decision": "accept"})
        .status_code
        == 403
    )
    client_for(lahijan_head).post(
        f"/office/meetings/items/{item.pk}/decide/", {"decision": "accept"}
    )
    item.refresh_from_db()
    assert item.status == AgendaStatus.ACCEPTED


def test_an_observer_may_not_propose(client_for, observer, planned):
    response = client_for(observer).post(f"/office/meetings/{planned.pk}/agenda/", {"title": "x"})
    assert response.status_code == 403
    assert not planned.agenda.filter(title="x").exists()


def test_an_office_meeting_is_its_own(
    client_for, own_meeting, rudsar_head, rudsar_reporter, lahijan_head
):
    assert client_for(rudsar_reporter).get(f"/office/meetings/{own_meeting.pk}/").status_code == 200
    # The network's secretariat does not see a member's own meetings.
    assert client_for(lahijan_head).get(f"/office/meetings/{own_meeting.pk}/").status_code == 404
    assert client_for(lahijan_head).get("/office/meetings/m/rudsar/").status_code == 404


def test_a_manager_reads_the_office_meeting_but_does_not_write(
    client_for, lahijan, lahijan_manager, lahijan_head
):
    from ravabet.meetings import actions
    from ravabet.meetings.tests.conftest import in_days

    meeting = actions.plan_meeting(
        Meeting(municipality=lahijan, title="جلسه", starts_at=in_days(3), place="دفتر"),
        lahijan_head,
    )
    client = client_for(lahijan_manager)
    assert client.get(f"/office/meetings/{meeting.pk}/").status_code == 200
    assert client.post(f"/office/meetings/{meeting.pk}/edit/", {}).status_code == 403
    assert client.get("/office/meetings/m/lahijan/new/").status_code == 403


def test_the_office_pr_staff_plan_their_own_meeting(client_for, rudsar_reporter):
    from ravabet.lib.jalali import format_numeric_datetime
    from ravabet.meetings.tests.conftest import in_days

    response = client_for(rudsar_reporter).post(
        "/office/meetings/m/rudsar/new/",
        {
            "title": "جلسه هماهنگی خبری",
            "starts_at": format_numeric_datetime(in_days(4)),
            "duration_minutes": 60,
            "place": "دفتر روابط عمومی",
            "reminder_days": 1,
        },
    )
    assert response.status_code == 302
    assert (
        Meeting.objects.get(title="جلسه هماهنگی خبری").municipality
        == rudsar_reporter.memberships.get().municipality
    )
