"""Issue 9, private files: a shared experience's file goes to the network's readers only."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ravabet.core.tests.filechecks import PDF_BYTES, assert_opaque, assert_refused, assert_served
from ravabet.experience.models import Experience, ExperienceAttachment

from .test_experience import FORM


def _share(client: Client, name: str, data: bytes):  # type: ignore[no-untyped-def]
    attachment = SimpleUploadedFile(name, data)
    return client.post("/office/experience/n/east-gilan/new/", {**FORM, "attachment": attachment})


def test_an_experiences_file_goes_to_the_networks_readers_only(  # type: ignore[no-untyped-def]
    client_for, rudsar_head, lahijan_manager, observer, outsider
):
    name = "دستور کار پاسخ گویی شبانه.pdf"  # Django drops a ZWNJ from an upload's name
    assert _share(client_for(rudsar_head), name, PDF_BYTES).status_code == 302
    attachment = ExperienceAttachment.objects.get()
    url = attachment.get_absolute_url()

    assert_refused(Client().get(url), anonymous=True)
    assert_refused(client_for(outsider).get(url), anonymous=False)  # outside the network
    for reader in (lahijan_manager, observer):
        assert_served(client_for(reader).get(url), PDF_BYTES, "application/pdf", filename=name)
    page = client_for(lahijan_manager).get(attachment.experience.get_absolute_url())
    assert f'href="{url}"' in page.content.decode()
    assert_opaque(attachment.file.name, "experience/attachments", ".pdf", "شبانه")


def test_a_pdf_named_as_a_web_page_is_refused(client_for, rudsar_head):  # type: ignore[no-untyped-def]
    response = _share(client_for(rudsar_head), "x.html", PDF_BYTES)
    assert response.status_code == 200
    assert "پذیرفته نمی‌شود" in response.content.decode()
    assert not Experience.objects.exists()


def test_files_stored_under_their_uploaders_names_are_renamed(  # type: ignore[no-untyped-def]
    client_for, rudsar_head, lahijan_manager, django_capture_on_commit_callbacks
):
    assert _share(client_for(rudsar_head), "a.pdf", PDF_BYTES).status_code == 302
    attachment = ExperienceAttachment.objects.get()
    legacy = default_storage.save(
        "experience/2026/12/0123456789abcdef0123456789abcdef/report-mina-karimi.pdf",
        ContentFile(PDF_BYTES),
    )
    ExperienceAttachment.objects.filter(pk=attachment.pk).update(file=legacy)
    migration = importlib.import_module("ravabet.experience.migrations.0002_opaque_file_names")

    with django_capture_on_commit_callbacks(execute=True):
        migration.rename(apps, None)

    attachment.refresh_from_db()
    assert_opaque(attachment.file.name, "experience/attachments", ".pdf", "karimi")
    served = client_for(lahijan_manager).get(attachment.get_absolute_url())
    assert_served(served, PDF_BYTES, "application/pdf", filename="a.pdf")
    assert not default_storage.exists(legacy)
