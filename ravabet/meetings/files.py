"""Attachments: what they may be, checked by content rather than by name."""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from ravabet.core.files import DOCX, JPEG, PDF, PNG, check_upload_name
from ravabet.lib.uploads import check_zip

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
CONTENT_TYPES = {"pdf": PDF, "jpeg": JPEG, "png": PNG, "docx": DOCX}


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
    # A PDF named x.html would be a web page on the reader's computer.
    check_upload_name(upload.name or "", CONTENT_TYPES[kind])
    if kind == "docx":
        # Nothing here unpacks it, but every reader's word processor would (found from outside).
        check_zip(
            upload.read(MAX_ATTACHMENT_BYTES + 1),
            invalid=str(_("This Word file is damaged and cannot be read.")),
        )
        upload.seek(0)
