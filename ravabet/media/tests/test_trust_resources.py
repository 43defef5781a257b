"""Issue 9, resources, in media relations: an .xlsx zip bomb is refused before openpyxl
reads it, and every page or export with journalists' personal phones and emails says
``Cache-Control: no-store, private``."""

from __future__ import annotations

import time
import tracemalloc
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from ravabet.lib.tests.test_trust_resources import MB, lying_zip, real_xlsx, xlsx_bomb
from ravabet.media.models import Delivery, Distribution, Journalist
from ravabet.newsroom.models import Kind
from ravabet.newsroom.tests.conftest import make_published

IMPORT = "/office/m/rudsar/media/import/"


def test_an_xlsx_zip_bomb_is_refused_before_openpyxl_reads_it(client_for, rudsar_head, rudsar):
    bomb = xlsx_bomb(200)
    assert len(bomb) < MB
    client = client_for(rudsar_head)
    with mock.patch("openpyxl.load_workbook") as load_workbook:
        tracemalloc.start()
        started = time.perf_counter()
        response = client.post(IMPORT, {"file": SimpleUploadedFile("list.xlsx", bomb)})
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert response.status_code == 400
    assert "بمب زیپ" in response.content.decode()
    load_workbook.assert_not_called()
    assert elapsed < 2
    assert peak < 30 * MB


def test_an_xlsx_whose_sizes_lie_is_refused(client_for, rudsar_head, rudsar):
    liar = lying_zip(
        real_xlsx([["name"], ["سمیرا احمدی"]]), "xl/worksheets/sheet1.xml", megabytes=30
    )
    with mock.patch("openpyxl.load_workbook") as load_workbook:
        response = client_for(rudsar_head).post(
            IMPORT, {"file": SimpleUploadedFile("list.xlsx", liar)}
        )
    assert response.status_code == 400
    assert "آیا واقعاً فایل اکسل است" in response.content.decode()
    load_workbook.assert_not_called()


def test_a_sheet_declaring_the_widest_range_is_read_within_bounds(client_for, rudsar_head, rudsar):
    # One cell in column XFD makes openpyxl pad every row to 16,384 cells unless bounded.
    rows = [["name", "email", *[""] * 16381, "x"]]
    rows += [[f"خبرنگار {n}", f"j{n}@example.org"] for n in range(300)]
    data = real_xlsx(rows)
    tracemalloc.start()
    response = client_for(rudsar_head).post(IMPORT, {"file": SimpleUploadedFile("w.xlsx", data)})
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 200
    assert "خبرنگار 299" in response.content.decode() or "خبرنگار ۲۹۹" in response.content.decode()
    assert peak < 20 * MB


@pytest.fixture
def journalist(rudsar, rudsar_outlet):  # type: ignore[no-untyped-def]
    return Journalist.objects.create(
        municipality=rudsar,
        name="سمیرا احمدی",
        outlet=rudsar_outlet,
        email="samira@example.org",
        phone="09121112233",
        consent=True,
    )


@pytest.fixture
def release(rudsar, rudsar_reporter, rudsar_head):  # type: ignore[no-untyped-def]
    return make_published(
        rudsar, rudsar_reporter, rudsar_head, title="اطلاعیه قطع آب", kind=Kind.PRESS_RELEASE
    )


@pytest.fixture
def distribution(release, rudsar_head, journalist):  # type: ignore[no-untyped-def]
    distribution = Distribution.objects.create(
        item=release,
        created_by=rudsar_head,
        from_email="pr@rudsar.example.org",
        base_url="https://ravabet.example.org",
    )
    Delivery.objects.create(
        distribution=distribution,
        journalist=journalist,
        name=journalist.name,
        email=journalist.email,
        # A delivery is an outbox send (ravabet/outbox).
        key=Delivery.key_for(distribution.pk, journalist.email),
        source="media.delivery",
        transport="email",
        target=journalist.email,
    )
    return distribution


# Every media page or file with journalists' personal phones and emails.
PERSONAL = [
    ("media:journalists", lambda f: ["rudsar"], "samira@example.org"),
    ("media:journalist-new", lambda f: ["rudsar"], ""),
    ("media:journalist-edit", lambda f: [f["journalist"].pk], "samira@example.org"),
    ("media:import", lambda f: ["rudsar"], ""),
    ("media:export", lambda f: ["rudsar", "csv"], "samira@example.org"),
    ("media:export", lambda f: ["rudsar", "xlsx"], ""),
    ("media:distribute", lambda f: [f["release"].pk], "samira@example.org"),
    ("media:distribution", lambda f: [f["distribution"].pk], "samira@example.org"),
]


@pytest.mark.parametrize(("name", "args", "shows"), PERSONAL)
def test_journalists_pages_and_exports_are_not_stored(
    client_for, rudsar_head, journalist, release, distribution, name, args, shows
):
    url = reverse(name, args=args(locals()))
    assert getattr(resolve(url).func, "personal_data", False)
    response = client_for(rudsar_head).get(url)
    assert response.status_code == 200
    cache_control = {part.strip() for part in response.headers["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control, response.headers["Cache-Control"]
    if shows:
        assert shows in response.content.decode()
