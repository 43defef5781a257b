"""Issue 9, private files: a citizen's photo goes only to the staff who may see the message."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ravabet.core.tests.filechecks import assert_opaque, assert_refused, assert_served
from ravabet.voice.models import Message, Photo

from .test_contact import form_data, jpeg_with_gps


def _send_with_photo(citizen: Client, municipality) -> Photo:  # type: ignore[no-untyped-def]
    photo = {"photos": SimpleUploadedFile("maryam-ahmadi-house.jpg", jpeg_with_gps())}
    url = reverse("voice:contact", args=[municipality.slug])
    assert citizen.post(url, {**form_data(municipality), **photo}).status_code == 302
    return Photo.objects.select_related("message").get()


def test_a_citizens_photo_goes_only_to_the_messages_staff(  # type: ignore[no-untyped-def]
    citizen, client_for, rudsar, rudsar_reporter, rudsar_head, lahijan_head
):
    photo = _send_with_photo(citizen, rudsar)
    url = photo.get_absolute_url()
    with photo.image.open("rb") as f:
        stored = f.read()

    assert_refused(Client().get(url), anonymous=True)
    assert_refused(client_for(lahijan_head).get(url), anonymous=False)  # another municipality
    for staff in (rudsar_reporter, rudsar_head):
        assert_served(client_for(staff).get(url), stored, "image/jpeg", inline=True)
    # The message page shows it through that view, not through a folder.
    page = client_for(rudsar_reporter).get(photo.message.get_office_url()).content.decode()
    assert f'src="{url}"' in page and photo.image.name not in page


def test_the_stored_name_holds_neither_the_tracking_code_nor_the_file_name(citizen, rudsar):  # type: ignore[no-untyped-def]
    photo = _send_with_photo(citizen, rudsar)
    code = photo.message.code
    # Not code[:4]: four digits turn up in a random 32-hex-digit name once in ~2,300 runs.
    assert_opaque(photo.image.name, "voice/photos", ".jpg", code, "maryam", "house")


def test_the_tracking_page_shows_no_photo(citizen, rudsar):  # type: ignore[no-untyped-def]
    """The code is printed on paper and read out on the phone: it is no key to a photo."""
    photo = _send_with_photo(citizen, rudsar)
    page = citizen.get(photo.message.get_tracking_url()).content.decode()
    assert photo.get_absolute_url() not in page and photo.image.name not in page
    assert_refused(citizen.get(photo.get_absolute_url()), anonymous=True)


def test_photos_stored_under_their_tracking_code_are_renamed(  # type: ignore[no-untyped-def]
    make_message, rudsar, django_capture_on_commit_callbacks
):
    message: Message = make_message(rudsar)
    legacy = default_storage.save(
        f"voice/2026/12/{message.code}-photo", ContentFile(b"\xff\xd8\xffx")
    )
    Photo.objects.create(message=message, image=legacy)
    migration = importlib.import_module("ravabet.voice.migrations.0004_opaque_file_names")

    with django_capture_on_commit_callbacks(execute=True):
        migration.rename(apps, None)

    photo = Photo.objects.get()
    assert_opaque(photo.image.name, "voice/photos", ".jpg", message.code)
    with photo.image.open("rb") as f:
        assert f.read() == b"\xff\xd8\xffx"
    assert not default_storage.exists(legacy)
