from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from ravabet.lib import jalali
from ravabet.officialcalendar.models import Correction
from ravabet.voice.models import Category, Holiday, VoiceSettings
from ravabet.voice.workdays import add_working_days, holidays_for


def settings_url(slug: str = "rudsar") -> str:
    return reverse("voice:settings", args=[slug])


def jalali_text(date: dt.date) -> str:
    return "{}/{:02d}/{:02d}".format(*jalali.to_jalali(date))


def test_page_lists_official_holidays_read_only_and_links_from_inbox(
    client_for, rudsar, rudsar_head, make_message
) -> None:  # type: ignore[no-untyped-def]
    Holiday.objects.create(
        municipality=rudsar, date=jalali.from_jalali(1405, 2, 10), name="روز رودسر"
    )
    head = client_for(rudsar_head)
    inbox = head.get(reverse("voice:inbox", args=["rudsar"])).content.decode()
    assert settings_url() in inbox
    response = head.get(settings_url() + "?year=1405")
    page = response.content.decode()
    assert response.status_code == 200
    assert "روز طبیعت" in page  # official, shipped by migration 0002
    assert "روز رودسر" in page
    # Only the local one has a delete form.
    assert page.count("/delete/") == 1
    assert "خدمات شهری" in page  # the seeded categories


def test_access_read_for_staff_write_for_the_pr_head_only(
    client_for, rudsar, rudsar_head, rudsar_reporter, lahijan_manager, lahijan_head
) -> None:  # type: ignore[no-untyped-def]
    head = client_for(rudsar_head)
    assert head.get(settings_url()).status_code == 200
    own = Holiday.objects.create(municipality=rudsar, date=dt.date(2026, 12, 1), name="محلی")
    head.get(settings_url())  # seeds the categories
    category = Category.objects.filter(municipality=rudsar).first()
    assert category is not None
    writes = [
        (reverse("voice:settings-week", args=["rudsar"]), {"reopen_days": "3"}),
        (
            reverse("voice:holiday-add", args=["rudsar"]),
            {"year": "1405", "date": "1405/09/20", "name": "x"},
        ),
        (reverse("voice:holiday-delete", args=["rudsar", own.pk]), {}),
        (
            reverse("voice:category-add", args=["rudsar"]),
            {"name": "x", "deadline_days": "2"},
        ),
        (
            reverse("voice:category-edit", args=["rudsar", category.pk]),
            {f"c{category.pk}-name": "x", f"c{category.pk}-deadline_days": "2"},
        ),
    ]
    reporter = client_for(rudsar_reporter)
    page = reporter.get(settings_url())
    assert page.status_code == 200
    assert "/delete/" not in page.content.decode()
    for url, data in writes:
        assert reporter.post(url, data).status_code == 403, url
        assert client_for(lahijan_head).post(url, data).status_code == 404, url
        assert client_for(lahijan_manager).post(url, data).status_code == 404, url
    assert client_for(lahijan_head).get(settings_url()).status_code == 404
    # A manager reads his own municipality's settings but cannot write them.
    lahijan_url = reverse("voice:settings-week", args=["lahijan"])
    assert client_for(lahijan_manager).get(settings_url("lahijan")).status_code == 200
    assert client_for(lahijan_manager).post(lahijan_url, {"reopen_days": "3"}).status_code == 403
    # Another municipality's holiday through one's own slug is still a 404.
    assert (
        client_for(lahijan_head)
        .post(reverse("voice:holiday-delete", args=["lahijan", own.pk]))
        .status_code
        == 404
    )
    # An official holiday cannot be deleted here: it is no row of voice's but the official
    # calendar's (a nationwide closure stands for one), and voice's delete finds no such pk.
    official = Correction.objects.create(
        kind=Correction.Kind.CLOSURE, date=dt.date(2026, 12, 2), title="x", reason="x"
    )
    assert official is not None
    not_local = max(official.pk, own.pk) + 1
    assert head.post(reverse("voice:holiday-delete", args=["rudsar", not_local])).status_code == 404
    assert Holiday.objects.filter(pk=own.pk).exists()
    assert Correction.objects.filter(pk=official.pk).exists()
    assert dt.date(2026, 12, 2) in holidays_for(rudsar, dt.date(2026, 12, 2), dt.date(2026, 12, 2))
    assert VoiceSettings.for_municipality(rudsar).reopen_days == 14
    category.refresh_from_db()
    assert category.name != "x"
    assert not Category.objects.filter(name="x").exists()


