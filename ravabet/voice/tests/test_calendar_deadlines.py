"""Deadlines count on the official calendar: a correction moves open messages at once."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from ravabet.lib import jalali
from ravabet.officialcalendar.actions import record_closure, record_lunar_month
from ravabet.voice.models import Holiday, Status
from ravabet.voice.workdays import add_working_days

D = dt.date


def received_on(message, day: dt.date):  # type: ignore[no-untyped-def]
    """The message as if it had come in at noon on ``day``, its deadline counted then."""
    message.received_at = dt.datetime.combine(day, dt.time(12), tzinfo=jalali.TEHRAN)
    message.due_on = add_working_days(message.municipality, day, message.category.deadline_days)
    message.save(update_fields=["received_at", "due_on"])
    return message


def test_a_lunar_correction_moves_an_open_messages_deadline(
    east_gilan, rudsar, make_message
) -> None:  # type: ignore[no-untyped-def]
    # Monday 1 Tir 1405; three working days with Thursday and Friday off. Tasua and Ashura
    # are estimated on Thursday and Friday, so Tuesday, Wednesday and Saturday count.
    message = received_on(make_message(rudsar), D(2026, 6, 22))
    closed = received_on(make_message(rudsar), D(2026, 6, 22))
    closed.status = Status.CLOSED
    closed.save(update_fields=["status"])
    assert message.category.deadline_days == 3
    assert message.due_on == D(2026, 6, 27)
    # The printed calendar begins Muharram a day earlier: Tasua is the Wednesday.
    record_lunar_month(
        east_gilan, hijri_year=1448, hijri_month=1, began_on=D(2026, 6, 16), reason="x", by=None
    )
    message.refresh_from_db()
    assert message.due_on == D(2026, 6, 28)
    closed.refresh_from_db()
    assert closed.due_on == D(2026, 6, 27)  # a closed message keeps what it had
    assert add_working_days(rudsar, D(2026, 6, 22), 3) == D(2026, 6, 28)


def test_a_closure_recorded_on_the_page_moves_the_deadline_and_a_local_day_stays(
    client_for, east_gilan, rudsar, lahijan, lahijan_head, make_message
) -> None:  # type: ignore[no-untyped-def]
    message = make_message(rudsar)
    other_city = make_message(lahijan)
    today = timezone.localdate()
    first_working_day = add_working_days(rudsar, today, 1)
    due_before = message.due_on
    response = client_for(lahijan_head).post(
        reverse("officialcalendar:closure-add", args=["east-gilan"]),
        {
            "date": jalali.format_numeric(first_working_day),
            "title": "تعطیلی به سبب آلودگی هوا",
            "reason": "اعلام استانداری گیلان",
        },
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.due_on == add_working_days(rudsar, due_before, 1)
    assert message.due_on > due_before
    # Lahijan is a member too: its open message moved as well (Thursday settings alike).
    before = other_city.due_on
    other_city.refresh_from_db()
    assert other_city.due_on > before
    # An office's own day off still counts, on top of the calendar.
    local_day = add_working_days(rudsar, today, 2)
    Holiday.objects.create(municipality=rudsar, date=local_day, name="روز شهر")
    assert add_working_days(rudsar, today, 2) > local_day


def test_a_nationwide_closure_reaches_cities_outside_any_network(rudsar, make_message) -> None:  # type: ignore[no-untyped-def]
    message = make_message(rudsar)
    day = add_working_days(rudsar, timezone.localdate(), 1)
    before = message.due_on
    record_closure(None, date=day, title="عزای عمومی", reason="اعلام دولت", by=None)
    message.refresh_from_db()
    assert message.due_on == add_working_days(rudsar, before, 1)


def test_counting_a_deadline_costs_the_same_queries_however_long(
    rudsar, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    start = D(2026, 3, 18)
    # Voice settings, the corrections, the local days off: three, for 3 or 60 days.
    for days in (3, 60):
        with django_assert_num_queries(3):
            add_working_days(rudsar, start, days)


def test_the_settings_page_lists_the_calendars_days_off_with_estimates_marked(
    client_for, rudsar, rudsar_head
) -> None:  # type: ignore[no-untyped-def]
    page = client_for(rudsar_head).get(reverse("voice:settings", args=["rudsar"]) + "?year=1406")
    text = page.content.decode()
    assert "تاسوعای حسینی" in text and "برآورد" in text
    assert reverse("officialcalendar:corrections", args=["east-gilan"]) in text
    this_year = client_for(rudsar_head).get(
        reverse("voice:settings", args=["rudsar"]) + "?year=1404"
    )
    assert "برآورد" not in this_year.content.decode()  # 1404 is all in the table
