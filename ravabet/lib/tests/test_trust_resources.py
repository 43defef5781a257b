"""Issue 9, resources: archives and images are refused by what they declare, before any
library decodes them. The helpers here make the hostile files, small and fast, for the
apps' own test_trust_resources."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import warnings
import zipfile

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from ravabet.lib.uploads import check_image, check_zip, limit_pillow

MB = 1024 * 1024
UNREADABLE = "unreadable"


def huge_png(size: tuple[int, int] = (8000, 5000)) -> bytes:
    """A PNG of 40 megapixels in a few kilobytes: 1-bit, all black."""
    out = io.BytesIO()
    Image.new("1", size).save(out, "PNG")
    return out.getvalue()


def _rebuild(original: bytes, member: str, megabytes: int, *, force_zip64: bool = False) -> bytes:
    """``original`` with ``member`` followed by ``megabytes`` MB of spaces (still valid XML)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(original)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename != member:
                target.writestr(info.filename, data)
                continue
            with target.open(info.filename, "w", force_zip64=force_zip64) as stream:
                stream.write(data)
                spaces = b" " * MB
                for _ in range(megabytes):
                    stream.write(spaces)
    return out.getvalue()


def real_docx(text: str = "به گزارش خبرگزاری برنا از گیلان؛ متن خبر.") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_bomb(megabytes: int = 300) -> bytes:
    """A real .docx whose document.xml unpacks to ``megabytes`` MB: a few hundred KB."""
    return _rebuild(real_docx(), "word/document.xml", megabytes, force_zip64=True)


def real_xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_bomb(megabytes: int = 300) -> bytes:
    return _rebuild(
        real_xlsx([["name", "email"], ["مریم احمدی", "m@example.org"]]),
        "xl/worksheets/sheet1.xml",
        megabytes,
        force_zip64=True,
    )


def lying_zip(original: bytes, member: str, megabytes: int = 30, declared: int = 1000) -> bytes:
    """The member unpacks to ``megabytes`` MB but its headers say ``declared`` bytes."""
    data = bytearray(_rebuild(original, member, megabytes))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(member)
    # The local header's uncompressed size is at +22, the central directory's at +24.
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    name = member.encode()
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) != -1:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + name_length]) == name:
            struct.pack_into("<I", data, at + 24, declared)
        at += 4
    return bytes(data)


def refused(data: bytes, **limits: int) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_zip(data, invalid=UNREADABLE, **limits)
    return caught.value


def test_a_real_docx_and_xlsx_pass() -> None:
    check_zip(real_docx(), invalid=UNREADABLE)
    check_zip(real_xlsx([["name"], ["x"]]), invalid=UNREADABLE)


def test_a_zip_bomb_is_refused_by_its_directory_fast_and_small() -> None:
    bomb = docx_bomb(300)
    assert len(bomb) < 2 * MB
    tracemalloc.start()
    started = time.perf_counter()
    error = refused(bomb)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert error.code == "zip_too_big"
    assert elapsed < 0.5
    assert peak < 5 * MB


def test_a_member_packed_beyond_the_ratio_is_refused() -> None:
    # 5 MB of spaces packs to a few KB: under the 20 MB total, far over a 100:1 ratio.
    assert refused(_rebuild(real_docx(), "word/document.xml", 5)).code == "zip_ratio"


def test_too_many_members_are_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for number in range(30):
            archive.writestr(f"part{number}.xml", "<a/>")
    assert refused(out.getvalue(), max_members=20).code == "zip_too_many"


def test_sizes_that_lie_are_caught_by_the_bounded_reader() -> None:
    liar = lying_zip(real_docx(), "word/document.xml", megabytes=30)
    with zipfile.ZipFile(io.BytesIO(liar)) as archive:
        assert archive.getinfo("word/document.xml").file_size == 1000
    tracemalloc.start()
    error = refused(liar)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert error.code == "invalid"
    assert peak < 5 * MB


def test_not_a_zip_gets_the_callers_message() -> None:
    error = refused(b"PK\x03\x04 but nothing more")
    assert error.messages == [UNREADABLE]


def test_a_40_megapixel_png_is_refused_by_its_header(settings) -> None:  # type: ignore[no-untyped-def]
    png = huge_png()
    assert len(png) < 128 * 1024
    started = time.perf_counter()
    with pytest.raises(ValidationError) as caught:
        check_image(io.BytesIO(png), formats={"PNG"}, max_bytes=5 * MB, invalid=UNREADABLE)
    assert time.perf_counter() - started < 0.5
    assert caught.value.code == "too_many_pixels"
    assert "مگاپیکسل" in caught.value.messages[0]


def test_an_image_beyond_twice_pillows_limit_is_refused_too() -> None:
    # Pillow itself raises DecompressionBombError past twice MAX_IMAGE_PIXELS.
    with pytest.raises(ValidationError) as caught:
        check_image(
            io.BytesIO(huge_png((10000, 6000))),
            formats={"PNG"},
            max_bytes=5 * MB,
            invalid=UNREADABLE,
        )
    assert caught.value.code == "too_many_pixels"


def test_pillow_is_limited_project_wide(settings) -> None:  # type: ignore[no-untyped-def]
    # Set once at start-up (core's AppConfig.ready) for every Pillow use in the process.
    assert settings.UPLOAD_MAX_IMAGE_PIXELS == 25_000_000
    assert Image.MAX_IMAGE_PIXELS == 25_000_000
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(huge_png((10000, 6000))))
    # pytest restores the warning filters ready() set; set them again inside a guard.
    with warnings.catch_warnings():
        limit_pillow(settings.UPLOAD_MAX_IMAGE_PIXELS)
        with pytest.raises(Image.DecompressionBombWarning):
            Image.open(io.BytesIO(huge_png()))


def test_bytes_format_and_a_good_image() -> None:
    small = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(small, "PNG")
    data = small.getvalue()
    header = check_image(io.BytesIO(data), formats={"PNG"}, max_bytes=MB, invalid=UNREADABLE)
    assert header == ("PNG", 40, 30)
    with pytest.raises(ValidationError) as caught:
        check_image(io.BytesIO(data), formats={"PNG"}, max_bytes=10, invalid=UNREADABLE)
    assert caught.value.code == "too_big"
    with pytest.raises(ValidationError) as caught:
        check_image(io.BytesIO(data), formats={"JPEG"}, max_bytes=MB, invalid=UNREADABLE)
    assert caught.value.code == "bad_format"
    with pytest.raises(ValidationError) as caught:
        check_image(io.BytesIO(b"GIF89a-no"), formats={"PNG"}, max_bytes=MB, invalid=UNREADABLE)
    assert caught.value.messages == [UNREADABLE]