def test_head_saves_the_week(client_for, rudsar, rudsar_head) -> None:  # type: ignore[no-untyped-def]
    head = client_for(rudsar_head)
    url = reverse("voice:settings-week", args=["rudsar"])
    response = head.post(url, {"year": "1405", "reopen_days": "۲۰"})
    assert response.status_code == 302
    saved = VoiceSettings.for_municipality(rudsar)
    assert (saved.thursday_off, saved.reopen_days) == (False, 20)
    response = head.post(url, {"thursday_off": "on", "reopen_days": "0"})
    assert response.status_code == 400
    assert "دست‌کم یک روز" in response.content.decode()
    saved.refresh_from_db()
    assert (saved.thursday_off, saved.reopen_days) == (False, 20)


def test_add_and_delete_a_local_holiday_with_clear_errors(client_for, rudsar, rudsar_head) -> None:  # type: ignore[no-untyped-def]
    head = client_for(rudsar_head)
    url = reverse("voice:holiday-add", args=["rudsar"])
    response = head.post(url, {"year": "1405", "date": "۱۴۰۵/۰۹/۲۰", "name": "سالروز آزادسازی"})
    assert response.status_code == 302
    holiday = Holiday.objects.get(municipality=rudsar)
    assert holiday.date == jalali.from_jalali(1405, 9, 20)

    def error_for(data: dict[str, str], text: str) -> None:
        response = head.post(url, {"year": "1405", "name": "روز", **data})
        assert response.status_code == 400
        assert text in response.content.decode()

    error_for({"date": "1405/13/01"}, "ماه باید")
    error_for({"date": "هفته بعد"}, "به شکل درست شمسی")
    error_for({"date": "1404/09/20"}, "در سال ۱۴۰۵ نیست")
    error_for({"date": "1405/09/20"}, "از پیش تعطیل")  # own duplicate
    error_for({"date": "1405/01/13"}, "از پیش تعطیل")  # an official holiday
    assert Holiday.objects.filter(municipality=rudsar).count() == 1

    delete = reverse("voice:holiday-delete", args=["rudsar", holiday.pk])
    assert head.post(delete).status_code == 302
    assert not Holiday.objects.filter(municipality=rudsar).exists()


def test_categories_edit_add_and_deactivate(client_for, rudsar, rudsar_head) -> None:  # type: ignore[no-untyped-def]
    head = client_for(rudsar_head)
    head.get(settings_url())
    category = Category.objects.get(municipality=rudsar, code="cleaning-waste")
    edit = reverse("voice:category-edit", args=["rudsar", category.pk])
    prefix = f"c{category.pk}-"
    bad = head.post(edit, {prefix + "name": "پسماند", prefix + "deadline_days": "0"})
    assert bad.status_code == 400
    assert "دست‌کم یک روز کاری" in bad.content.decode()
    bad = head.post(edit, {prefix + "name": "پسماند", prefix + "deadline_days": "-3"})
    assert bad.status_code == 400
    category.refresh_from_db()
    assert (category.name, category.deadline_days, category.is_active) == (
        "نظافت و پسماند",
        3,
        True,
    )

    ok = head.post(edit, {prefix + "name": "پسماند", prefix + "deadline_days": "۴"})
    assert ok.status_code == 302
    category.refresh_from_db()
    assert (category.name, category.deadline_days, category.is_active) == ("پسماند", 4, False)
    contact = client_for(rudsar_head).get(reverse("voice:contact", args=["rudsar"]))
    assert "پسماند" not in contact.content.decode()

    add = reverse("voice:category-add", args=["rudsar"])
    assert head.post(add, {"name": "آتش‌نشانی", "deadline_days": "0"}).status_code == 400
    assert not Category.objects.filter(name="آتش‌نشانی").exists()
    assert head.post(add, {"name": "آتش‌نشانی", "deadline_days": "2"}).status_code == 302
    added = Category.objects.get(municipality=rudsar, name="آتش‌نشانی")
    assert added.is_active and added.deadline_days == 2 and added.code
    assert head.post(add, {"name": "بهداشت", "deadline_days": "5"}).status_code == 302
    assert Category.objects.filter(municipality=rudsar).count() == 10


