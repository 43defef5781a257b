"""Starting a draft from an agency's report, pasted or uploaded, keeping its source."""

from __future__ import annotations

import hashlib
import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile

from ravabet.conftest import SEED_REPORT
from ravabet.newsroom.models import NewsItem, Status

SEED = SEED_REPORT


def test_the_fixture_is_the_seed_byte_for_byte():
    digest = hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert digest == "9828755a16f58dde6f4bdc8e4b36748d7a7500f42c5f2877a1f0b5a11f109c0b"
    assert "خبرگزاری برنا" in SEED.read_text("utf-8")


def test_pasted_text_becomes_a_draft_with_its_source(client_for, rudsar_reporter, rudsar):
    text = SEED.read_text("utf-8")
    response = client_for(rudsar_reporter).post(
        "/office/m/rudsar/news/import/",
        {"text": text, "source_url": "https://www.borna.news/example"},
    )
    item = NewsItem.objects.get()
    assert response.status_code == 302
    assert item.status == Status.DRAFT
    assert item.source_agency == "خبرگزاری برنا"
    assert item.source_url == "https://www.borna.news/example"
    assert item.lead.startswith("به گزارش خبرگزاری برنا از گیلان")
    assert item.title.startswith("این جلسه به مناسبت 27 اردیبهشت")
    # Every paragraph after the lead is kept, in order, as a paragraph.
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert item.body.count("<p>") == len(lines) - 1
    assert "بازوان مدیران" in item.body
    assert item.revisions.count() == 1


def test_an_uploaded_txt_file(client_for, rudsar_reporter, rudsar):
    upload = SimpleUploadedFile("borna.txt", SEED.read_bytes(), content_type="text/plain")
    client_for(rudsar_reporter).post(
        "/office/m/rudsar/news/import/", {"file": upload, "title": "نشست مدیران روابط عمومی"}
    )
    item = NewsItem.objects.get()
    assert item.title == "نشست مدیران روابط عمومی"
    assert item.source_agency == "خبرگزاری برنا"


def test_an_uploaded_docx_file(client_for, rudsar_reporter, rudsar):
    document = docx.Document()
    for line in SEED.read_text("utf-8").splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    upload = SimpleUploadedFile("borna.docx", out.getvalue())
    response = client_for(rudsar_reporter).post(
        "/office/m/rudsar/news/import/", {"file": upload, "source_agency": "برنا"}
    )
    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert item.source_agency == "برنا"
    assert "سخت و زیان آور" in item.body


def test_a_broken_docx_and_an_unknown_type_get_clear_messages(client_for, rudsar_reporter, rudsar):
    client = client_for(rudsar_reporter)
    page = client.post(
        "/office/m/rudsar/news/import/", {"file": SimpleUploadedFile("x.docx", b"not a zip")}
    ).content.decode()
    assert "آیا واقعاً فایل Word است" in page
    page = client.post(
        "/office/m/rudsar/news/import/", {"file": SimpleUploadedFile("x.exe", b"MZ")}
    ).content.decode()
    assert "بارگذاری کنید" in page
    page = client.post("/office/m/rudsar/news/import/", {"text": "   "}).content.decode()
    assert "متنی بچسبانید" in page
    assert not NewsItem.objects.exists()


def test_a_manager_cannot_import(client_for, lahijan_manager, lahijan):
    assert client_for(lahijan_manager).get("/office/m/lahijan/news/import/").status_code == 403
