"""Every meetings URL that takes an id or a slug, tried by someone outside the network."""

import pytest

from ravabet.meetings.models import AgendaItem, Meeting, Resolution


@pytest.fixture
def targets(held, rudsar_resolution, own_meeting):  # type: ignore[no-untyped-def]
    item = held.agenda.first()
    return {"meeting": held.pk, "item": item.pk, "resolution": rudsar_resolution.pk}


GETS = [
    "/office/meetings/{meeting}/news.txt",
    "/office/meetings/n/east-gilan/board.xlsx",
    "/office/meetings/n/east-gilan/new/",
    "/office/meetings/{meeting}/edit/",
]
POSTS = [
    "/office/meetings/{meeting}/edit/",
    "/office/meetings/{meeting}/cancel/",
    "/office/meetings/{meeting}/agenda/",
    "/office/meetings/{meeting}/invite-members/",
    "/office/meetings/{meeting}/guests/",
    "/office/meetings/{meeting}/send/",
    "/office/meetings/{meeting}/attendance/",
    "/office/meetings/{meeting}/attachments/",
    "/office/meetings/{meeting}/held/",
    "/office/meetings/{meeting}/comments/",
    "/office/meetings/{meeting}/approve/",
    "/office/meetings/{meeting}/resolutions/",
    "/office/meetings/items/{item}/decide/",
    "/office/meetings/items/{item}/minutes/",
    "/office/meetings/items/{item}/statements/",
    "/office/resolutions/{resolution}/status/",
    "/office/meetings/n/east-gilan/new/",
]


def _state() -> tuple[object, ...]:
    return (
        Meeting.objects.count(),
        AgendaItem.objects.count(),
        Resolution.objects.count(),
        *Meeting.objects.order_by("pk").values_list("status", flat=True),
    )


def test_outsiders_get_404_everywhere_and_change_nothing(client_for, outsider, targets):
    client = client_for(outsider)
    for url in GETS:
        assert client.get(url.format(**targets)).status_code == 404, url
    before = _state()
    for url in POSTS:
        response = client.post(
            url.format(**targets),
            {"title": "x", "text": "x", "status": "done", "decision": "accept", "item": "x"},
        )
        assert response.status_code == 404, url
    assert _state() == before


def test_a_member_does_not_reach_another_members_own_meeting(client_for, lahijan_head, own_meeting):
    client = client_for(lahijan_head)
    assert client.get(f"/office/meetings/{own_meeting.pk}/").status_code == 404
    assert (
        client.post(f"/office/meetings/{own_meeting.pk}/cancel/", {"reason": "x"}).status_code
        == 404
    )
    assert client.get("/office/meetings/m/rudsar/new/").status_code == 404


def test_a_resolution_with_a_non_numeric_agenda_item_is_no_error(client_for, lahijan_head, held):
    response = client_for(lahijan_head).post(
        f"/office/meetings/{held.pk}/resolutions/",
        {"text": "مصوبه", "owner_kind": "secretariat", "item": "not-a-number"},
    )
    assert response.status_code in (200, 302)
