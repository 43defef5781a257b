"""Planning makes the checklist; due dates are counted in the office's working days on the
official calendar, and move when the event, a local day off or a lunar correction moves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ravabet.events import actions
from ravabet.events.checklist import Calendars, reference_day, with_due_dates
from ravabet.events.models import Event, Kind, Status, TemplateItem
from ravabet.events.tests.conftest import make_event
from ravabet.lib.jalali import from_jalali
from ravabet.officialcalendar.actions import record_lunar_month
from ravabet.voice.models import Holiday, VoiceSettings
from ravabet.voice.workdays import WorkingWeek

# Wednesday 11 Tir 1410. Rabi al-Awwal 1453 begins (by estimate) on Sunday 1 Tir, so its
# 8th, a day off, is Sunday 8 Tir (29 June 2031); Thursday and Friday are off in Rudsar.
EVENT_DAY = dt.date(2031, 7, 2)


def dues(event: Event) -> dict[str, dt.date]:
    tasks = with_due_dates(list(event.tasks.select_related("event__municipality")))
    return {t.title: t.due for t in tasks}  # type: ignore[misc]


@pytest.fixture
def planned(rudsar, rudsar_head, rudsar_reporter) -> Event:  # type: ignore[no-untyped-def]
    return make_event(rudsar, rudsar_head, day=EVENT_DAY)


def test_planning_makes_the_kinds_checklist_with_owners(planned, rudsar_head, rudsar_reporter):
    tasks = list(planned.tasks.order_by("position"))
    assert [t.title for t in tasks] == [
        "Book the hall",
        "Invite journalists",
        "Prepare the press kit",
        "Book a photographer",
        "Publish a news item",
    ]
    assert [t.offset for t in tasks] == [-10, -5, -2, -2, 1]
    assert tasks[0].owner == rudsar_head and tasks[2].owner == rudsar_reporter


def test_due_dates_are_working_days_before_the_event(planned):
    due = dues(planned)
    # Tue 1 Jul, Mon 30 Jun: two working days back.
    assert due["Prepare the press kit"] == dt.date(2031, 6, 30)
    # …, Sun 29 Jun is a day off, Sat 28, (Fri, Thu off) Wed 25, Tue 24.
    assert due["Invite journalists"] == dt.date(2031, 6, 24)
    # The first working day after: Thursday and Friday off, so Saturday 5 July.
    assert due["Publish a news item"] == dt.date(2031, 7, 5)


def test_a_lunar_correction_moves_the_due_dates_counted_on_it(planned, east_gilan, lahijan_head):
    assert dues(planned)["Prepare the press kit"] == dt.date(2031, 6, 30)
    record_lunar_month(
        east_gilan,
        hijri_year=1453,
        hijri_month=3,
        began_on=dt.date(2031, 6, 23),
        reason="رؤیت هلال یک روز دیرتر",
        by=lahijan_head,
    )
    # 8 Rabi al-Awwal is now Monday 30 June: the press kit is due on Sunday 29.
    assert dues(planned)["Prepare the press kit"] == dt.date(2031, 6, 29)


def test_a_local_day_off_and_thursday_setting_count(planned, rudsar):
    Holiday.objects.create(municipality=rudsar, date=dt.date(2031, 6, 30), name="تعطیلی محلی")
    assert dues(planned)["Prepare the press kit"] == dt.date(2031, 6, 28)
    settings = VoiceSettings.for_municipality(rudsar)
    settings.thursday_off = False
    settings.save()
    # Thursday 3 July now works: the news item is due the day after the event.
    assert dues(planned)["Publish a news item"] == dt.date(2031, 7, 3)


def walked(week: WorkingWeek, event: Event, offset: int) -> dt.date:
    """The count task by task, as it was made before the array of working days: a walk
    from the event's day, one check per day."""
    step = dt.timedelta(days=1 if offset > 0 else -1)
    remaining, current = abs(offset), reference_day(event, offset)
    while remaining:
        current += step
        if week.is_working_day(current):
            remaining -= 1
    return current


def test_the_counted_due_dates_are_the_day_by_day_walks(rudsar, east_gilan, lahijan_head):
    """Events on each of six weeks' days around a lunar day off (two of them over three
    days), every offset a template allows the ends of: the bisected array gives each the
    walk's date, on the calendar as shipped, after a lunar correction, with a local day off
    and with Thursday worked. Counted twice: on the window the tasks need, and on one that
    must widen for every long offset."""
    events = []
    for n in range(-21, 21):
        event = Event(municipality=rudsar, kind=Kind.PRESS_CONFERENCE, title="نشست")
        day = EVENT_DAY + dt.timedelta(days=n)
        event.set_days(day, day + dt.timedelta(days=2 if n % 7 == 0 else 0))
        events.append(event)
    offsets = [-200, -31, -10, -5, -3, -2, -1, 0, 1, 2, 3, 5, 10, 31, 200]

    def both() -> list[dt.date]:
        week = WorkingWeek(
            rudsar, EVENT_DAY - dt.timedelta(days=400), EVENT_DAY + dt.timedelta(days=400)
        )
        walks = [walked(week, e, o) for e in events for o in offsets]
        for reach in (200, 0):
            calendars = Calendars(events, reach)
            assert [calendars.counted(e, o) for e in events for o in offsets] == walks
        return walks

    shipped = both()
    record_lunar_month(
        east_gilan,
        hijri_year=1453,
        hijri_month=3,
        began_on=dt.date(2031, 6, 23),
        reason="رؤیت هلال یک روز دیرتر",
        by=lahijan_head,
    )
    corrected = both()
    Holiday.objects.create(municipality=rudsar, date=dt.date(2031, 7, 1), name="تعطیلی محلی")
    local = both()
    settings = VoiceSettings.for_municipality(rudsar)
    settings.thursday_off = not settings.thursday_off
    settings.save()
    thursday = both()
    # Each change moved some dates: each was counted, not only the calendar as shipped.
    assert shipped != corrected != local != thursday


