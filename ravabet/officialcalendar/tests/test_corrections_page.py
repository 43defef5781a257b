"""The secretariat records corrections; member offices read them; outsiders see nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ravabet.conftest import make_municipality, make_user
from ravabet.lib import jalali
from ravabet.network.models import Membership, Role
from ravabet.officialcalendar.models import Correction
from ravabet.officialcalendar.official import OfficialCalendar
from ravabet.voice.workdays import holidays_for

PAGE = reverse("officialcalendar:corrections", args=["east-gilan"])
LUNAR = reverse("officialcalendar:lunar-add", args=["east-gilan"])
CLOSURE = reverse("officialcalendar:closure-add", args=["east-gilan"])


def numeric(day: dt.date) -> str:
    return jalali.format_numeric(day)


def next_month(network) -> tuple[int, dt.date]:  # type: ignore[no-untyped-def]
    calendar = OfficialCalendar.for_network(network)
    index = calendar.lunar.index_of(timezone.localdate()) + 1
    return index, calendar.lunar.month(index).start


def a_working_day(rudsar) -> dt.date:  # type: ignore[no-untyped-def]
    day = timezone.localdate() + dt.timedelta(days=10)
    while day.weekday() in (3, 4) or day in holidays_for(rudsar, day, day):
        day += dt.timedelta(days=1)
    return day


@pytest.fixture
def outsider(db):  # type: ignore[no-untyped-def]
    user = make_user("astara-head")
    Membership.objects.create(
        user=user,
        role=Role.PR_HEAD,
        municipality=make_municipality("astara", "آستارا", "Astara", "آستارا"),
    )
    return user


def test_the_secretariat_records_a_lunar_month_and_everyone_sees_who(
    client_for, east_gilan, lahijan_head, rudsar_head
) -> None:  # type: ignore[no-untyped-def]
    secretariat = client_for(lahijan_head)
    page = secretariat.get(PAGE)
    assert page.status_code == 200
    assert 'data-testid="lunar-form"' in page.content.decode()
    index, printed = next_month(east_gilan)
    later = printed + dt.timedelta(days=1)
    response = secretariat.post(
        LUNAR,
        {"month": str(index), "began_on": numeric(later), "reason": "رؤیت نشدن هلال در استان"},
    )
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert (correction.kind, correction.network, correction.date) == (
        "lunar_month",
        east_gilan,
        later,
    )
    assert correction.recorded_by == lahijan_head
    assert next_month(east_gilan) == (index, later)
    # A member office reads it, with who recorded it and why, but has no form.
    member = client_for(rudsar_head).get(PAGE).content.decode()
    assert "رؤیت نشدن هلال در استان" in member
    assert "مهدی رضوانی" in member
    assert 'data-testid="lunar-form"' not in member


def test_bad_lunar_input_is_a_clear_error_and_nothing_is_saved(
    client_for, east_gilan, lahijan_head
) -> None:  # type: ignore[no-untyped-def]
    secretariat = client_for(lahijan_head)
    index, printed = next_month(east_gilan)

    def error(data: dict[str, str], text: str) -> None:
        response = secretariat.post(LUNAR, {"month": str(index), "reason": "x", **data})
        assert response.status_code == 400
        assert text in response.content.decode()

    error({"began_on": numeric(printed + dt.timedelta(days=5))}, "یک یا دو روز")
    error({"began_on": numeric(printed)}, "همین روز")
    error({"began_on": "1405/13/01"}, "ماه باید")
    error({"began_on": numeric(printed), "month": "99999"}, "یکی از ماه‌های")
    error({"began_on": numeric(printed + dt.timedelta(days=1)), "reason": ""}, "چرا")
    assert not Correction.objects.exists()


def test_a_closure_moves_a_members_days_off_and_not_an_outsiders(
    client_for, east_gilan, lahijan_head, rudsar, outsider
) -> None:  # type: ignore[no-untyped-def]
    secretariat = client_for(lahijan_head)
    day = a_working_day(rudsar)
    data = {"date": numeric(day), "title": "تعطیلی به سبب آلودگی هوا", "reason": "اعلام استانداری"}
    assert secretariat.post(CLOSURE, data).status_code == 302
    assert day in holidays_for(rudsar, day, day)
    astara = outsider.memberships.get().municipality
    assert day not in holidays_for(astara, day, day)
    again = secretariat.post(CLOSURE, data)
    assert again.status_code == 400
    assert "از پیش" in again.content.decode()
    nowruz = jalali.nowruz(jalali.today().year + 1)
    official = secretariat.post(CLOSURE, {**data, "date": numeric(nowruz)})
    assert official.status_code == 400
    assert "رسمی" in official.content.decode()
    assert Correction.objects.count() == 1


def test_outsiders_get_404_members_403_anonymous_the_login(
    client, client_for, east_gilan, rudsar_head, lahijan_manager, observer, outsider
) -> None:  # type: ignore[no-untyped-def]
    index, printed = next_month(east_gilan)
    writes = [
        (
            LUNAR,
            {
                "month": str(index),
                "began_on": numeric(printed + dt.timedelta(days=1)),
                "reason": "x",
            },
        ),
        (CLOSURE, {"date": numeric(printed), "title": "x", "reason": "x"}),
    ]
    stranger = client_for(outsider)
    assert stranger.get(PAGE).status_code == 404
    assert client_for(outsider).get("/office/calendar/n/no-such/corrections/").status_code == 404
    for url, data in writes:
        assert stranger.post(url, data).status_code == 404, url
        for reader in (rudsar_head, lahijan_manager, observer):
            assert client_for(reader).post(url, data).status_code == 403, (url, reader)
        anonymous = client.post(url, data)
        assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    for reader in (rudsar_head, lahijan_manager, observer):
        assert client_for(reader).get(PAGE).status_code == 200
    assert "/login/" in client.get(PAGE)["Location"]
    assert not Correction.objects.exists()


def test_the_admin_records_a_nationwide_correction(admin_client, admin_user, rudsar) -> None:  # type: ignore[no-untyped-def]
    day = a_working_day(rudsar)
    response = admin_client.post(
        reverse("admin:officialcalendar_correction_add"),
        {"kind": "closure", "date": day.isoformat(), "title": "عزای عمومی", "reason": "اعلام دولت"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    correction = Correction.objects.get()
    assert correction.network is None and correction.recorded_by == admin_user
    assert day in holidays_for(rudsar, day, day)
