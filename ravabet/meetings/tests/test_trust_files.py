"""Issue 9, private files: minutes attachments and progress reports' files go to the
meeting's readers only, download under their own name, and are never a web page."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ravabet.core.tests.filechecks import (
    PDF_BYTES,
    assert_opaque,
    assert_refused,
    assert_served,
    docx_bytes,
)
from ravabet.lib.tests.test_trust_resources import docx_bomb, real_docx
from ravabet.meetings.files import validate_attachment
from ravabet.meetings.models import MinutesAttachment, ProgressUpdate

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _attach(client: Client, meeting, name: str, data: bytes):  # type: ignore[no-untyped-def]
    return client.post(
        f"/office/meetings/{meeting.pk}/attachments/",
        {"file": SimpleUploadedFile(name, data)},
        follow=True,
    )


def test_a_private_meetings_attachment_goes_to_its_office_only(  # type: ignore[no-untyped-def]
    client_for, own_meeting, rudsar_head, rudsar_reporter, lahijan_head
):
    name = "صورتجلسه داخلی مهر.pdf"
    _attach(client_for(rudsar_head), own_meeting, name, PDF_BYTES)
    attachment = MinutesAttachment.objects.get()
    url = attachment.get_absolute_url()

    assert_refused(Client().get(url), anonymous=True)
    assert_refused(client_for(lahijan_head).get(url), anonymous=False)  # another municipality
    assert_served(client_for(rudsar_reporter).get(url), PDF_BYTES, PDF, filename=name)
    page = client_for(rudsar_reporter).get(own_meeting.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page
    assert_opaque(attachment.file.name, "meetings/attachments", ".pdf", "مهر", "صورتجلسه")
    assert attachment.name == name


def test_a_network_meetings_attachment_goes_to_its_members(  # type: ignore[no-untyped-def]
    client_for, held, lahijan_head, rudsar_head, outsider
):
    _attach(client_for(lahijan_head), held, "agenda-notes.docx", docx_bytes())
    url = MinutesAttachment.objects.get().get_absolute_url()
    assert_refused(Client().get(url), anonymous=True)
    assert_refused(client_for(outsider).get(url), anonymous=False)  # outside the network
    served = client_for(rudsar_head).get(url)
    assert_served(served, docx_bytes(), DOCX, filename="agenda-notes.docx")


def test_a_progress_reports_file_goes_to_the_resolutions_readers(  # type: ignore[no-untyped-def]
    client_for, rudsar_resolution, rudsar_head, lahijan_manager, outsider
):
    response = client_for(rudsar_head).post(
        f"/office/resolutions/{rudsar_resolution.pk}/",
        {
            "text": "گزارش پیشرفت",
            "status": "in_progress",
            "attachment": SimpleUploadedFile("گزارش رودسر.pdf", PDF_BYTES),
        },
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    url = update.get_attachment_url()

    assert_refused(Client().get(url), anonymous=True)
    assert_refused(client_for(outsider).get(url), anonymous=False)
    served = client_for(lahijan_manager).get(url)
    assert_served(served, PDF_BYTES, PDF, filename="گزارش رودسر.pdf")
    page = client_for(lahijan_manager).get(rudsar_resolution.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page and "گزارش رودسر.pdf" in page
    assert_opaque(update.attachment.name, "meetings/progress", ".pdf", "رودسر")


def test_a_pdf_named_as_a_web_page_is_refused(client_for, own_meeting, rudsar_head):  # type: ignore[no-untyped-def]
    client = client_for(rudsar_head)
    for name in ("x.html", "x.htm", "minutes.svg", "run.js", "page.xhtml"):
        page = _attach(client, own_meeting, name, PDF_BYTES).content.decode()
        assert "پذیرفته نمی‌شود" in page, name
    page = _attach(client, own_meeting, "photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    assert "با محتوایش نمی‌خواند" in page.content.decode()
    assert not MinutesAttachment.objects.exists()


def test_a_disguised_progress_file_is_refused_and_the_text_kept(  # type: ignore[no-untyped-def]
    client_for, rudsar_resolution, rudsar_head
):
    response = client_for(rudsar_head).post(
        f"/office/resolutions/{rudsar_resolution.pk}/",
        {
            "text": "گزارش پیشرفت",
            "status": "in_progress",
            "attachment": SimpleUploadedFile("x.html", PDF_BYTES),
        },
    )
    assert response.status_code == 400
    assert "گزارش پیشرفت" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_files_stored_under_their_uploaders_names_are_renamed(  # type: ignore[no-untyped-def]
    client_for, held, lahijan_head, rudsar_resolution, django_capture_on_commit_callbacks
):
    old_minutes = default_storage.save(
        "meetings/2026/12/0123456789abcdef0123456789abcdef/نامه محرمانه.pdf", ContentFile(PDF_BYTES)
    )
    old_progress = default_storage.save(
        "meetings/2026/12/fedcba9876543210fedcba9876543210/report-karimi.docx",
        ContentFile(docx_bytes()),
    )
    MinutesAttachment.objects.create(meeting=held, file=old_minutes, name="نامه محرمانه.pdf")
    ProgressUpdate.objects.create(
        resolution=rudsar_resolution, author=lahijan_head, text="t", attachment=old_progress
    )
    migration = importlib.import_module("ravabet.meetings.migrations.0003_opaque_file_names")

    with django_capture_on_commit_callbacks(execute=True):
        migration.rename(apps, None)

    attachment = MinutesAttachment.objects.get()
    assert_opaque(attachment.file.name, "meetings/attachments", ".pdf", "محرمانه")
    update = ProgressUpdate.objects.get()
    assert_opaque(update.attachment.name, "meetings/progress", ".docx", "karimi")
    assert update.attachment_name == "report-karimi.docx"  # still downloads by that name
    served = client_for(lahijan_head).get(update.get_attachment_url())
    assert_served(served, docx_bytes(), DOCX, filename="report-karimi.docx")
    assert not default_storage.exists(old_minutes) and not default_storage.exists(old_progress)


def test_a_word_zip_bomb_is_refused_as_an_attachment(db) -> None:  # type: ignore[no-untyped-def]
    # Found from outside: only the imports checked a .docx's unpacked size.
    validate_attachment(SimpleUploadedFile("report.docx", real_docx()))
    with pytest.raises(ValidationError) as refused:
        validate_attachment(SimpleUploadedFile("report.docx", docx_bomb()))
    assert refused.value.code == "zip_too_big"
