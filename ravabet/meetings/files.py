"""Attachments: what they may be, checked by content rather than by name."""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def _kind(head: bytes, upload: UploadedFile) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        # A DOCX is a ZIP holding word/document.xml; any other ZIP is refused.
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return None
    return None


def validate_attachment(upload: UploadedFile) -> None:
    if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file is too large: at most 10 MB is accepted."), code="too_large"
        )
    upload.seek(0)
    head = upload.read(16)
    kind = _kind(head, upload)
    upload.seek(0)
    if kind is None:
        raise ValidationError(
            _("Only PDF, JPEG, PNG or Word (DOCX) files are accepted; this file is none of them."),
            code="type",
        )