def test_a_category_has_an_english_name_shown_on_english_pages(
    client_for, rudsar, rudsar_head
) -> None:  # type: ignore[no-untyped-def]
    """Issue 11: the category form had no English name, so English pages showed Persian."""
    head = client_for(rudsar_head)
    category = Category.objects.get(municipality=rudsar, code="cleaning-waste")
    prefix = f"c{category.pk}-"
    form = head.get(settings_url()).content.decode()
    assert f'name="{prefix}name_en"' in form and 'name="name_en"' in form
    edit = reverse("voice:category-edit", args=["rudsar", category.pk])
    saved = head.post(
        edit,
        {
            prefix + "name": "نظافت و پسماند",
            prefix + "name_en": "Cleaning and waste",
            prefix + "deadline_days": "3",
            prefix + "is_active": "on",
        },
    )
    assert saved.status_code == 302
    category.refresh_from_db()
    assert category.name_en == "Cleaning and waste" and category.is_active
    add = reverse("voice:category-add", args=["rudsar"])
    added = head.post(add, {"name": "آتش‌نشانی", "name_en": "Fire service", "deadline_days": "2"})
    assert added.status_code == 302
    assert Category.objects.get(municipality=rudsar, name="آتش‌نشانی").name_en == "Fire service"
    head.cookies["django_language"] = "en"
    page = head.get(reverse("voice:contact", args=["rudsar"])).content.decode()
    assert "Cleaning and waste" in page and "Fire service" in page


def test_a_holiday_added_here_moves_a_new_messages_due_date(
    client_for, rudsar, rudsar_head, make_message
) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    first = make_message(rudsar)
    # The first working day of the deadline becomes a holiday: the deadline moves on a day.
    next_working_day = add_working_days(rudsar, today, 1)
    year = jalali.to_jalali(next_working_day)[0]
    response = client_for(rudsar_head).post(
        reverse("voice:holiday-add", args=["rudsar"]),
        {"year": str(year), "date": jalali_text(next_working_day), "name": "تعطیلی محلی"},
    )
    assert response.status_code == 302
    second = make_message(rudsar)
    assert second.due_on > first.due_on
    assert second.due_on == add_working_days(rudsar, first.due_on, 1)


def test_outsiders_reach_no_report_log_or_other_category(
    client_for, rudsar, lahijan, rudsar_head, lahijan_head, east_gilan
) -> None:  # type: ignore[no-untyped-def]
    from ravabet.conftest import make_municipality, make_user
    from ravabet.network.models import Membership, Role
    from ravabet.voice.actions import ensure_categories

    lahijan_category = ensure_categories(lahijan)[0]
    ensure_categories(rudsar)
    rudsar_client = client_for(rudsar_head)
    for url in (
        "/office/m/lahijan/voice/access-log/",
        "/office/m/lahijan/voice/report.pdf",
    ):
        assert rudsar_client.get(url).status_code == 404, url
    # Lahijan's category through Rudsar's own settings page: not found, unchanged.
    response = rudsar_client.post(
        f"/office/m/rudsar/voice/settings/categories/{lahijan_category.pk}/",
        {"name": "ربوده", "deadline_days": "1", "is_active": "on"},
    )
    assert response.status_code == 404
    lahijan_category.refresh_from_db()
    assert lahijan_category.name != "ربوده"
    # The network's side-by-side report is not for offices outside the network.
    outsider = make_user("astara-head")
    Membership.objects.create(
        user=outsider,
        role=Role.PR_HEAD,
        municipality=make_municipality("astara", "آستارا", "Astara", "آستارا"),
    )
    assert client_for(outsider).get("/office/n/east-gilan/voice/").status_code == 404
