"""An issued report as a PDF (WeasyPrint, Vazirmatn, right to left: the meetings' minutes'
pattern) and as an XLSX workbook with the same figures, both read from its snapshot."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import HTML

from ravabet.lib.spreadsheets import Sheet, to_xlsx
from ravabet.meetings.pdf import font_url

from . import metrics
from .models import MemberSnapshot, Report
from .report import context, quarter_label


def _members(report: Report, member: MemberSnapshot | None) -> list[MemberSnapshot]:
    return [member] if member else list(report.members.all())


def report_html(report: Report, member: MemberSnapshot | None = None) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        data = context(report, member, _members(report, member))
        data.update(
            font_regular=font_url("Regular"), font_bold=font_url("Bold"), show_members=not member
        )
        return render_to_string("diagnosis/report_pdf.html", data)


def report_pdf(report: Report, member: MemberSnapshot | None = None) -> bytes:
    # Only file:// URLs under node_modules are fetched; the template has no other links.
    document = HTML(string=report_html(report, member), base_url=str(settings.BASE_DIR))
    result: bytes = document.write_pdf()
    return result


def filename(report: Report, ext: str, member: MemberSnapshot | None = None) -> str:
    who = member.data.get("slug", "member") if member else report.network.slug
    return f"report-{who}-{report.quarter_year}-q{report.quarter_number}-v{report.version}.{ext}"


def _percent(share: float | None) -> int | None:
    return None if share is None else round(share * 100)


def report_xlsx(report: Report, member: MemberSnapshot | None = None) -> bytes:
    """Numbers as numbers (the same values the screen shows: None where it says "not
    enough data"), one sheet per part of the report."""
    members = _members(report, member)
    data = member.data if member else report.snapshot
    figures = metrics.from_json(data.get("metrics", {}))
    enough = report.snapshot.get("enough", {})
    summary = Sheet(
        header=[
            _("Section"),
            _("Figure"),
            _("Unit"),
            _("Value"),
            _("Complete (%)"),
            _("Members with enough data"),
        ],
        rows=[
            [
                str(dict(metrics.SECTIONS)[m.section]),
                str(m.name),
                str(m.unit),
                figures[m.key].shown if m.key in figures else None,
                _percent(figures[m.key].completeness if m.key in figures else None),
                enough.get(m.key) if member is None else None,
            ]
            for m in metrics.METRICS
        ],
        title=_("Figures"),
    )
    side = Sheet(
        header=[_("Member")] + [str(m.name) for m in metrics.METRICS],
        rows=[
            [m.name]
            + [
                metrics.Figure.from_json(m.data.get("metrics", {}).get(metric.key)).shown
                for metric in metrics.METRICS
            ]
            for m in members
        ],
        title=_("Members"),
    )
    trend = Sheet(
        header=[_("Quarter")] + [str(m.name) for m in metrics.METRICS],
        rows=[
            [quarter_label(t["quarter"])]
            + [metrics.Figure.from_json(t["metrics"].get(m.key)).shown for m in metrics.METRICS]
            for t in data.get("trend", [])
        ],
        title=_("Trend"),
    )
    areas = data.get("assessment", {}).get("areas", {})
    from .models import Area

    assessment = Sheet(
        header=[_("Area"), _("Mean score")],
        rows=[[str(label), areas.get(value)] for value, label in Area.choices],
        title=_("Self-assessment"),
    )
    problems = Sheet(
        header=[
            _("Problem"),
            _("Category"),
            _("Severity"),
            _("Status"),
            _("Members reporting"),
            _("Resolutions"),
        ],
        rows=[
            [
                p["title"],
                p["category"],
                p["severity"],
                p["status"],
                p["members"],
                len(p["resolutions"]),
            ]
            for p in data.get("problems", [])
        ],
        title=_("Problems"),
    )
    narrative = Sheet(
        header=[_("Narrative")],
        rows=[[report.narrative], [report.change_note]],
        title=_("Narrative"),
    )
    return to_xlsx([summary, side, trend, assessment, problems, narrative])
