"""Done when (issue 12, adapted): the Rudsar PR head plans a press conference for Journalist
Day from the occasions calendar's link, sees its checklist in working days, invites two
journalists, and the event is on the public page and in the feed; a lunar correction
recorded on the corrections page moves a checklist due date."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from ravabet.conftest import PASSWORD, screenshot
from ravabet.events import actions
from ravabet.events.checklist import with_due_dates
from ravabet.events.models import Event, PressInvitation, Task
from ravabet.events.tests.conftest import journalist_day, make_event
from ravabet.lib import jalali
from ravabet.media.models import Journalist
from ravabet.officialcalendar.occasions import HIJRI
from ravabet.officialcalendar.official import OfficialCalendar

pytestmark = pytest.mark.browser


def log_in(page, user) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/office/"))


def test_the_pr_head_plans_journalist_day_and_invites_two_journalists(
    page, transactional_db, rudsar, rudsar_head, rudsar_reporter, smtp_server, run_tasks
) -> None:  # type: ignore[no-untyped-def]
    for name, email in (("سارا احمدی", "sara@example.org"), ("حمید کاظمی", "hamid@example.org")):
        Journalist.objects.create(municipality=rudsar, name=name, email=email, consent=True)
    day = journalist_day()
    log_in(page, rudsar_head)
    page.goto(
        page.base
        + f"/office/m/rudsar/events/new/?date={day.isoformat()}&occasion="
        + quote("روز خبرنگار")
    )
    assert page.input_value("input[name=start_date]") == jalali.format_numeric(day).translate(
        str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
    )
    assert page.input_value("input[name=occasion]") == "روز خبرنگار"
    page.select_option("select[name=kind]", "press_conference")
    page.fill("input[name=title]", "نشست خبری شهردار رودسر به مناسبت روز خبرنگار")
    page.fill("input[name=start_time]", "۱۰:۰۰")
    page.fill("input[name=end_time]", "۱۱:۳۰")
    page.fill("input[name=place]", "سالن اجتماعات شهرداری رودسر")
    page.check("input[name=is_public]")
    page.get_by_test_id("save-event").click()
    if page.get_by_test_id("date-warnings").count():  # a Friday or a holiday: save anyway
        page.get_by_test_id("save-event").click()
    page.wait_for_url(re.compile(r"/office/events/\d+/$"))
    event = Event.objects.get()
    assert event.start_date == day and event.occasion == "روز خبرنگار"

    rows = page.get_by_test_id("task")
    assert rows.count() == 5
    expected = [t.due for t in with_due_dates(list(event.tasks.order_by("position")))]
    shown = page.locator("[data-testid=task-due]")
    dues = [dt.date.fromisoformat(shown.nth(n).get_attribute("data-due")) for n in range(5)]
    assert dues == expected
    # Invite journalists: five working days before, in Persian.
    invite_by = expected[1]
    assert invite_by is not None and invite_by < day
    text = page.get_by_test_id("checklist").inner_text()
    assert jalali.format_date(invite_by, weekday=True, lang="fa") in text
    screenshot(page, "events-event-checklist-desktop")

    for box in page.locator("[data-testid=invite-form] input[type=checkbox]").all():
        box.check()
    page.get_by_test_id("invite").click()
    page.wait_for_url(re.compile(r"/office/events/\d+/$"))
    assert PressInvitation.objects.count() == 2
    run_tasks()
    assert len(smtp_server.messages) == 2
    page.reload()
    assert page.get_by_test_id("invitations").inner_text().count("ارسال شد") == 2

    page.goto(page.base + "/m/rudsar/events/")
    assert event.title in page.get_by_test_id("public-events").inner_text()
    screenshot(page, "events-public-desktop")
    feed = Calendar.from_ical(Client().get("/m/rudsar/events.ics").content)
    assert [str(e["summary"]) for e in feed.walk("VEVENT")] == [event.title]
    assert page.console_errors == []


def _a_lunar_holiday_to_correct(calendar: OfficialCalendar) -> tuple[dt.date, int]:
    """A coming Hijri day off (on Saturday to Tuesday, the days around it working days),
    and its month's index, within the months the corrections page offers."""
    today = timezone.localdate()
    current = calendar.lunar.index_of(today)
    days_off = calendar.days_off(today, today + dt.timedelta(days=330))
    for occasion in calendar.occasions(
        today + dt.timedelta(days=20), today + dt.timedelta(days=300)
    ):
        if occasion.calendar != HIJRI or not occasion.holiday or not occasion.hijri:
            continue
        day = occasion.date
        if occasion.hijri[2] < 2 or day.weekday() not in (5, 6, 0, 1):
            continue
        if {day - dt.timedelta(days=1), day + dt.timedelta(days=1)} & set(days_off):
            continue
        index = calendar.lunar.index_of(day)
        if current - 2 <= index <= current + 12:
            return day, index
    raise AssertionError("no lunar day off to correct in the coming months")


def test_a_lunar_correction_moves_a_checklist_due_date(
    page, transactional_db, rudsar, rudsar_head, lahijan_head, east_gilan
) -> None:  # type: ignore[no-untyped-def]
    calendar = OfficialCalendar.for_municipality(rudsar)
    holiday, index = _a_lunar_holiday_to_correct(calendar)
    event = make_event(rudsar, rudsar_head, day=holiday + dt.timedelta(days=1))
    actions.add_task(event, "هماهنگی نهایی با سالن", -1, rudsar_head)
    task = Task.objects.get(title="هماهنگی نهایی با سالن")
    (before,) = [t.due for t in with_due_dates([task])]
    assert before is not None and before < holiday

    log_in(page, rudsar_head)
    page.goto(page.base + event.get_absolute_url())
    row = page.get_by_test_id("task").filter(has_text="هماهنگی نهایی با سالن")
    assert row.get_by_test_id("task-due").get_attribute("data-due") == before.isoformat()

    page.context.clear_cookies()
    log_in(page, lahijan_head)
    page.goto(page.base + "/office/calendar/n/east-gilan/corrections/")
    form = page.get_by_test_id("lunar-form")
    form.locator("select[name=month]").select_option(str(index))
    began = calendar.lunar.month(index).start + dt.timedelta(days=1)
    form.locator("input[name=began_on]").fill(jalali.format_numeric(began))
    form.locator("input[name=began_on]").press("Escape")
    form.locator("textarea[name=reason]").fill("رؤیت هلال یک روز دیرتر اعلام شد")
    form.locator("textarea[name=reason]").press("Tab")
    form.locator("button").click()
    page.wait_for_url(re.compile(r"/corrections/(#record)?$"))

    page.context.clear_cookies()
    log_in(page, rudsar_head)
    page.goto(page.base + event.get_absolute_url())
    row = page.get_by_test_id("task").filter(has_text="هماهنگی نهایی با سالن")
    # The day off moved onto the event's day: the day before is a working day again.
    assert row.get_by_test_id("task-due").get_attribute("data-due") == holiday.isoformat()
    assert page.console_errors == []
