"""Issue 11: every view added for 3.5, 3.6 and 3.14, tried by someone outside the network
(404), by someone who may only read (403), and by nobody logged in (the login page)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ravabet.meetings import actions
from ravabet.meetings.models import MinutesComment, ResolutionStatus


@pytest.fixture
def targets(held, planned, rudsar_resolution, rudsar_head):  # type: ignore[no-untyped-def]
    rudsar_resolution.deadline = timezone.localdate() - dt.timedelta(days=3)
    rudsar_resolution.save(update_fields=["deadline"])
    comment = actions.add_comment(held, rudsar_head, "نام رودبنه جا افتاده", asks_change=True)
    actions.invite_members(planned)
    return {
        "planned": planned.pk,
        "item": planned.agenda.first().pk,
        "resolution": rudsar_resolution.pk,
        "comment": comment.pk,
    }


WRITES = [
    "/office/meetings/items/{item}/move/",
    "/office/meetings/comments/{comment}/settle/",
    "/office/resolutions/{resolution}/remind/",
    "/office/resolutions/{resolution}/deadline/",
]
EXTEND = "/office/resolutions/{resolution}/deadline/"
READS = [
    "/office/meetings/{planned}/meeting.ics",
]
ALL_POSTS = [*WRITES, "/office/meetings/{planned}/rsvp/"]
DATA = {"direction": "up", "answer": "yes", "deadline": "1410/01/01", "reason": "x"}


def _state(targets):  # type: ignore[no-untyped-def]
    from ravabet.meetings.models import AgendaItem, Invitation, OwnerReminder, Resolution

    return (
        list(AgendaItem.objects.order_by("pk").values_list("position", flat=True)),
        MinutesComment.objects.get(pk=targets["comment"]).settled_at,
        OwnerReminder.objects.count(),
        Resolution.objects.get(pk=targets["resolution"]).deadline,
        list(Invitation.objects.order_by("pk").values_list("rsvp", flat=True)),
    )


def test_outsiders_get_404_and_change_nothing(client_for, outsider, targets):
    client = client_for(outsider)
    before = _state(targets)
    for url in [*READS, EXTEND]:
        assert client.get(url.format(**targets)).status_code == 404, url
    for url in ALL_POSTS:
        assert client.post(url.format(**targets), DATA).status_code == 404, url
    assert _state(targets) == before


def test_readers_get_403_and_change_nothing(client_for, observer, rudsar_head, targets):
    before = _state(targets)
    for user in (observer, rudsar_head):
        client = client_for(user)
        assert (
            client.get("/office/resolutions/{resolution}/deadline/".format(**targets)).status_code
            == 403
        )
        for url in WRITES:
            assert client.post(url.format(**targets), DATA).status_code == 403, (user, url)
    # The observer is not invited: no answer of theirs to record.
    assert (
        client_for(observer).post(f"/office/meetings/{targets['planned']}/rsvp/", DATA).status_code
        == 403
    )
    assert _state(targets) == before


def test_anonymous_is_sent_to_login(citizen, targets):
    for url in READS + ALL_POSTS:
        response = (
            citizen.post(url.format(**targets), DATA)
            if url in ALL_POSTS
            else citizen.get(url.format(**targets))
        )
        assert response.status_code == 302, url
        assert "/login" in response["Location"], url


def test_readers_download_the_calendar_file(client_for, observer, targets):
    response = client_for(observer).get("/office/meetings/{planned}/meeting.ics".format(**targets))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")


def test_a_closed_resolution_offers_no_extension(client_for, lahijan_head, rudsar_resolution):
    actions.close_resolution(rudsar_resolution, ResolutionStatus.DONE)
    response = client_for(lahijan_head).post(
        f"/office/resolutions/{rudsar_resolution.pk}/deadline/",
        {"deadline": "1499/01/01", "reason": "دیر"},
    )
    assert response.status_code == 400
    rudsar_resolution.refresh_from_db()
    assert not rudsar_resolution.deadline_changes.exists()
