from __future__ import annotations

import pytest

from ravabet.media.models import Journalist, Outlet


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def rudsar_outlet(rudsar):  # type: ignore[no-untyped-def]
    return Outlet.objects.create(municipality=rudsar, name="خبرگزاری ایرنا گیلان", kind="agency")


@pytest.fixture
def two_journalists(rudsar, rudsar_outlet):  # type: ignore[no-untyped-def]
    return [
        Journalist.objects.create(
            municipality=rudsar,
            name="سمیرا احمدی",
            outlet=rudsar_outlet,
            email="samira@example.org",
            phone="09121112233",
            consent=True,
        ),
        Journalist.objects.create(
            municipality=rudsar,
            name="کیوان رستمی",
            email="keyvan@example.org",
            consent=True,
        ),
    ]
