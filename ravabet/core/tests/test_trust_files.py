"""Issue 9: no folder of uploads is served; in production the web server sends the bytes."""

from __future__ import annotations

import importlib

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import Resolver404, clear_url_caches, resolve

from ravabet.core.tests.filechecks import png_bytes

from .test_settings import PRODUCTION, _manage


@pytest.fixture
def debug_urls(settings):  # type: ignore[no-untyped-def]
    """The URLconf as `make run` builds it (DEBUG is read when ravabet.urls is imported)."""
    import ravabet.urls

    settings.DEBUG = True
    importlib.reload(ravabet.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(ravabet.urls)
    clear_url_caches()


@pytest.mark.parametrize(
    "path",
    [
        "/media/voice/2026/12/RD-1234-5678-photo",
        "/media/voice/photos/ab/ab0123456789abcdef0123456789abcd.jpg",
        "/media/meetings/2026/12/0123456789abcdef0123456789abcdef/minutes.pdf",
        "/media/experience/attachments/ab/ab0123456789abcdef0123456789abcd.pdf",
        "/media/news/rudsar/ab/ab0123456789abcdef0123456789abcd.jpg",
    ],
)
def test_make_run_serves_no_folder_of_uploads(debug_urls, path):  # type: ignore[no-untyped-def]
    with pytest.raises(Resolver404):
        resolve(path)


def test_behind_nginx_django_only_says_which_file(settings, tmp_path, lahijan):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    lahijan.logo.save("logo.png", ContentFile(png_bytes()))
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    settings.SENDFILE_URL = "/protected-media"
    response = Client().get(lahijan.logo_url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{lahijan.logo.name}"
    assert response.content == b""
    # Django's answer has no body; nginx sends the file and counts its bytes itself.
    assert response["Content-Length"] == "0"
    # nginx keeps these from Django's answer (README: the internal location adds nosniff).
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Cache-Control"].startswith("public, max-age=")


def test_production_sends_files_through_nginx_unless_told_otherwise():  # type: ignore[no-untyped-def]
    code = (
        "from django.conf import settings; print(settings.SENDFILE_BACKEND, settings.SENDFILE_URL)"
    )
    result = _manage("shell", "-c", code, **PRODUCTION)
    last = result.stdout.strip().splitlines()[-1]
    assert last.split() == ["django_sendfile.backends.nginx", "/protected-media"], result
    result = _manage("shell", "-c", code, RAVABET_DEBUG="1")
    assert result.stdout.strip().splitlines()[-1].split()[0] == "django_sendfile.backends.simple"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("RAVABET_SENDFILE_BACKEND", "apache2", "RAVABET_SENDFILE_BACKEND='apache2' is not one of"),
        ("RAVABET_SENDFILE_URL", "protected", "RAVABET_SENDFILE_URL='protected' is not a path"),
    ],
)
def test_a_bad_file_sending_setting_stops_start_up(variable, value, message):  # type: ignore[no-untyped-def]
    result = _manage("check", **{**PRODUCTION, variable: value})
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
