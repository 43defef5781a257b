"""Evidence packs as PDFs: WeasyPrint with Vazirmatn for Persian shaping, right to left
(the pattern of meetings/pdf.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from ravabet.meetings.pdf import font_url


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    # A committee reads Persian: the PDF is in the site's language whatever the reader's.
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            template,
            {**context, "font_regular": font_url("Regular"), "font_bold": font_url("Bold")},
        )
    # Only file:// URLs under node_modules are fetched; the templates have no other links.
    result: bytes = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return result
