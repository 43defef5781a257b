"""Issue 9 §5: bad input is a clear answer in the person's language, never a 500.

A NUL character anywhere the app reads (path, query, form, cookie, header, JSON) is a 400
page, or the API's own error for a program; NaN, infinity, an id beyond any column and a
second record with the same unique name are form errors a person can read. Nothing is
written. Each was one request away from a 500 (on PostgreSQL for NUL, on SQLite for huge
ids), so the suite runs them on both.
"""

from __future__ import annotations

import importlib
import inspect
import json
from pathlib import Path

import pytest
from defusedxml import ElementTree
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ravabet.experience.models import Experience, ExperienceAttachment
from ravabet.media.models import Distribution, Journalist, Outlet
from ravabet.newsroom.tests.conftest import make_published
from ravabet.voice import actions as voice_actions
from ravabet.voice.models import Message
from ravabet.voice.tests.conftest import category

REFUSED_FA = "این درخواست پذیرفته نشد"
REFUSED_EN = "This request could not be accepted"
HUGE = 10**30
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1  # what a BIGINT column holds
OPEN311 = "/open311/v2"


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    # Rate-limit counters of other tests must not refuse these requests first.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()


def assert_refused_page(response, language: str = "fa") -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert (REFUSED_FA if language == "fa" else REFUSED_EN) in html
    assert "\x00" not in html


def contact_data(municipality, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "kind": "complaint",
        "category": category(municipality).pk,
        "text": "چراغ‌های کوچه بهار سه شب است خاموش است",
        "address": "رودسر، کوچه بهار",
        "name": "مریم احمدی",
        "mobile": "09121234567",
        "national_code": "",
        "consent": "on",
        "website": "",
        "form_token": "b" * 32,
    }
    data.update(overrides)
    return data


# --- NUL: one 400, whatever the place ------------------------------------------------


def test_nul_in_the_path_is_a_400_page_in_persian(citizen: Client, db) -> None:  # type: ignore[no-untyped-def]
    assert_refused_page(citizen.get("/track/%00/"))
    assert_refused_page(citizen.get("/track/1234%0056/rate/"))
    assert_refused_page(citizen.get("/static/ravabet/site.css%00"))


def test_the_page_speaks_the_language_the_person_chose(db) -> None:  # type: ignore[no-untyped-def]
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert_refused_page(english.get("/track/%00/"), language="en")


def test_nul_in_the_query_string_is_a_400(client_for, rudsar_head) -> None:  # type: ignore[no-untyped-def]
    head = client_for(rudsar_head)
    assert_refused_page(head.get("/office/m/rudsar/media/", {"q": "a\x00b"}))
    assert_refused_page(head.get("/office/m/rudsar/media/?q=%00"))
    assert_refused_page(head.get("/track/", {"code": "1234\x005678"}))
    assert_refused_page(head.get("/search/", {"q": "x", "a\x00": "1"}))  # in a name, too


def test_nul_in_the_contact_forms_token_or_fields_saves_nothing(citizen: Client, rudsar) -> None:  # type: ignore[no-untyped-def]
    url = reverse("voice:contact", args=["rudsar"])
    assert_refused_page(citizen.post(url, contact_data(rudsar, form_token="a\x00" * 16)))
    assert_refused_page(citizen.post(url, contact_data(rudsar, text="چراغ\x00خاموش")))
    assert_refused_page(citizen.post(url, {**contact_data(rudsar), "x\x00": "1"}))
    photo = SimpleUploadedFile("p.jpg", b"\xff\xd8\xff", content_type="image/jpeg\x00")
    assert_refused_page(citizen.post(url, {**contact_data(rudsar), "photos": photo}))
    assert Message.objects.count() == 0


