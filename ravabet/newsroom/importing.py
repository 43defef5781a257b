"""Starting a draft from an agency's text: pasted, or a .txt / .docx file."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.html import escape
from django.utils.translation import gettext as _

from ravabet.lib.uploads import check_zip

MAX_IMPORT_BYTES = 5 * 1024 * 1024
# "به گزارش خبرگزاری برنا از گیلان" — the dateline names the agency.
AGENCY = re.compile(r"به\s+گزارش\s+((?:خبرگزاری|خبرگزاري|پایگاه خبری|روزنامه)\s+[^\s،,؛:]+)")


@dataclass
class ImportedText:
    title: str
    lead: str
    body_html: str
    agency: str


def read_upload(upload: UploadedFile) -> str:
    name = (upload.name or "").lower()
    if upload.size and upload.size > MAX_IMPORT_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    data = upload.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    if name.endswith(".docx"):
        unreadable = _("This .docx file could not be read; is it really a Word file?")
        # A .docx is a zip: judged by what it declares and unpacks to before python-docx.
        check_zip(data, invalid=unreadable)
        import docx

        try:
            document = docx.Document(io.BytesIO(data))
        except Exception:  # python-docx raises several kinds for a broken file
            raise ValidationError(unreadable) from None
        return "\n".join(p.text for p in document.paragraphs)
    if name.endswith(".txt"):
        for encoding in ("utf-8-sig", "cp1256"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise ValidationError(_("The text file is not in UTF-8 or Windows Arabic encoding."))
    raise ValidationError(_("Upload a .txt or .docx file."))


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def text_to_html(text: str) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs(text))


def split_news_text(text: str, title: str = "") -> ImportedText:
    parts = paragraphs(text)
    if not parts:
        raise ValidationError(_("The text is empty."))
    match = AGENCY.search(parts[0])
    agency = match.group(1) if match else ""
    lead = parts[0]
    if not title:
        # The lead's first clause after the dateline makes a working title to edit.
        first = re.split(r"[؛;]", lead, maxsplit=1)
        candidate = first[1] if len(first) > 1 and not title else first[0]
        candidate = re.split(r"(?<=[.!؟?])\s", candidate.strip(), maxsplit=1)[0]
        title = candidate.strip(" .")[:200]
    return ImportedText(
        title=title, lead=lead, body_html=text_to_html("\n".join(parts[1:])), agency=agency
    )
