"""Photos are checked by what they contain, stripped of EXIF/GPS, and resized."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ravabet.newsroom.models import Photo

from .conftest import photo_bytes


def upload(client, item, content: bytes, name: str, **extra):  # type: ignore[no-untyped-def]
    return client.post(
        f"/office/news/{item.pk}/photos/",
        {
            "image": SimpleUploadedFile(name, content),
            "caption": "نمای پل",
            "credit": "علی عکاس",
            **extra,
        },
        follow=True,
    )


def test_a_jpeg_is_stored_without_gps_and_with_renditions(
    client_for, rudsar_reporter, rudsar_draft
):
    original = photo_bytes("JPEG", (2400, 1500), gps=True)
    with Image.open(io.BytesIO(original)) as probe:
        assert probe.getexif().get_ifd(0x8825)  # the fixture really has a location
    response = upload(client_for(rudsar_reporter), rudsar_draft, original, "pol.jpg")
    assert "عکس افزوده شد" in response.content.decode()
    photo = Photo.objects.get(item=rudsar_draft)
    assert (photo.caption, photo.credit, photo.width, photo.height) == (
        "نمای پل",
        "علی عکاس",
        2400,
        1500,
    )
    for field, width in ((photo.image, 2400), (photo.page, 1200), (photo.feed, 600)):
        with field.open("rb") as f, Image.open(f) as stored:
            assert stored.width == width
            exif = stored.getexif()
            assert not exif.get_ifd(0x8825), "GPS must be stripped"
            assert 0x010F not in exif
    assert str(photo.image.name).startswith("news/rudsar/")


def test_png_and_webp_are_accepted(client_for, rudsar_reporter, rudsar_draft):
    client = client_for(rudsar_reporter)
    upload(client, rudsar_draft, photo_bytes("PNG", (300, 200)), "a.png")
    upload(client, rudsar_draft, photo_bytes("WEBP", (300, 200)), "b.webp")
    names = sorted(
        str(p.image.name).rsplit(".", 1)[1] for p in Photo.objects.filter(item=rudsar_draft)
    )
    assert names == ["png", "webp"]


def test_an_executable_named_jpg_is_refused(client_for, rudsar_reporter, rudsar_draft):
    fake = (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
        + b"\x00" * 200
        + b"This program cannot be run in DOS mode"
    )
    response = upload(client_for(rudsar_reporter), rudsar_draft, fake, "photo.jpg")
    assert response.status_code == 400
    assert "هر نامی که داشته باشد، عکس JPEG، PNG یا WebP نیست" in response.content.decode()
    assert not Photo.objects.exists()


def test_a_gif_or_script_disguised_as_png_is_refused(client_for, rudsar_reporter, rudsar_draft):
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    client = client_for(rudsar_reporter)
    assert upload(client, rudsar_draft, gif.getvalue(), "x.png").status_code == 400
    assert upload(client, rudsar_draft, b"#!/bin/sh\nrm -rf /\n", "x.png").status_code == 400
    assert not Photo.objects.exists()


def test_pixel_and_size_limits(client_for, rudsar_reporter, rudsar_draft, settings):
    client = client_for(rudsar_reporter)
    settings.UPLOAD_MAX_IMAGE_PIXELS = 100 * 100
    response = upload(client, rudsar_draft, photo_bytes("PNG", (200, 200)), "big.png")
    assert response.status_code == 400 and "مگاپیکسل" in response.content.decode()
    settings.NEWS_PHOTO_MAX_BYTES = 1000
    response = upload(client, rudsar_draft, photo_bytes("JPEG", (400, 400)), "heavy.jpg")
    assert response.status_code == 400 and "مگابایت" in response.content.decode()
    assert not Photo.objects.exists()


def test_photo_access(client_for, lahijan_head, lahijan_manager, rudsar_reporter, rudsar_draft):
    upload(client_for(rudsar_reporter), rudsar_draft, photo_bytes("PNG", (50, 50)), "a.png")
    photo = Photo.objects.get()
    assert (
        client_for(lahijan_head).post(f"/office/news/photos/{photo.pk}/remove/").status_code == 404
    )
    assert (
        upload(
            client_for(lahijan_head), rudsar_draft, photo_bytes("PNG", (50, 50)), "b.png"
        ).status_code
        == 404
    )
    client_for(rudsar_reporter).post(f"/office/news/photos/{photo.pk}/remove/")
    assert not Photo.objects.exists()
