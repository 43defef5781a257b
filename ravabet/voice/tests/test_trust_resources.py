"""Issue 9, resources, in citizens' voice: a 40-megapixel photo is refused on the public
form before any pixel is decoded, the photos of one message have a byte limit together,
and every page with a citizen's details says ``Cache-Control: no-store, private``."""

from __future__ import annotations

import io
import time
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import resolve, reverse
from PIL import Image, ImageFile

from ravabet.lib.tests.test_trust_resources import huge_png
from ravabet.voice.models import AccessLog, Message, Photo

from .test_contact import form_data


def small_jpeg(seed: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (seed, 90, 30)).save(out, "JPEG")
    return out.getvalue()


def test_three_40_megapixel_pngs_are_refused_on_the_public_form(citizen: Client, rudsar) -> None:  # type: ignore[no-untyped-def]
    png = huge_png()
    assert len(png) < 128 * 1024
    photos = [SimpleUploadedFile(f"p{n}.png", png, content_type="image/png") for n in range(3)]
    with mock.patch.object(ImageFile.ImageFile, "load", autospec=True) as load:
        started = time.perf_counter()
        response = citizen.post(
            reverse("voice:contact", args=["rudsar"]), {**form_data(rudsar), "photos": photos}
        )
        elapsed = time.perf_counter() - started
    assert response.status_code == 400
    page = response.content.decode()
    assert "مگاپیکسل" in page and "۲۵" in page
    load.assert_not_called()
    assert elapsed < 2
    assert not Message.objects.exists() and not Photo.objects.exists()


def test_the_photos_of_one_message_have_a_limit_together(citizen: Client, rudsar, settings) -> None:  # type: ignore[no-untyped-def]
    photos = [small_jpeg(n) for n in range(3)]
    settings.VOICE_PHOTOS_MAX_BYTES = sum(len(p) for p in photos) - 1
    url = reverse("voice:contact", args=["rudsar"])
    response = citizen.post(
        url,
        {
            **form_data(rudsar),
            "photos": [SimpleUploadedFile(f"p{n}.jpg", p) for n, p in enumerate(photos)],
        },
    )
    assert response.status_code == 400
    assert "حجم همه عکس‌ها روی هم" in response.content.decode()
    assert not Message.objects.exists()
    # Each alone is within the per-photo limit.
    settings.VOICE_PHOTO_MAX_BYTES = max(len(p) for p in photos)
    two = [SimpleUploadedFile(f"p{n}.jpg", p) for n, p in enumerate(photos[:2])]
    assert citizen.post(url, {**form_data(rudsar), "photos": two}).status_code == 302
    assert Photo.objects.count() == 2


def test_one_photo_beyond_its_byte_limit_is_refused(citizen: Client, rudsar, settings) -> None:  # type: ignore[no-untyped-def]
    photo = small_jpeg(1)
    settings.VOICE_PHOTO_MAX_BYTES = len(photo) - 1
    response = citizen.post(
        reverse("voice:contact", args=["rudsar"]),
        {**form_data(rudsar), "photos": SimpleUploadedFile("p.jpg", photo)},
    )
    assert response.status_code == 400
    assert "مگابایت" in response.content.decode()
    assert not Message.objects.exists()


# Every voice page that shows a citizen's name, number, text or address.
PERSONAL_GET = [
    ("voice:inbox", "slug"),
    ("voice:new", "slug"),
    ("voice:access-log", "slug"),
    ("voice:report", "slug"),
    ("voice:report-pdf", "slug"),
    ("voice:message", "pk"),
]
PERSONAL_POST = [
    "voice:contact-details",
    "voice:route",
    "voice:note",
    "voice:reply",
    "voice:status",
    "voice:merge",
]


def assert_no_store(response) -> None:  # type: ignore[no-untyped-def]
    cache_control = {part.strip() for part in response.headers["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control, response.headers["Cache-Control"]


@pytest.mark.parametrize(("name", "arg"), PERSONAL_GET)
def test_office_pages_with_a_citizens_details_are_not_stored(
    client_for, rudsar_head, rudsar, make_message, name, arg
):
    message = make_message(rudsar)
    url = reverse(name, args=[rudsar.slug if arg == "slug" else message.pk])
    assert getattr(resolve(url).func, "personal_data", False)
    response = client_for(rudsar_head).get(url)
    assert response.status_code == 200
    assert_no_store(response)


@pytest.mark.parametrize("name", PERSONAL_POST)
def test_office_answers_to_a_messages_forms_are_not_stored(
    client_for, rudsar_head, rudsar, make_message, name
):
    message = make_message(rudsar)
    url = reverse(name, args=[message.pk])
    assert getattr(resolve(url).func, "personal_data", False)
    assert_no_store(client_for(rudsar_head).post(url, {}))


def test_the_citizens_own_pages_are_not_stored(citizen: Client, rudsar, make_message) -> None:  # type: ignore[no-untyped-def]
    message = make_message(rudsar)
    assert_no_store(citizen.get(reverse("voice:contact", args=["rudsar"])))
    # A refused form shows back the number the citizen typed.
    refused = citizen.post(reverse("voice:contact", args=["rudsar"]), form_data(rudsar, text=""))
    assert refused.status_code == 400 and "۰۹۱۲" in refused.content.decode()
    assert_no_store(refused)
    assert_no_store(citizen.get(message.get_tracking_url()))


def test_only_a_post_reveals_contact_details_and_logs_it(
    client_for, rudsar_head, rudsar, make_message
):  # type: ignore[no-untyped-def]
    # Found from outside: a GET (a link, a prefetch) revealed them and logged a reading in
    # the staff member's name.
    message = make_message(rudsar)
    url = reverse("voice:contact-details", args=[message.pk])
    client = client_for(rudsar_head)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == message.get_office_url()
    assert not AccessLog.objects.exists()
    shown = client.post(url)
    assert "۰۹۱۲۱۲۳۴۵۶۷" in shown.content.decode()
    assert AccessLog.objects.count() == 1
