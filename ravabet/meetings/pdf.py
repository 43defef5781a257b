"""Approved minutes as a PDF: WeasyPrint with Vazirmatn for Persian shaping, RTL."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from .models import AgendaStatus, Meeting, Resolution


def font_url(weight: str = "Regular") -> str:
    path = settings.BASE_DIR / "node_modules" / "vazirmatn" / "fonts" / "ttf"
    return (path / f"Vazirmatn-{weight}.ttf").as_uri()


def minutes_html(meeting: Meeting) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "meetings/minutes_pdf.html",
            {
                "meeting": meeting,
                "font_regular": font_url("Regular"),
                "font_bold": font_url("Bold"),
                "agenda": meeting.agenda.filter(status=AgendaStatus.ACCEPTED)
                .select_related("resolution")
                .prefetch_related("statements"),
                "invitations": meeting.invitations.select_related("municipality"),
                "resolutions": Resolution.objects.filter(meeting=meeting).with_owner(),
            },
        )


def minutes_pdf(meeting: Meeting) -> bytes:
    # Only file:// URLs under node_modules are fetched; the template has no other links.
    document = HTML(string=minutes_html(meeting), base_url=str(settings.BASE_DIR))
    result: bytes = document.write_pdf()
    return result
