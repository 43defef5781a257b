"""A person's month through the pages: open, draft, correct, add, confirm; bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from ravabet.lib import jalali
from ravabet.workload.models import Entry, Kind, WorkMonth
from ravabet.workload.tests.conftest import at, manual, weekday_in

pytestmark = pytest.mark.django_db


def form(day: dt.date, start: str, end: str, **fields: str) -> dict[str, str]:
    numeric = jalali.format_numeric(day)
    return {
        "kind": fields.pop("kind", Kind.FIELD_VISIT),
        "place": fields.pop("place", "field"),
        "title": fields.pop("title", "بازدید از محل آبگرفتگی"),
        "starts_at": f"{numeric} {start}",
        "ends_at": fields.pop("ends_at", f"{numeric} {end}"),
        **fields,
    }


def test_the_reporter_opens_drafts_and_confirms_a_month(
    client_for, rudsar_reporter, last_month, written, covered
) -> None:
    client = client_for(rudsar_reporter)
    response = client.post(
        "/office/m/rudsar/workload/open/", {"month": f"{last_month[0]}-{last_month[1]}"}
    )
    month = WorkMonth.objects.get(person=rudsar_reporter)
    assert response.status_code == 302 and response["Location"] == month.get_absolute_url()
    response = client.post(f"/office/workload/months/{month.pk}/draft/", follow=True)
    assert response.status_code == 200 and month.entries.count() == 2
    page = client.get(month.get_absolute_url()).content.decode()
    assert "لایروبی" in page and "آیین افتتاح پارک ساحلی" in page
    response = client.post(f"/office/workload/months/{month.pk}/confirm/", follow=True)
    month.refresh_from_db()
    assert month.confirmed
    # Twice: a clear message, nothing changed.
    confirmed_at = month.confirmed_at
    response = client.post(f"/office/workload/months/{month.pk}/confirm/", follow=True)
    assert "already confirmed" in response.content.decode() or "قبلاً" in response.content.decode()
    month.refresh_from_db()
    assert month.confirmed_at == confirmed_at
    # A confirmed month is closed: no drafting, no new entry.
    client.post(f"/office/workload/months/{month.pk}/draft/")
    day = weekday_in(last_month, weekday=1, after=14)
    response = client.post(
        f"/office/workload/months/{month.pk}/entries/new/", form(day, "09:00", "10:00")
    )
    assert response.status_code == 400
    assert month.entries.count() == 2


def test_a_month_not_begun_cannot_be_opened(client_for, rudsar_reporter) -> None:
    year, month = jalali.today().year, jalali.today().month
    later = (year, month + 1) if month < 12 else (year + 1, 1)
    response = client_for(rudsar_reporter).post(
        "/office/m/rudsar/workload/open/", {"month": f"{later[0]}-{later[1]}"}, follow=True
    )
    assert not WorkMonth.objects.exists()
    assert response.status_code == 200


def test_the_person_adds_a_call_at_night(client_for, rudsar_reporter, month, last_month) -> None:
    day = weekday_in(last_month, weekday=0, after=5)
    data = form(
        day,
        "23:10",
        "",
        ends_at=f"{jalali.format_numeric(day + dt.timedelta(days=1))} 01:40",
        kind=Kind.ON_CALL,
        after_hours_request="on",
        title="تماس شبانه شهردار",
    )
    response = client_for(rudsar_reporter).post(
        f"/office/workload/months/{month.pk}/entries/new/", data
    )
    assert response.status_code == 302
    entry = month.entries.get()
    assert entry.starts_at == at(day, 23, 10) and entry.after_hours_request
    assert entry.source == "manual"
    page = client_for(rudsar_reporter).get(month.get_absolute_url()).content.decode()
    assert "تماس شبانه شهردار" in page


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("10:00", "09:00", "before the start"),
        ("10:00", "10:00", "before the start"),
    ],
)
def test_an_end_before_the_start_is_refused_and_the_form_kept(
    client_for, rudsar_reporter, month, last_month, start, end, message
) -> None:
    day = weekday_in(last_month, weekday=1, after=3)
    client = client_for(rudsar_reporter)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/office/workload/months/{month.pk}/entries/new/", form(day, start, end)
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text and "بازدید از محل آبگرفتگی" in text  # nothing lost
    assert not Entry.objects.exists()


def test_overlapping_entries_are_refused_with_the_other_named(
    client_for, rudsar_reporter, month, last_month
) -> None:
    day = weekday_in(last_month, weekday=1, after=3)
    manual(month, day, 9, 12, title="مراسم کلنگ‌زنی")
    client = client_for(rudsar_reporter)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/office/workload/months/{month.pk}/entries/new/", form(day, "11:00", "13:00")
    )
    assert response.status_code == 400
    assert "overlaps «مراسم کلنگ‌زنی»" in response.content.decode()
    assert month.entries.count() == 1


def test_an_entry_in_the_future_is_refused(client_for, rudsar_reporter, rudsar) -> None:
    from ravabet.workload import actions

    month = actions.open_month(rudsar_reporter, rudsar, *actions.this_month())
    later = timezone.now() + dt.timedelta(hours=3)
    local = later.astimezone(jalali.TEHRAN)
    client = client_for(rudsar_reporter)
    client.cookies["django_language"] = "en"
    data = {
        "kind": Kind.CEREMONY,
        "place": "field",
        "title": "مراسم",
        "starts_at": jalali.format_numeric_datetime(later - dt.timedelta(hours=1)),
        "ends_at": jalali.format_numeric_datetime(later),
    }
    response = client.post(f"/office/workload/months/{month.pk}/entries/new/", data)
    assert response.status_code == 400
    text = response.content.decode()
    # Either refused as in the future or (just before midnight) as in another month.
    assert "in the future" in text or "outside" in text
    assert local and not Entry.objects.exists()


def test_an_entry_of_another_month_and_an_entry_longer_than_a_day(
    client_for, rudsar_reporter, month, last_month
) -> None:
    client = client_for(rudsar_reporter)
    client.cookies["django_language"] = "en"
    first = jalali.month_bounds(*last_month)[0]
    response = client.post(
        f"/office/workload/months/{month.pk}/entries/new/",
        form(first - dt.timedelta(days=2), "09:00", "10:00"),
    )
    assert response.status_code == 400 and "outside" in response.content.decode()
    response = client.post(
        f"/office/workload/months/{month.pk}/entries/new/",
        form(
            first,
            "09:00",
            "",
            ends_at=f"{jalali.format_numeric(first + dt.timedelta(days=2))} 09:00",
        ),
    )
    assert response.status_code == 400 and "24 hours" in response.content.decode()
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    "bad",
    ["1405/13/40 25:00", "NaN", "nan nan", "1405/02/27\x00 10:00", "", "۱۴۰۵/۰۲/۳۲ ۱۰:۰۰"],
)
def test_bad_dates_get_a_clear_error(client_for, rudsar_reporter, month, last_month, bad) -> None:
    day = weekday_in(last_month, weekday=1)
    data = form(day, "09:00", "10:00")
    data["starts_at"] = bad
    response = client_for(rudsar_reporter).post(
        f"/office/workload/months/{month.pk}/entries/new/", data
    )
    assert response.status_code == 400
    assert not Entry.objects.exists()


def test_nul_in_the_title_is_refused(client_for, rudsar_reporter, month, last_month) -> None:
    day = weekday_in(last_month, weekday=1)
    response = client_for(rudsar_reporter).post(
        f"/office/workload/months/{month.pk}/entries/new/",
        form(day, "09:00", "10:00", title="a\x00b"),
    )
    assert response.status_code == 400
    assert not Entry.objects.exists()


def test_correcting_and_taking_out_a_drafted_entry(
    client_for, rudsar_reporter, month, covered
) -> None:
    from ravabet.workload import actions

    actions.draft_month(month)
    entry = month.entries.get()
    client = client_for(rudsar_reporter)
    assert client.get(f"/office/workload/entries/{entry.pk}/").status_code == 200
    local_start = entry.starts_at.astimezone(jalali.TEHRAN)
    data = {
        "kind": entry.kind,
        "place": entry.place,
        "title": entry.title,
        "starts_at": jalali.format_numeric_datetime(entry.starts_at),
        "ends_at": jalali.format_numeric_datetime(entry.ends_at + dt.timedelta(hours=1)),
    }
    assert local_start
    assert client.post(f"/office/workload/entries/{entry.pk}/", data).status_code == 302
    entry.refresh_from_db()
    assert entry.corrected
    client.post(f"/office/workload/entries/{entry.pk}/dismiss/")
    entry.refresh_from_db()
    assert entry.dismissed
    client.post(f"/office/workload/entries/{entry.pk}/dismiss/", {"restore": "1"})
    entry.refresh_from_db()
    assert not entry.dismissed


def test_confirming_an_empty_month_says_why(client_for, rudsar_reporter, month) -> None:
    client = client_for(rudsar_reporter)
    client.cookies["django_language"] = "en"
    response = client.post(f"/office/workload/months/{month.pk}/confirm/", follow=True)
    assert "nothing in this month" in response.content.decode()
    month.refresh_from_db()
    assert not month.confirmed


def test_the_current_month_is_confirmed_only_at_its_end(
    client_for, rudsar_reporter, rudsar
) -> None:
    from ravabet.workload import actions

    month = actions.open_month(rudsar_reporter, rudsar, *actions.this_month())
    if jalali.today().togregorian() >= month.last_day:
        pytest.skip("today is the month's last day")
    with translation.override("en"), pytest.raises(actions.WorkloadError, match="not over yet"):
        actions.confirm_month(month)


def test_a_double_submit_adds_one_entry(client_for, rudsar_reporter, month, last_month) -> None:
    day = weekday_in(last_month, weekday=2, after=2)
    client = client_for(rudsar_reporter)
    client.cookies["django_language"] = "en"
    url = f"/office/workload/months/{month.pk}/entries/new/"
    assert client.post(url, form(day, "18:00", "20:00")).status_code == 302
    second = client.post(url, form(day, "18:00", "20:00"))
    assert second.status_code == 400 and "overlaps" in second.content.decode()
    assert month.entries.count() == 1
