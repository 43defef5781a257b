from __future__ import annotations

import io

import pytest
from PIL import Image

from ravabet.newsroom.actions import approve_item, publish_item, save_news_item
from ravabet.newsroom.models import Kind, NewsItem


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def photo_bytes(fmt: str = "JPEG", size: tuple[int, int] = (1600, 1000), gps: bool = True) -> bytes:
    image = Image.new("RGB", size, (30, 120, 90))
    for x in range(0, size[0], 50):
        for y in range(0, size[1], 50):
            image.putpixel((x, y), (250, 250, 250))
    out = io.BytesIO()
    if fmt == "JPEG" and gps:
        exif = Image.Exif()
        exif[0x010F] = "TestCam"  # Make
        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[1] = "N"
        gps_ifd[2] = (37.0, 12.0, 30.0)
        gps_ifd[3] = "E"
        gps_ifd[4] = (50.0, 0.0, 10.0)
        image.save(out, fmt, exif=exif)
    else:
        image.save(out, fmt)
    return out.getvalue()


def make_item(
    municipality, author, *, title="بازگشایی پل عابر پیاده میدان اصلی", **fields
) -> NewsItem:  # type: ignore[no-untyped-def]
    item = NewsItem(
        municipality=municipality,
        title=title,
        lead=fields.pop("lead", "پل عابر پیاده میدان اصلی شهر امروز با حضور شهردار بازگشایی شد."),
        body=fields.pop("body", "<p>این پل با اعتبار ۱۲ میلیارد ریال ساخته شده است.</p>"),
        kind=fields.pop("kind", Kind.NEWS),
        **fields,
    )
    return save_news_item(item, author)


def make_published(municipality, author, head, **fields) -> NewsItem:  # type: ignore[no-untyped-def]
    item = make_item(municipality, author, **fields)
    approve_item(item, head)
    return publish_item(item, head)


@pytest.fixture
def rudsar_draft(rudsar, rudsar_reporter) -> NewsItem:  # type: ignore[no-untyped-def]
    return make_item(rudsar, rudsar_reporter)


@pytest.fixture
def rudsar_published(rudsar, rudsar_reporter, rudsar_head) -> NewsItem:  # type: ignore[no-untyped-def]
    return make_published(rudsar, rudsar_reporter, rudsar_head)
