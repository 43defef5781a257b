"""Attachments: what they may be, checked by content rather than by name."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from ravabet.core.files import DOCX, JPEG, PDF, PNG, check_upload_name, sniff
from ravabet.lib.uploads import check_zip

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ACCEPTED_TYPES = frozenset({PDF, JPEG, PNG, DOCX})


def validate_attachment(upload: UploadedFile) -> None:
    if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file is too large: at most 10 MB is accepted."), code="too_large"
        )
    kind = sniff(upload)
    if kind not in ACCEPTED_TYPES:
        raise ValidationError(
            _("Only PDF, JPEG, PNG or Word (DOCX) files are accepted; this file is none of them."),
            code="type",
        )
    # A PDF named x.html would be a web page on the reader's computer.
    check_upload_name(upload.name or "", kind)
    if kind == DOCX:
        # Nothing here unpacks it, but every reader's word processor would (found from outside).
        check_zip(
            upload.read(MAX_ATTACHMENT_BYTES + 1),
            invalid=str(_("This Word file is damaged and cannot be read.")),
        )
        upload.seek(0)
