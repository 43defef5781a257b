"""Issue 9, resources: a municipality's logo is judged by its header (bytes, format,
pixels) before Pillow decodes anything; a 40-megapixel PNG is refused with a clear error."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image, ImageFile

from ravabet.conftest import make_user
from ravabet.lib.tests.test_trust_resources import huge_png


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def site_admin(db) -> Client:  # type: ignore[no-untyped-def]
    admin = make_user("site-admin")
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    client = Client()
    client.force_login(admin)
    return client


def change(client: Client, municipality, logo: bytes, name: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"/admin/network/municipality/{municipality.pk}/change/",
        {
            "name": municipality.name,
            "name_en": municipality.name_en,
            "slug": municipality.slug,
            "province": municipality.province,
            "county": municipality.county,
            "about": "",
            "website": "",
            "logo": SimpleUploadedFile(name, logo),
            "departments-TOTAL_FORMS": "0",
            "departments-INITIAL_FORMS": "0",
            "departments-MIN_NUM_FORMS": "0",
            "departments-MAX_NUM_FORMS": "1000",
        },
    )


def test_a_40_megapixel_logo_is_refused(site_admin, rudsar):  # type: ignore[no-untyped-def]
    with mock.patch.object(ImageFile.ImageFile, "load", autospec=True) as load:
        response = change(site_admin, rudsar, huge_png(), "logo.png")
    assert response.status_code == 200
    page = response.content.decode()
    assert "مگاپیکسل" in page and "۸۰۰۰×۵۰۰۰" in page
    load.assert_not_called()
    rudsar.refresh_from_db()
    assert not rudsar.logo


def test_a_heavy_logo_is_refused_and_a_small_one_kept(site_admin, rudsar, settings):  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    Image.new("RGB", (120, 120), "teal").save(out, "PNG")
    settings.LOGO_MAX_BYTES = len(out.getvalue()) - 1
    response = change(site_admin, rudsar, out.getvalue(), "logo.png")
    assert response.status_code == 200 and "مگابایت" in response.content.decode()
    settings.LOGO_MAX_BYTES = len(out.getvalue())
    assert change(site_admin, rudsar, out.getvalue(), "logo.png").status_code == 302
    rudsar.refresh_from_db()
    assert rudsar.logo.name.endswith(".png")
