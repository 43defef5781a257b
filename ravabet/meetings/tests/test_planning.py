import datetime as dt

import pytest
from django.utils import timezone

from ravabet.lib.jalali import JalaliQuarter, format_numeric_datetime
from ravabet.meetings import actions
from ravabet.meetings.models import AgendaKind, Meeting, MeetingStatus

from .conftest import in_days


def test_a_meeting_in_the_past_is_refused(client_for, lahijan_head):
    response = client_for(lahijan_head).post(
        "/office/meetings/n/east-gilan/new/",
        {
            "title": "نشست",
            "starts_at": format_numeric_datetime(in_days(-1)),
            "duration_minutes": 60,
            "place": "لاهیجان",
            "reminder_days": 2,
        },
    )
    assert response.status_code == 200
    assert "نمی‌توان" in response.content.decode() or "past" in response.content.decode()
    assert not Meeting.objects.exists()
    # What they typed is still in the form.
    assert "لاهیجان" in response.content.decode()


def test_plan_next_quarterly_proposes_a_date_in_the_next_quarter(client_for, lahijan_head, held):
    response = client_for(lahijan_head).get("/office/meetings/n/east-gilan/new/?quarterly=1")
    assert response.status_code == 200
    form = response.context["form"]
    proposed = form.initial["starts_at"]
    expected = JalaliQuarter.of(held.starts_at).next()
    assert expected.contains(proposed)
    assert proposed > timezone.now()


def test_plan_next_quarterly_copies_standing_agenda_and_carries_open_resolutions(
    client_for, lahijan_head, held, rudsar_resolution
):
    client = client_for(lahijan_head)
    initial = client.get("/office/meetings/n/east-gilan/new/?quarterly=1").context["form"].initial
    response = client.post(
        "/office/meetings/n/east-gilan/new/",
        {
            "quarterly": "1",
            "title": initial["title"],
            "starts_at": format_numeric_datetime(initial["starts_at"]),
            "duration_minutes": 120,
            "place": initial["place"],
            "reminder_days": 2,
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.exclude(pk=held.pk).get()
    assert meeting.is_quarterly and meeting.status == MeetingStatus.PLANNED
    kinds = list(meeting.agenda.values_list("kind", flat=True))
    assert AgendaKind.REVIEW in kinds
    carried = meeting.agenda.filter(kind=AgendaKind.FOLLOW_UP)
    assert {i.resolution_id for i in carried} == set(held.resolutions.values_list("pk", flat=True))
    # Carried right after the review item, the agenda numbered 1…n without gaps.
    order = list(meeting.agenda.values_list("kind", "position"))
    assert [position for _kind, position in order] == list(range(1, len(order) + 1))
    kinds_in_order = [kind for kind, _position in order]
    start = kinds_in_order.index(AgendaKind.REVIEW) + 1
    assert (
        kinds_in_order[start : start + carried.count()] == [AgendaKind.FOLLOW_UP] * carried.count()
    )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert rudsar_resolution.text in page


def test_a_resolution_recorded_later_reaches_an_already_planned_meeting(held, planned, rudsar):
    before = planned.agenda.filter(kind=AgendaKind.FOLLOW_UP).count()
    from ravabet.meetings.models import OwnerKind, Resolution

    actions.create_resolution(
        Resolution(
            meeting=held,
            text="مصوبه تازه",
            owner_kind=OwnerKind.MUNICIPALITY,
            owner_municipality=rudsar,
            deadline=timezone.localdate() + dt.timedelta(days=3),
        )
    )
    assert planned.agenda.filter(kind=AgendaKind.FOLLOW_UP).count() == before + 1


def test_done_resolutions_are_not_carried(held, lahijan_head, rudsar_resolution):
    actions.close_resolution(rudsar_resolution, "done")
    meeting = actions.plan_meeting(
        Meeting(network=held.network, title="بعدی", starts_at=in_days(40), place="x"),
        lahijan_head,
        quarterly=True,
    )
    carried = set(
        meeting.agenda.filter(kind=AgendaKind.FOLLOW_UP).values_list("resolution", flat=True)
    )
    assert rudsar_resolution.pk not in carried
    assert len(carried) == 1


def test_quarters_without_a_meeting(east_gilan, held):
    year = JalaliQuarter.current().year
    missing = actions.network_quarters_without_meeting(east_gilan, year)
    if held.quarter_year == year:
        assert held.quarter not in missing
    assert len(missing) >= 3


def test_changing_the_time_raises_the_sequence(client_for, lahijan_head, planned):
    assert planned.sequence == 0
    response = client_for(lahijan_head).post(
        f"/office/meetings/{planned.pk}/edit/",
        {
            "title": planned.title,
            "starts_at": format_numeric_datetime(in_days(12)),
            "duration_minutes": planned.duration_minutes,
            "place": planned.place,
            "reminder_days": 2,
        },
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.sequence == 1
    # The title alone does not.
    client_for(lahijan_head).post(
        f"/office/meetings/{planned.pk}/edit/",
        {
            "title": "عنوان تازه",
            "starts_at": format_numeric_datetime(planned.starts_at),
            "duration_minutes": planned.duration_minutes,
            "place": planned.place,
            "reminder_days": 2,
        },
    )
    planned.refresh_from_db()
    assert (planned.title, planned.sequence) == ("عنوان تازه", 1)


def test_cancel_needs_a_reason(client_for, lahijan_head, planned):
    client = client_for(lahijan_head)
    assert client.post(f"/office/meetings/{planned.pk}/cancel/", {"reason": ""}).status_code == 200
    planned.refresh_from_db()
    assert planned.status == MeetingStatus.PLANNED
    client.post(f"/office/meetings/{planned.pk}/cancel/", {"reason": "هم‌زمانی با جلسه استانداری"})
    planned.refresh_from_db()
    assert planned.status == MeetingStatus.CANCELLED


@pytest.mark.django_db
def test_the_list_page_does_not_grow_queries_with_meetings(
    client_for, lahijan_head, django_assert_max_num_queries
):
    client = client_for(lahijan_head)
    for n in range(6):
        actions.plan_meeting(
            Meeting(
                network_id=lahijan_head.memberships.get(role="secretariat").network_id,
                title=f"m{n}",
                starts_at=in_days(n + 1),
                place="x",
            ),
            lahijan_head,
        )
    with django_assert_max_num_queries(15):
        assert client.get("/office/meetings/n/east-gilan/").status_code == 200
