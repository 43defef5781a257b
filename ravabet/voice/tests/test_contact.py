from __future__ import annotations

import io
import re
import threading

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from PIL import Image

from ravabet.voice.models import Category, Channel, Message, Photo, Status
from ravabet.voice.photos import GPS_IFD
from ravabet.voice.public_views import NEW_PIN_COOKIE

from .conftest import category


def form_data(municipality, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "kind": "complaint",
        "category": category(municipality).pk,
        "text": "زباله‌های کوچه بهار از دوشنبه جمع‌آوری نشده است",
        "address": "رودسر، خیابان امام، کوچه بهار",
        "name": "مریم احمدی",
        "mobile": "۰۹۱۲ ۱۲۳ ۴۵۶۷",
        "national_code": "",
        "consent": "on",
        "website": "",
        "form_token": "a" * 32,
    }
    data.update(overrides)
    return data


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "green")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (37.0, 11.0, 30.0), 3: "E", 4: (50.0, 0.0, 10.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_contact_page_renders_without_javascript(citizen: Client, rudsar) -> None:  # type: ignore[no-untyped-def]
    response = citizen.get(reverse("voice:contact", args=["rudsar"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'name="form_token"' in html
    assert "نظافت و پسماند" in html  # default categories seeded on first use
    assert citizen.get(reverse("voice:contact", args=["nowhere"])).status_code == 404


def test_the_form_shows_the_subjects_as_they_are_now_in_the_visitors_language(
    citizen: Client, rudsar
) -> None:  # type: ignore[no-untyped-def]
    url = reverse("voice:contact", args=["rudsar"])
    first = citizen.get(url).content.decode()
    assert "نظافت و پسماند" in first
    # The office renames a subject and stops another: the next visitor sees both at once
    # (the drawn fields are kept, but never past a change of the subjects).
    waste = category(rudsar)
    waste.name = "پسماند و بازیافت"
    waste.save(update_fields=["name"])
    Category.objects.filter(municipality=rudsar, code="green-space").update(is_active=False)
    now = citizen.get(url).content.decode()
    assert "پسماند و بازیافت" in now and "نظافت و پسماند" not in now
    assert "فضای سبز" not in now
    # Each visitor gets their own form token; English pages get English fields.
    tokens = re.findall(r'name="form_token" value="([0-9a-f]{32})"', first + now)
    assert len(tokens) == 2 and tokens[0] != tokens[1]
    citizen.cookies.load({"django_language": "en"})
    english = citizen.get(url).content.decode()
    assert "Your message" in english and "Urban services" in english
    assert "پیام شما" not in english


def test_a_citizen_sends_a_complaint_and_gets_a_readable_code(citizen: Client, rudsar) -> None:  # type: ignore[no-untyped-def]
    response = citizen.post(
        reverse("voice:contact", args=["rudsar"]), form_data(rudsar), follow=True
    )
    message = Message.objects.get()
    assert re.fullmatch(r"[2-9]{8}", message.code)
    assert message.mobile == "09121234567"
    assert message.channel == Channel.WEB
    assert message.status == Status.NEW
    assert message.consent
    assert message.due_on > message.received_at.date()
    html = response.content.decode()
    assert message.display_code in html  # in Persian digits
    assert "09121234567" not in html and "۰۹۱۲۱۲۳۴۵۶۷" not in html


def test_a_double_click_creates_one_message(citizen: Client, rudsar) -> None:  # type: ignore[no-untyped-def]
    url = reverse("voice:contact", args=["rudsar"])
    first = citizen.post(url, form_data(rudsar))
    second = citizen.post(url, form_data(rudsar))
    assert Message.objects.count() == 1
    assert first["Location"] == second["Location"] == Message.objects.get().get_tracking_url()


def _shown_pin(html: str) -> str:
    match = re.search(r'data-testid="pin">([۲-۹]{3}-[۲-۹]{3})</bdi>', html)
    assert match, "the PIN card"
    return re.sub(r"\D", "", match.group(1).translate(str.maketrans("۲۳۴۵۶۷۸۹", "23456789")))


def test_a_citizen_whose_session_cannot_be_written_is_told_the_truth_and_gets_the_pin(
    citizen: Client, rudsar, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # A browser with a session already (it proved a PIN before): under load SQLite refused
    # the session's write after the message's commit, and the citizen got a 400 "session
    # interrupted" for a message that was stored.
    session = citizen.session
    session["voice_proven"] = []
    session.save()

    def locked(*args: object, **kwargs: object) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr(Session, "save", locked)
    url = reverse("voice:contact", args=["rudsar"])
    first = citizen.post(url, form_data(rudsar))
    retry = citizen.post(url, form_data(rudsar))  # the same form sent again
    message = Message.objects.get()
    assert first.status_code == retry.status_code == 302
    assert first["Location"] == retry["Location"] == message.get_tracking_url()
    # The PIN is in no URL; it goes to this message's tracking page only, out of scripts' reach.
    cookie = first.cookies[NEW_PIN_COOKIE]
    assert cookie["path"] == message.get_tracking_url() and cookie["httponly"]
    assert 0 < int(cookie["max-age"]) <= 600
    assert NEW_PIN_COOKIE not in retry.cookies  # a retry has no PIN to give

    monkeypatch.undo()
    page = citizen.get(message.get_tracking_url())
    assert message.check_pin(_shown_pin(page.content.decode()))
    assert page.cookies[NEW_PIN_COOKIE].value == ""  # deleted once shown
    again = citizen.get(message.get_tracking_url()).content.decode()
    assert 'data-testid="pin"' not in again
    assert "زباله‌های کوچه بهار" in again  # the sender's browser is proven


def test_a_pin_cookie_opens_only_its_own_message(citizen: Client, rudsar, make_message) -> None:  # type: ignore[no-untyped-def]
    sent = citizen.post(reverse("voice:contact", args=["rudsar"]), form_data(rudsar))
    mine = Message.objects.get()
    other = make_message(rudsar, text="چراغ پارک خاموش است")
    # The signed PIN of one message, sent to another's tracking page, shows nothing there.
    stranger = Client()
    stranger.cookies[NEW_PIN_COOKIE] = sent.cookies[NEW_PIN_COOKIE].value
    html = stranger.get(other.get_tracking_url()).content.decode()
    assert 'data-testid="pin"' not in html and "چراغ پارک" not in html
    # Nor does the PIN without the server's signature, on its own page.
    stranger.cookies[NEW_PIN_COOKIE] = sent.cookies[NEW_PIN_COOKIE].value.split(":")[0]
    assert 'data-testid="pin"' not in stranger.get(mine.get_tracking_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_of_one_form_create_one_message(rudsar) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection, connections

    if connection.vendor == "sqlite":
        pytest.skip("in-memory SQLite locks whole tables; bench/bench_voice.py covers SQLite")
    url = reverse("voice:contact", args=["rudsar"])
    data = form_data(rudsar)
    locations: list[str] = []

    def post() -> None:
        try:
            locations.append(Client().post(url, data)["Location"])
        finally:
            connections.close_all()  # this thread's connection, or the test database stays in use

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Message.objects.count() == 1
    assert set(locations) == {Message.objects.get().get_tracking_url()}


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"mobile": "12345"}, "شماره همراه ایرانی"),
        ({"consent": ""}, "موافقت"),
        ({"national_code": "1111111111"}, "کد ملی"),
        ({"text": ""}, "پیام خود"),
        ({"text": "x" * 4001}, "۴۰۰۰"),
        ({"website": "http://spam.example"}, "خالی"),
        ({"kind": "threat"}, "انتخاب"),
        ({"share_location": "on", "latitude": "abc"}, "عرض جغرافیایی"),
    ],
)
def test_bad_input_gets_a_clear_persian_message_and_saves_nothing(
    citizen: Client,
    rudsar,
    overrides,
    error,  # type: ignore[no-untyped-def]
) -> None:
    response = citizen.post(
        reverse("voice:contact", args=["rudsar"]), form_data(rudsar, **overrides)
    )
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Message.objects.exists()


def test_html_in_the_text_is_stored_as_text_and_shown_escaped(citizen: Client, rudsar) -> None:  # type: ignore[no-untyped-def]
    text = '<script>alert("x")</script> چاله خیابان'
    response = citizen.post(
        reverse("voice:contact", args=["rudsar"]), form_data(rudsar, text=text), follow=True
    )
    assert Message.objects.get().text == text
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_rate_limit_per_phone_number(citizen: Client, rudsar, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAVABET_VOICE_LIMITS = {"mobile": (2, 3600), "ip": (100, 600)}
    url = reverse("voice:contact", args=["rudsar"])
    for i in range(2):
        assert citizen.post(url, form_data(rudsar, form_token=f"{i:032x}")).status_code == 302
    response = citizen.post(url, form_data(rudsar, form_token="f" * 32))
    assert response.status_code == 429
    assert "بیش از حد" in response.content.decode()
    assert Message.objects.count() == 2
    # Another number from the same address still gets through.
    other = form_data(rudsar, form_token="e" * 32, mobile="09351112233")
    assert citizen.post(url, other).status_code == 302


def test_rate_limit_per_address(citizen: Client, rudsar, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAVABET_VOICE_LIMITS = {"ip": (1, 600)}
    url = reverse("voice:contact", args=["rudsar"])
    assert citizen.post(url, form_data(rudsar)).status_code == 302
    limited = citizen.post(url, form_data(rudsar, form_token="b" * 32, mobile="09351112233"))
    assert limited.status_code == 429
    assert Message.objects.count() == 1


def test_photo_location_is_stripped_unless_shared(citizen: Client, rudsar) -> None:  # type: ignore[no-untyped-def]
    url = reverse("voice:contact", args=["rudsar"])
    photo = SimpleUploadedFile("street.png", jpeg_with_gps(), content_type="image/png")
    assert citizen.post(url, {**form_data(rudsar), "photos": photo}).status_code == 302
    stored = Photo.objects.get()
    with Image.open(stored.image.path) as image:
        assert image.format == "JPEG"  # judged by content, not by the name
        exif = image.getexif()
        assert GPS_IFD not in exif
        assert exif[0x010F] == "PhoneMaker"

    shared = SimpleUploadedFile("street.jpg", jpeg_with_gps(), content_type="image/jpeg")
    data = form_data(
        rudsar, form_token="c" * 32, share_location="on", latitude="۳۷٫۱۹", longitude="50.0028"
    )
    assert citizen.post(url, {**data, "photos": shared}).status_code == 302
    message = Message.objects.get(form_token="c" * 32)
    assert str(message.latitude) == "37.190000"
    with Image.open(message.photos.get().image.path) as image:
        assert GPS_IFD in image.getexif()


def test_a_file_that_is_not_a_photo_is_refused(citizen: Client, rudsar) -> None:  # type: ignore[no-untyped-def]
    fake = SimpleUploadedFile("photo.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    response = citizen.post(
        reverse("voice:contact", args=["rudsar"]), {**form_data(rudsar), "photos": fake}
    )
    assert response.status_code == 400
    assert "JPEG" in response.content.decode()
    assert not Message.objects.exists()
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, format="GIF")
    response = citizen.post(
        reverse("voice:contact", args=["rudsar"]),
        {**form_data(rudsar), "photos": SimpleUploadedFile("a.png", gif.getvalue())},
    )
    assert response.status_code == 400
    assert not Message.objects.exists()


def test_public_municipality_page_links_to_the_form(citizen: Client, rudsar) -> None:  # type: ignore[no-untyped-def]
    html = citizen.get(reverse("network:municipality", args=["rudsar"])).content.decode()
    assert reverse("voice:contact", args=["rudsar"]) in html
    assert reverse("voice:track") in html


def test_an_overloaded_database_gets_a_clear_retry_message_not_a_500(
    citizen: Client,
    rudsar,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    from django.db import OperationalError

    from ravabet.voice import public_views as views

    def busy(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("database is locked")

    monkeypatch.setattr(views, "submit_message", busy)
    response = citizen.post(reverse("voice:contact", args=["rudsar"]), form_data(rudsar))
    assert response.status_code == 503
    assert "دوباره" in response.content.decode()
    assert 'value="' + "a" * 32 + '"' in response.content.decode()  # the same token, kept
    assert not Message.objects.exists()