def test_nul_in_a_cookie_or_a_header_is_a_400(citizen: Client, db) -> None:  # type: ignore[no-untyped-def]
    assert_refused_page(citizen.get("/", HTTP_USER_AGENT="Mozilla\x00"))
    assert_refused_page(citizen.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4\x00"))
    citizen.cookies[settings.SESSION_COOKIE_NAME] = "abc\x00def"
    assert_refused_page(citizen.get("/"))


def test_nul_in_a_json_body_is_a_400(citizen: Client, db) -> None:  # type: ignore[no-untyped-def]
    body = json.dumps({"jurisdiction_id": "rudsar", "notes": ["ok", {"deep": "a\u0000b"}]})
    response = citizen.post("/", body, content_type="application/json")
    assert_refused_page(response)
    # An escaped backslash before u0000 is the six characters, not a NUL.
    harmless = citizen.post("/", r'{"text": "\\u0000"}', content_type="application/json")
    assert harmless.status_code != 400


def test_open311_answers_a_nul_in_its_own_error_format(citizen: Client, rudsar) -> None:  # type: ignore[no-untyped-def]
    key = voice_actions.issue_api_key(rudsar, "test client")
    for response in (
        citizen.get(f"{OPEN311}/services.json", {"jurisdiction_id": "rud\x00sar"}),
        citizen.get(f"{OPEN311}/requests.json", {"jurisdiction_id": "rudsar", "status": "\x00"}),
        citizen.get(f"{OPEN311}/requests/%00.json", {"jurisdiction_id": "rudsar"}),
        citizen.post(
            f"{OPEN311}/requests.json",
            {
                "jurisdiction_id": "rudsar",
                "api_key": key,
                "service_code": "green-space",
                "description": "درخت\x00شکسته",
                "address_string": "رودسر",
            },
        ),
        citizen.post(
            f"{OPEN311}/requests.json",
            json.dumps({"jurisdiction_id": "rudsar", "description": "\u0000"}),
            content_type="application/json",
        ),
    ):
        assert response.status_code == 400
        assert response["Content-Type"].startswith("application/json")
        [error] = response.json()
        assert error["code"] == 400
        assert "NUL" in error["description"]
    xml = citizen.get(f"{OPEN311}/services.xml", {"jurisdiction_id": "\x00"})
    assert xml.status_code == 400
    assert xml["Content-Type"].startswith("text/xml")
    root = ElementTree.fromstring(xml.content)
    assert root.tag == "errors"
    assert root.find("error/code").text == "400"
    assert "NUL" in root.find("error/description").text
    assert Message.objects.count() == 0


# --- NaN, infinity and out-of-range numbers: form errors ------------------------------


@pytest.mark.parametrize("value", ["NaN", "nan", "sNaN", "Infinity", "-inf", "1e999999", "۱e۹۹"])
def test_a_coordinate_that_is_no_number_in_iran_is_a_form_error(
    citizen: Client, rudsar, value
) -> None:  # type: ignore[no-untyped-def]
    url = reverse("voice:contact", args=["rudsar"])
    response = citizen.post(url, contact_data(rudsar, latitude=value, longitude="50.0"))
    assert response.status_code == 400  # the contact form's answer to any invalid form
    assert "عرض جغرافیایی را به عدد و در محدوده ایران وارد کنید." in response.content.decode()
    response = citizen.post(url, contact_data(rudsar, latitude="37.1", longitude=value))
    assert response.status_code == 400
    assert response.context["form"].errors["longitude"]
    assert Message.objects.count() == 0


def test_persian_digits_still_give_a_coordinate(citizen: Client, rudsar) -> None:  # type: ignore[no-untyped-def]
    url = reverse("voice:contact", args=["rudsar"])
    response = citizen.post(
        url, contact_data(rudsar, latitude="۳۷٫۱۳۷۰۱۲۳۴", longitude="50.288", share_location="on")
    )
    assert response.status_code == 302
    message = Message.objects.get()
    assert (str(message.latitude), str(message.longitude)) == ("37.137012", "50.288000")


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_the_staff_phone_form_refuses_nan_coordinates(
    client_for, rudsar_reporter, rudsar, value
) -> None:  # type: ignore[no-untyped-def]
    response = client_for(rudsar_reporter).post(
        reverse("voice:new", args=["rudsar"]),
        {
            "channel": "phone",
            "kind": "request",
            "category": category(rudsar, "green-space").pk,
            "text": "درخواست هرس درختان پارک ساحلی",
            "latitude": value,
            "longitude": value,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["latitude"] and errors["longitude"]
    assert Message.objects.count() == 0


def test_an_id_beyond_any_column_is_not_a_valid_choice(
    client_for, rudsar, rudsar_reporter, rudsar_head, citizen
) -> None:  # type: ignore[no-untyped-def]
    item = make_published(rudsar, rudsar_reporter, rudsar_head, title="اطلاعیه قطع آب")
    journalist = Journalist.objects.create(
        municipality=rudsar, name="سمیرا احمدی", email="samira@example.org", consent=True
    )
    head = client_for(rudsar_head)
    for chosen in (
        [str(HUGE)],
        [str(journalist.pk), str(HUGE)],
        [str(-HUGE)],
        [str(INT64_MAX + 1)],
    ):
        response = head.post(f"/office/news/{item.pk}/distribute/", {"journalists": chosen})
        assert response.status_code == 200
        [error] = response.context["form"].errors.as_data()["journalists"]
        assert error.code == "invalid_choice"
    assert Distribution.objects.count() == 0
    # A single choice too, on the citizen's form.
    url = reverse("voice:contact", args=["rudsar"])
    response = citizen.post(url, contact_data(rudsar, category=str(HUGE)))
    assert response.status_code == 400
    assert response.context["form"].errors["category"]
    assert Message.objects.count() == 0


def test_an_id_beyond_any_column_in_the_address_is_not_found(client_for, rudsar_head) -> None:  # type: ignore[no-untyped-def]
    head = client_for(rudsar_head)
    for url in (
        f"/office/voice/{HUGE}/",
        f"/office/media/outlets/{HUGE}/",
        f"/office/news/{HUGE}/",
    ):
        assert head.get(url).status_code == 404, url


def test_every_number_a_form_takes_is_bounded() -> None:
    """A whole number no column can hold is refused by the form, not by the database.

    Plain forms bound their IntegerFields (ravabet.lib.forms.IntegerField does by default);
    a ModelForm's come from model fields whose validators carry the column's range.
    Decimal and float fields are Django's or ours, which refuse NaN and infinity.
    """
    unbounded = []
    for module_path in sorted(Path(settings.BASE_DIR, "ravabet").glob("*/forms.py")):
        module = importlib.import_module(f"ravabet.{module_path.parent.name}.forms")
        for name, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, forms.BaseForm) or form.__module__ != module.__name__:
                continue
            model_fields = (
                {f.name for f in form._meta.model._meta.get_fields()}
                if issubclass(form, forms.BaseModelForm) and form._meta.model
                else set()
            )
            for field_name, field in form.base_fields.items():  # type: ignore[attr-defined]
                if not isinstance(field, forms.IntegerField) or field_name in model_fields:
                    continue
                low, high = field.min_value, field.max_value
                bounded = isinstance(low, int) and isinstance(high, int)
                if not bounded or low < INT64_MIN or high > INT64_MAX:  # type: ignore[operator]
                    unbounded.append(f"{name}.{field_name}")
    assert unbounded == []


# --- uniqueness: a form error, also when two submits race -----------------------------

EXPERIENCE = {
    "title": "پاسخ‌گویی شبانه به پیام‌های شهروندان",
    "problem": "پیام‌های شبانه شهروندان تا صبح بی‌پاسخ می‌ماند.",
    "action": "نوبت‌دهی کارشناسان برای پاسخ‌گویی تا نیمه‌شب.",
    "result": "زمان پاسخ‌گویی به کمتر از یک ساعت رسید.",
    "tags": "",
}
SAME_EXPERIENCE_FA = "شهرداری شما پیش‌تر تجربه‌ای با همین عنوان به اشتراک گذاشته است."
SAME_OUTLET_FA = "رسانه‌ای با این نام پیش‌تر ثبت شده است."


def _raced(monkeypatch, form_class, field: str) -> None:  # type: ignore[no-untyped-def]
    """The other submit commits between this one's check and its save.

    The form's first check does not see the other record yet; any later one does.
    """
    check = getattr(form_class, f"clean_{field}")
    calls = []

    def first_misses(self):  # type: ignore[no-untyped-def]
        calls.append(1)
        return self.cleaned_data[field] if len(calls) == 1 else check(self)

    monkeypatch.setattr(form_class, f"clean_{field}", first_misses)


def test_a_second_experience_with_the_same_title_is_a_form_error(client_for, rudsar_head) -> None:  # type: ignore[no-untyped-def]
    head = client_for(rudsar_head)
    url = "/office/experience/n/east-gilan/new/"
    assert head.post(url, EXPERIENCE).status_code == 302
    response = head.post(url, EXPERIENCE)
    assert response.status_code == 200
    assert SAME_EXPERIENCE_FA in response.content.decode()
    assert Experience.objects.count() == 1


def test_renaming_an_experience_to_a_taken_title_is_a_form_error(client_for, rudsar_head) -> None:  # type: ignore[no-untyped-def]
    head = client_for(rudsar_head)
    url = "/office/experience/n/east-gilan/new/"
    head.post(url, EXPERIENCE)
    head.post(url, {**EXPERIENCE, "title": "تجربه دوم"})
    second = Experience.objects.get(title="تجربه دوم")
    response = head.post(f"/office/experience/{second.pk}/edit/", EXPERIENCE)
    assert response.status_code == 200
    assert SAME_EXPERIENCE_FA in response.content.decode()
    second.refresh_from_db()
    assert second.title == "تجربه دوم"


def test_another_municipality_may_use_the_same_title(client_for, rudsar_head, lahijan_head) -> None:  # type: ignore[no-untyped-def]
    url = "/office/experience/n/east-gilan/new/"
    assert client_for(rudsar_head).post(url, EXPERIENCE).status_code == 302
    assert client_for(lahijan_head).post(url, EXPERIENCE).status_code == 302
    assert Experience.objects.count() == 2


def test_two_racing_experiences_leave_one_record_and_no_attachment(
    client_for, rudsar_head, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from ravabet.experience.forms import ExperienceForm

    head = client_for(rudsar_head)
    url = "/office/experience/n/east-gilan/new/"
    head.post(url, EXPERIENCE)
    _raced(monkeypatch, ExperienceForm, "title")
    attachment = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    response = head.post(url, {**EXPERIENCE, "attachment": attachment})
    assert response.status_code == 200
    assert SAME_EXPERIENCE_FA in response.content.decode()
    assert Experience.objects.count() == 1
    assert ExperienceAttachment.objects.count() == 0


def test_a_second_outlet_with_the_same_name_is_a_form_error(
    client_for, rudsar, rudsar_head, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from ravabet.media.forms import OutletForm

    head = client_for(rudsar_head)
    url = "/office/m/rudsar/media/outlets/new/"
    data = {"name": "خبرگزاری ایرنا گیلان", "kind": "agency", "website": "", "notes": ""}
    assert head.post(url, data).status_code == 302
    response = head.post(url, data)
    assert response.status_code == 200
    assert SAME_OUTLET_FA in response.content.decode()
    _raced(monkeypatch, OutletForm, "name")
    response = head.post(url, data)
    assert response.status_code == 200
    assert SAME_OUTLET_FA in response.content.decode()
    other = Outlet.objects.create(municipality=rudsar, name="ب", kind="agency")
    response = head.post(f"/office/media/outlets/{other.pk}/", data)
    assert response.status_code == 200
    assert SAME_OUTLET_FA in response.content.decode()
    assert sorted(Outlet.objects.values_list("name", flat=True)) == ["ب", data["name"]]


def test_two_racing_journalists_with_one_email_leave_one(
    client_for, rudsar_head, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from ravabet.media.forms import JournalistForm

    head = client_for(rudsar_head)
    url = "/office/m/rudsar/media/new/"
    data = {"name": "سمیرا احمدی", "email": "samira@example.org", "beat": "", "phone": "",
            "notes": "", "consent": "on"}  # fmt: skip
    assert head.post(url, data).status_code == 302
    _raced(monkeypatch, JournalistForm, "email")
    response = head.post(url, {**data, "name": "سمیرا احمدی ۲"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert Journalist.objects.count() == 1
