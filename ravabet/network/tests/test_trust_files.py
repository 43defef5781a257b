"""Issue 9: a municipality's logo is public, in production too, and only ever a picture."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from ravabet.conftest import make_user
from ravabet.core.tests.filechecks import assert_opaque, assert_served, body, png_bytes


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def test_a_logo_is_public(lahijan):  # type: ignore[no-untyped-def]
    lahijan.logo.save("آرم شهرداری لاهیجان.png", ContentFile(png_bytes()))
    anonymous = Client()
    response = anonymous.get(lahijan.logo_url)
    assert_served(response, png_bytes(), "image/png", inline=True, public=True)
    page = anonymous.get(lahijan.get_absolute_url()).content.decode()
    assert f'src="{lahijan.logo_url}"' in page
    assert_opaque(lahijan.logo.name, "logos", ".png", "لاهیجان")


def test_no_logo_is_a_404(rudsar):  # type: ignore[no-untyped-def]
    assert Client().get("/media/logos/rudsar/").status_code == 404
    assert Client().get("/media/logos/nowhere/").status_code == 404


def test_a_stored_file_that_is_no_picture_is_never_a_page(lahijan):  # type: ignore[no-untyped-def]
    # As a file put there by hand, or stored before uploads were checked, might be.
    name = default_storage.save("logos/old.html", ContentFile(b"<script>alert(1)</script>"))
    lahijan.logo = name
    lahijan.save(update_fields=["logo"])
    response = Client().get(lahijan.logo_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == b"<script>alert(1)</script>"


def test_the_admin_links_the_logo_through_its_view(lahijan):  # type: ignore[no-untyped-def]
    lahijan.logo.save("logo.png", ContentFile(png_bytes()))
    admin = make_user("site-admin")
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    client = Client()
    client.force_login(admin)
    page = client.get(f"/admin/network/municipality/{lahijan.pk}/change/").content.decode()
    assert f'href="{lahijan.logo_url}"' in page
    assert f'href="/media/{lahijan.logo.name}"' not in page
