"""The review after an incident, assembled from its record: on screen and as an RTL PDF
(WeasyPrint with Vazirmatn, as the meetings' minutes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from ravabet.meetings.pdf import font_url

from .models import Fact, FactStatus, Incident, Rumour, Shift, Statement, TimelineEntry


@dataclass
class Review:
    timeline: list[TimelineEntry]
    statements: list[Statement]
    to_first_statement: dt.timedelta | None
    retracted: list[Fact]
    rumours: list[Rumour]
    answered: int
    shifts: list[Shift]
    night_shifts: int
    shift_hours: float

    @property
    def minutes_to_first(self) -> int | None:
        if self.to_first_statement is None:
            return None
        return int(self.to_first_statement.total_seconds() // 60)


def assemble(incident: Incident) -> Review:
    statements = list(
        incident.statements.public()
        .select_related("approved_by", "published_by")
        .order_by("number")
    )
    first = statements[0].published_at if statements else None
    rumours = list(incident.rumours.select_related("answered_by").order_by("seen_at", "pk"))
    shifts = list(incident.shifts.select_related("user").in_order())
    return Review(
        timeline=list(incident.timeline.select_related("author", "corrects").in_order()),
        statements=statements,
        to_first_statement=(first - incident.opened_at) if first else None,
        retracted=list(
            incident.facts.filter(status=FactStatus.RETRACTED)
            .select_related("retracted_by")
            .prefetch_related("statements")
        ),
        rumours=rumours,
        answered=sum(1 for r in rumours if r.is_answered),
        shifts=shifts,
        night_shifts=sum(1 for s in shifts if s.is_night),
        shift_hours=round(sum(s.hours for s in shifts), 1),
    )


def review_html(incident: Incident) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "crisis/review_pdf.html",
            {
                "incident": incident,
                "review": assemble(incident),
                "font_regular": font_url("Regular"),
                "font_bold": font_url("Bold"),
            },
        )


def review_pdf(incident: Incident) -> bytes:
    # Only file:// URLs under node_modules are fetched; the template has no other links.
    document = HTML(string=review_html(incident), base_url=str(settings.BASE_DIR))
    result: bytes = document.write_pdf()
    return result
