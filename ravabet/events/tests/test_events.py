"""Planning an event from the office's pages: prefill from the occasions calendar, bad
input, warnings for Fridays, holidays and mourning days, statuses, Jalali recurrence."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ravabet.events import actions, recurrence
from ravabet.events.models import Event, Kind, Rule, Status
from ravabet.events.tests.conftest import make_event, working_day_after
from ravabet.events.warnings import date_warnings
from ravabet.lib import jalali
from ravabet.officialcalendar.curated import is_mourning
from ravabet.officialcalendar.official import OfficialCalendar
from ravabet.outbox.models import Send


def form(day: str, **extra: str) -> dict[str, str]:
    return {
        "kind": "press_conference",
        "title": "نشست خبری روز خبرنگار",
        "status": "planned",
        "start_date": day,
        "end_date": "",
        "start_time": "۱۰:۰۰",
        "end_time": "11:30",
        "place": "سالن شهرداری رودسر",
        "organiser": "روابط عمومی",
        "audience": "خبرنگاران",
        "is_public": "on",
        **extra,
    }


def coming(predicate) -> dt.date:  # type: ignore[no-untyped-def]
    """The first day of the coming year with an occasion that satisfies ``predicate``."""
    start = timezone.localdate() + dt.timedelta(days=3)
    calendar = OfficialCalendar.nationwide()
    for occasion in calendar.occasions(start, start + dt.timedelta(days=400)):
        if predicate(occasion) and occasion.date.weekday() != 4:
            return occasion.date
    raise AssertionError("no such day in a year")


def test_the_new_event_page_takes_the_date_and_occasion_from_the_link(client_for, rudsar_head):
    page = client_for(rudsar_head).get(
        "/office/m/rudsar/events/new/?date=2027-08-08&occasion=روز خبرنگار"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="1406/05/17"' in html
    assert 'value="روز خبرنگار"' in html


def test_a_broken_date_in_the_link_is_said_not_fatal(client_for, rudsar_head):
    page = client_for(rudsar_head).get("/office/m/rudsar/events/new/?date=2027-02-30")
    assert page.status_code == 200
    assert "not a date" in page.content.decode()


def test_planning_saves_the_event_with_its_tehran_times(client_for, rudsar, rudsar_head):
    day = working_day_after(20)
    response = client_for(rudsar_head).post(
        "/office/m/rudsar/events/new/", form(jalali.format_numeric(day))
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get()
    assert event.municipality == rudsar and event.start_date == event.end_date == day
    assert timezone.localtime(event.starts_at, jalali.TEHRAN).hour == 10
    assert event.ends_at - event.starts_at == dt.timedelta(minutes=90)
    assert event.tasks.count() == 5 and event.created_by == rudsar_head


def test_an_all_day_event_keeps_its_days(rudsar, rudsar_head):
    day = working_day_after(20)
    event = make_event(rudsar, rudsar_head, day=day, time=None)
    assert event.all_day and event.start_date == day
    assert timezone.localtime(event.starts_at, jalali.TEHRAN).date() == day


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_date": "1405/01/01"}, "end_date", "cannot end before it starts"),
        ({"start_time": "12:00", "end_time": "09:00"}, "end_time", "cannot end before it starts"),
        ({"start_date": "1404/12/30"}, "start_date", "Day must be between 1 and 29"),
        ({"start_date": "1405/13/01"}, "start_date", "Month must be between 1 and 12"),
        ({"start_time": "", "end_time": "10:00"}, "start_time", "start time too"),
        ({"start_time": "25:00"}, "start_time", "Enter a time"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_kept(
    client_for, rudsar_head, changes, field, message
):
    data = form(jalali.format_numeric(working_day_after(20)), **changes)
    response = client_for(rudsar_head).post("/office/m/rudsar/events/new/", data)
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    assert "نشست خبری روز خبرنگار" in response.content.decode()  # what was typed stays
    assert not Event.objects.exists()


def test_the_messages_are_persian_for_a_persian_reader(client_for, rudsar_head):
    data = form("1405/03/10", end_date="1405/03/01")
    response = client_for(rudsar_head, "fa").post("/office/m/rudsar/events/new/", data)
    assert response.status_code == 400
    assert "رویداد نمی‌تواند پیش از آغازش تمام شود" in response.content.decode()


def test_a_friday_is_a_warning_and_saving_anyway_saves(client_for, rudsar_head):
    friday = timezone.localdate() + dt.timedelta(days=30)
    while friday.weekday() != 4:
        friday += dt.timedelta(days=1)
    c = client_for(rudsar_head)
    first = c.post("/office/m/rudsar/events/new/", form(jalali.format_numeric(friday)))
    assert first.status_code == 200
    assert "is a Friday" in first.content.decode()
    assert not Event.objects.exists()
    confirm = first.context["confirm"]
    second = c.post(
        "/office/m/rudsar/events/new/", form(jalali.format_numeric(friday), confirm=confirm)
    )
    assert second.status_code == 302 and Event.objects.count() == 1


def test_an_official_holiday_is_named(rudsar):
    day = coming(lambda o: o.holiday and not is_mourning(o))
    warnings = date_warnings(rudsar, day, Kind.PRESS_CONFERENCE)
    assert any("official holiday" in w for w in warnings), warnings


def test_a_celebration_on_a_mourning_day_is_warned_naming_the_day(rudsar):
    day = coming(lambda o: "عاشورا" in o.title)
    warnings = date_warnings(rudsar, day, Kind.CEREMONY)
    mourning = [w for w in warnings if "mourning" in w]
    assert (
        mourning
        and "عاشورا" in mourning[0]
        and jalali.format_date(day, weekday=True) in mourning[0]
    )
    # A press conference is not a celebration: the holiday is said, the mourning not.
    assert not [w for w in date_warnings(rudsar, day, Kind.PRESS_CONFERENCE) if "mourning" in w]


def test_a_jalali_anniversary_of_a_martyrdom_is_not_a_mourning_day(rudsar):
    # 12 Ordibehesht: "martyrdom of Morteza Motahhari", Teachers' Day; no mourning.
    day = jalali.from_jalali(1406, 2, 12)
    assert not [w for w in date_warnings(rudsar, day, Kind.CEREMONY) if "mourning" in w]


def test_statuses_move_in_order_and_postponing_needs_a_reason(rudsar, rudsar_head):
    event = make_event(rudsar, rudsar_head)
    with pytest.raises(actions.EventError):
        actions.change_status(event, Status.REPORTED, "", rudsar_head)
    with pytest.raises(actions.EventError):
        actions.change_status(event, Status.POSTPONED, "  ", rudsar_head)
    actions.change_status(event, Status.POSTPONED, "هم‌زمانی با جلسه شورا", rudsar_head)
    event.refresh_from_db()
    assert event.status == Status.POSTPONED and event.status_reason
    actions.change_status(event, Status.PLANNED, "", rudsar_head)
    actions.change_status(event, Status.CONFIRMED, "", rudsar_head)
    actions.change_status(event, Status.HELD, "", rudsar_head)
    actions.record_report(event, attendance=40, report="برگزار شد", photos_link="", by=rudsar_head)
    assert event.status == Status.REPORTED


def test_cancelling_without_a_reason_through_the_page_changes_nothing(
    client_for, rudsar, rudsar_head
):
    event = make_event(rudsar, rudsar_head)
    response = client_for(rudsar_head).post(
        f"/office/events/{event.pk}/status/", {"status": "cancelled", "reason": ""}
    )
    assert response.status_code == 400
    assert "Say why" in response.content.decode()
    event.refresh_from_db()
    assert event.status == Status.PLANNED


def test_cancelling_tells_everyone_invited(
    rudsar, rudsar_head, journalists, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    event = make_event(rudsar, rudsar_head)
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite_journalists(event, journalists[:2], "http://testserver")
    run_tasks()
    assert len(smtp_server.messages) == 2
    with django_capture_on_commit_callbacks(execute=True):
        actions.change_status(event, Status.CANCELLED, "بیماری شهردار", rudsar_head)
    run_tasks()
    notices = smtp_server.messages[2:]
    assert len(notices) == 2
    assert all("بیماری شهردار" in m.get_content() for m in notices)
    assert Send.objects.filter(key__startswith="event-notice:").count() == 2


def test_yearly_on_27_ordibehesht_expands_to_each_jalali_year(rudsar, rudsar_head):
    first = jalali.from_jalali(1406, 2, 27)
    event = Event(municipality=rudsar, kind=Kind.CEREMONY, title="روز روابط عمومی", is_public=True)
    event.set_days(first, first, dt.time(9), dt.time(12))
    actions.create_event(
        event, rudsar_head, repeat=Rule.YEARLY, until=jalali.from_jalali(1409, 12, 1)
    )
    days = list(Event.objects.order_by("start_date").values_list("start_date", flat=True))
    assert [jalali.to_jalali(d) for d in days] == [(y, 2, 27) for y in (1406, 1407, 1408, 1409)]
    assert all(e.tasks.count() == 5 for e in Event.objects.all())


def test_the_first_saturday_of_every_jalali_month(rudsar, rudsar_head):
    first = recurrence.nth_weekday(1406, 1, 0, 1)
    assert first is not None
    event = Event(municipality=rudsar, kind=Kind.VISIT, title="بازدید ماهانه")
    event.set_days(first, first)
    actions.create_event(
        event, rudsar_head, repeat=Rule.MONTHLY_WEEKDAY, until=jalali.from_jalali(1406, 12, 29)
    )
    days = list(Event.objects.order_by("start_date").values_list("start_date", flat=True))
    assert len(days) == 12
    for day in days:
        _y, _m, d = jalali.to_jalali(day)
        assert day.weekday() == 5 and d <= 7, day  # a Saturday in the month's first week


def test_one_occurrence_moves_or_is_cancelled_alone(client_for, rudsar, rudsar_head):
    first = jalali.from_jalali(1406, 2, 27)
    event = Event(municipality=rudsar, kind=Kind.CEREMONY, title="روز روابط عمومی", is_public=True)
    event.set_days(first, first)
    actions.create_event(
        event, rudsar_head, repeat=Rule.YEARLY, until=jalali.from_jalali(1408, 3, 1)
    )
    second, third = Event.objects.order_by("start_date")[1:3]
    data = {
        "kind": "ceremony",
        "title": second.title,
        "start_date": "1407/02/28",
        "end_date": "",
        "start_time": "",
        "end_time": "",
        "place": "",
        "organiser": "",
        "audience": "",
        "is_public": "on",
        "description": "",
        "confirm": "2028-05-17:2028-05-17:ceremony",
    }
    response = client_for(rudsar_head).post(f"/office/events/{second.pk}/edit/", data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:  # a warning about the day: save anyway
        data["confirm"] = response.context["confirm"]
        response = client_for(rudsar_head).post(f"/office/events/{second.pk}/edit/", data)
    assert response.status_code == 302
    second.refresh_from_db()
    assert jalali.to_jalali(second.start_date) == (1407, 2, 28) and second.is_moved
    actions.change_status(third, Status.CANCELLED, "تداخل با انتخابات", rudsar_head)
    statuses = list(Event.objects.order_by("start_date").values_list("status", flat=True))
    assert statuses == ["planned", "planned", "cancelled"]
    assert jalali.to_jalali(Event.objects.order_by("start_date")[0].start_date) == (1406, 2, 27)


def test_the_whole_series_is_edited_from_one_occurrence(
    client_for, rudsar, rudsar_head, lahijan_head
):
    """Issue 12: "this and every later occurrence" carries the title, place and times to the
    later occurrences (each keeps its own day); earlier, cancelled and held ones stay."""
    first = recurrence.nth_weekday(1406, 1, 0, 1)
    assert first is not None
    event = Event(municipality=rudsar, kind=Kind.VISIT, title="بازدید ماهانه", place="بازار")
    event.set_days(first, first, dt.time(9), dt.time(10))
    actions.create_event(
        event, rudsar_head, repeat=Rule.MONTHLY_WEEKDAY, until=jalali.from_jalali(1406, 6, 31)
    )
    occurrences = list(Event.objects.order_by("start_date"))
    assert len(occurrences) == 6
    earlier, edited, cancelled, *rest = occurrences
    actions.change_status(cancelled, Status.CANCELLED, "تعطیلی", rudsar_head)
    days = {e.pk: (e.start_date, e.end_date) for e in occurrences}
    url = f"/office/events/{edited.pk}/edit/"
    page = client_for(rudsar_head).get(url).content.decode()
    assert 'name="scope"' in page and "This and every later occurrence" in page
    data = {
        "kind": "visit",
        "title": "بازدید ماهانه از محله‌ها",
        "start_date": "{}/{:02d}/{:02d}".format(*jalali.to_jalali(edited.start_date)),
        "end_date": "",
        "start_time": "۱۶:۰۰",
        "end_time": "17:30",
        "place": "سرای محله",
        "organiser": "",
        "audience": "",
        "description": "",
        "scope": "following",
    }
    assert client_for(lahijan_head).post(url, data).status_code == 404
    response = client_for(rudsar_head).post(url, data)
    if response.status_code == 200:  # a warning about the day: save anyway
        data["confirm"] = response.context["confirm"]
        response = client_for(rudsar_head).post(url, data)
    assert response.status_code == 302
    for e in Event.objects.all():
        assert (e.start_date, e.end_date) == days[e.pk]  # every one keeps its own day
    changed = Event.objects.filter(pk__in=[edited.pk, *[r.pk for r in rest]])
    for e in changed:
        assert (e.title, e.place, e.start_time, e.end_time, e.is_public) == (
            "بازدید ماهانه از محله‌ها",
            "سرای محله",
            dt.time(16),
            dt.time(17, 30),
            False,
        )
    assert all(e.sequence == 1 for e in changed)
    for untouched in (earlier, cancelled):
        untouched.refresh_from_db()
        assert untouched.title == "بازدید ماهانه" and untouched.start_time == dt.time(9)
    # "This occurrence only" leaves the others.
    data.update(scope="this", title="فقط این یکی")
    response = client_for(rudsar_head).post(
        f"/office/events/{rest[0].pk}/edit/",
        data
        | {
            "start_date": "{}/{:02d}/{:02d}".format(*jalali.to_jalali(rest[0].start_date)),
        },
    )
    if response.status_code == 200:
        data["confirm"] = response.context["confirm"]
        response = client_for(rudsar_head).post(
            f"/office/events/{rest[0].pk}/edit/",
            data
            | {
                "start_date": "{}/{:02d}/{:02d}".format(*jalali.to_jalali(rest[0].start_date)),
            },
        )
    assert response.status_code == 302
    assert Event.objects.filter(title="فقط این یکی").count() == 1