def test_moving_the_event_moves_the_due_dates(planned):
    before = dues(planned)["Invite journalists"]
    actions.update_event(
        planned,
        start_date=EVENT_DAY + dt.timedelta(days=7),
        end_date=EVENT_DAY + dt.timedelta(days=7),
        start_time=dt.time(10),
        end_time=dt.time(11),
    )
    planned.refresh_from_db()
    assert planned.sequence == 1
    assert dues(planned)["Invite journalists"] > before


def test_an_offset_that_lands_before_today_is_due_today_with_a_message(rudsar, rudsar_head):
    soon = timezone.localdate() + dt.timedelta(days=2)
    event = Event(municipality=rudsar, kind=Kind.PRESS_CONFERENCE, title="نشست فوری")
    event.set_days(soon, soon)
    event, clamped = actions.create_event(event, rudsar_head)
    assert "Book the hall" in [c.task.title for c in clamped]
    assert all("has passed" in c.message for c in clamped)
    assert dues(event)["Book the hall"] == timezone.localdate()


def test_an_idea_has_no_checklist_until_it_is_planned(rudsar, rudsar_head):
    event = make_event(rudsar, rudsar_head, status=Status.IDEA, day=EVENT_DAY)
    assert not event.tasks.exists()
    actions.change_status(event, Status.PLANNED, "", rudsar_head)
    assert event.tasks.count() == 5


def test_the_pr_head_edits_the_template_and_new_events_use_it(
    client_for, rudsar, rudsar_head, rudsar_reporter
):
    page = client_for(rudsar_head).get("/office/m/rudsar/events/checklists/?kind=ceremony")
    assert page.status_code == 200
    assert "Book the venue" in page.content.decode()
    data = {
        "kind": "ceremony",
        "line-TOTAL_FORMS": "2",
        "line-INITIAL_FORMS": "0",
        "line-0-title": "هماهنگی با فرمانداری",
        "line-0-offset": "-۸",
        "line-0-role": "pr_head",
        "line-1-title": "",
        "line-1-offset": "",
        "line-1-role": "pr_staff",
    }
    response = client_for(rudsar_head).post("/office/m/rudsar/events/checklists/", data)
    assert response.status_code == 302
    assert list(TemplateItem.objects.values_list("title", "offset")) == [
        ("هماهنگی با فرمانداری", -8)
    ]
    event = make_event(rudsar, rudsar_head, kind=Kind.CEREMONY, day=EVENT_DAY)
    assert list(event.tasks.values_list("title", flat=True)) == ["هماهنگی با فرمانداری"]
    # Staff read the office's events but do not set its checklists.
    assert client_for(rudsar_reporter).get("/office/m/rudsar/events/checklists/").status_code == 403


def test_a_template_offset_out_of_range_is_refused_and_nothing_changes(client_for, rudsar_head):
    data = {
        "kind": "ceremony",
        "line-TOTAL_FORMS": "1",
        "line-INITIAL_FORMS": "0",
        "line-0-title": "x",
        "line-0-offset": "-5000",
        "line-0-role": "pr_head",
    }
    response = client_for(rudsar_head).post("/office/m/rudsar/events/checklists/", data)
    assert response.status_code == 400
    assert not TemplateItem.objects.exists()


def test_tasks_are_done_and_reassigned_through_the_page(
    client_for, planned, rudsar_head, rudsar_reporter
):
    task = planned.tasks.get(title="Book the hall")
    c = client_for(rudsar_reporter)
    assert c.post(f"/office/events/tasks/{task.pk}/done/", {"done": "1"}).status_code == 302
    task.refresh_from_db()
    assert task.is_done and task.done_by == rudsar_reporter
    response = c.post(
        f"/office/events/tasks/{task.pk}/", {"owner": str(rudsar_reporter.pk), "due": "۱۴۱۰/۰۴/۰۵"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.owner == rudsar_reporter and task.due_override == from_jalali(1410, 4, 5)
    bad = c.post(f"/office/events/tasks/{task.pk}/", {"owner": "", "due": "1410/12/30"})
    assert bad.status_code == 400
    task.refresh_from_db()
    assert task.owner == rudsar_reporter
