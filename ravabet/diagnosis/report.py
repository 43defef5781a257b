"""A report as people read it: its snapshot (never recomputed) turned into sections,
rows and charts, the same for the screen, the PDF and the XLSX.

Charts are SVG written here on the server (no JavaScript library): bars of the members
side by side for one metric, and bars of the last quarters for the trend. A member
without enough data has no bar, and the chart says so in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ravabet.lib.i18n import is_fa, local_digits
from ravabet.lib.jalali import JalaliQuarter

from . import metrics
from .metrics import Figure, Metric
from .models import Area, MemberSnapshot, ProblemStatus, Report, Severity

# The side-by-side chart draws each member's bar up to this many members; beyond it the
# table alone compares them (1,400 bars are no chart).
CHART_MEMBERS = 40


def number(value: float | None) -> str:
    """A figure in the reader's digits: 12, 3.5 (٣٫٥ in fa); '' for none."""
    if value is None:
        return ""
    text = str(int(value)) if float(value).is_integer() else f"{value:.1f}"
    return local_digits(text)


def shown(figure: Figure) -> str:
    return number(figure.shown) if figure.enough else _("not enough data")


def completeness(figure: Figure) -> str:
    if figure.completeness is None:
        return _("no records")
    return local_digits(f"{round(figure.completeness * 100)}") + ("٪" if is_fa() else "%")


@dataclass
class Row:
    metric: Metric
    figure: Figure
    trend: list[tuple[str, Figure]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return shown(self.figure)

    @property
    def raw(self) -> float | None:
        return self.figure.shown

    @property
    def complete(self) -> str:
        return completeness(self.figure)

    @property
    def chart(self) -> SafeString:
        return trend_chart(self.metric, self.trend)


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row]


def quarter_label(key: list[int]) -> str:
    return str(JalaliQuarter(key[0], key[1]).label)


def sections(data: dict[str, Any]) -> list[Section]:
    """The metric sections of one snapshot (network's or a member's), in report order.
    A section with no metric yet (crisis, until its app is wired) has no rows."""
    figures = metrics.from_json(data.get("metrics", {}))
    trend = [
        (quarter_label(t["quarter"]), metrics.from_json(t["metrics"]))
        for t in data.get("trend", [])
    ]
    out = []
    for key, title in metrics.SECTIONS:
        rows = [
            Row(
                m,
                figures.get(m.key, Figure(None, None)),
                [(q, f.get(m.key, Figure(None, None))) for q, f in trend],
            )
            for m in metrics.in_section(key)
        ]
        out.append(Section(key, str(title), rows))
    return out


@dataclass
class Cell:
    text: str
    raw: float | None


@dataclass
class MemberRow:
    member: MemberSnapshot
    cells: list[Cell]


def side_by_side(members: list[MemberSnapshot]) -> list[MemberRow]:
    rows = []
    for member in members:
        figures = metrics.from_json(member.data.get("metrics", {}))
        rows.append(
            MemberRow(
                member,
                [
                    Cell(shown(f), f.shown)
                    for f in (figures.get(m.key, Figure(None, None)) for m in metrics.METRICS)
                ],
            )
        )
    return rows


def area_rows(areas: dict[str, float]) -> list[tuple[str, str]]:
    return [
        (str(label), number(areas.get(value)) if value in areas else "—")
        for value, label in Area.choices
    ]


def problem_rows(problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    import datetime as dt

    categories, severities, statuses = (
        dict(Area.choices),
        dict(Severity.choices),
        dict(ProblemStatus.choices),
    )
    out = []
    for p in problems:
        since = dt.datetime.fromisoformat(p["since"]) if p.get("since") else None
        out.append(
            {
                **p,
                "category_label": str(categories.get(p["category"], p["category"])),
                "severity_label": str(severities.get(p["severity"], p["severity"])),
                "status_label": str(statuses.get(p["status"], p["status"])),
                "since_date": since,
                "members_text": number(p["members"]),
            }
        )
    return out


def context(
    report: Report, member: MemberSnapshot | None, members: list[MemberSnapshot]
) -> dict[str, Any]:
    """What the report's page, PDF and XLSX show: from the snapshot alone."""
    network = report.snapshot
    data = member.data if member else network
    assessment = data.get("assessment", {})
    chosen = metrics.METRICS
    return {
        "report": report,
        "member": member,
        "sections": sections(data),
        "network_sections": sections(network) if member else None,
        "metrics": chosen,
        "side_by_side": side_by_side(members),
        "member_charts": [member_chart(m, members) for m in chosen]
        if 1 < len(members) <= CHART_MEMBERS
        else [],
        "enough": network.get("enough", {}),
        "members_count": network.get("members", 0),
        "assessment": assessment,
        "areas": area_rows(assessment.get("areas", {})),
        "problems": problem_rows(data.get("problems", [])),
    }


# --- SVG ---------------------------------------------------------------------------------


def _bars(
    labels: list[str], values: list[float | None], *, title: str, width: int = 560
) -> SafeString:
    """Horizontal bars, one per label; a label without a value says "not enough data".
    Right-to-left in Persian: labels on the right, bars growing leftwards."""
    rtl = is_fa()
    bar_h, gap, label_w = 18, 6, 150
    height = len(labels) * (bar_h + gap) + 10
    top = max((v for v in values if v is not None), default=0) or 1
    area = width - label_w - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" class="chart" direction="ltr" '
        f'style="direction:ltr"><title>{escape(title)}</title>'
    ]
    for n, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 5 + n * (bar_h + gap)
        text_y = y + bar_h - 5
        if rtl:
            label_x, anchor = width - 4, "end"
        else:
            label_x, anchor = 4, "start"
        parts.append(
            f'<text x="{label_x}" y="{text_y}" text-anchor="{anchor}" font-size="12">'
            f"{escape(label)}</text>"
        )
        if value is None:
            note_x = width - label_w - 6 if rtl else label_w + 6
            parts.append(
                f'<text x="{note_x}" y="{text_y}" text-anchor="{anchor}" font-size="11" '
                f'fill="#777">{escape(_("not enough data"))}</text>'
            )
            continue
        w = max(1.0, area * value / top)
        x: float = width - label_w - 6 - w if rtl else label_w + 6
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#2a6f97" rx="2"/>'
        )
        vx = x - 4 if rtl else x + w + 4
        parts.append(
            f'<text x="{vx:.1f}" y="{text_y}" text-anchor="{"end" if rtl else "start"}" '
            f'font-size="11">{escape(number(value))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  # every text in it is escaped above


def trend_chart(metric: Metric, trend: list[tuple[str, Figure]]) -> SafeString:
    return _bars(
        [label for label, _f in trend],
        [f.shown for _l, f in trend],
        title=_("%(metric)s over the last quarters") % {"metric": metric.name},
        width=440,
    )


@dataclass
class MemberChart:
    metric: Metric
    svg: SafeString


def member_chart(metric: Metric, members: list[MemberSnapshot]) -> MemberChart:
    figures = [metrics.Figure.from_json(m.data.get("metrics", {}).get(metric.key)) for m in members]
    return MemberChart(
        metric,
        _bars(
            [m.display_name for m in members],
            [f.shown for f in figures],
            title=_("%(metric)s, members side by side") % {"metric": metric.name},
        ),
    )
