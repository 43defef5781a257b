"""A report as people read it: its snapshot (never recomputed) turned into sections,
rows and charts, the same for the screen, the PDF and the XLSX.

Charts are SVG written here on the server (no JavaScript library): bars of the members
side by side for one metric, and bars of the last quarters for the trend. A member
without enough data has no bar, and the chart says so in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ravabet.lib.i18n import is_fa, local_digits
from ravabet.lib.jalali import JalaliQuarter
from ravabet.lib.persian import sort_key

from . import metrics
from .metrics import Figure, Metric
from .models import Area, MemberSnapshot, MemberSnapshotQuerySet, ProblemStatus, Report, Severity

# The side-by-side chart draws each member's bar up to this many members; beyond it the
# table alone compares them (1,400 bars are no chart).
CHART_MEMBERS = 40
# Members side by side, a page at a time: a network of 1,400 is read in the XLSX whole.
MEMBERS_PER_PAGE = 50


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


def search_text(asked: str) -> str:
    return " ".join(asked.split())[:100]


def page_of_members(rows: MemberSnapshotQuerySet, asked_text: str, asked_page: str | None) -> Page:
    """One page of the members side by side, in the order of their shown names, those
    whose name holds `asked_text` only: two queries (the count and the page), whatever the
    number of members."""
    rows = rows.named(search_text(asked_text)).by_display_name()
    return Paginator(rows, MEMBERS_PER_PAGE).get_page(asked_page)


def page_of_drafts(
    members: dict[int, dict[str, Any]], asked_text: str, asked_page: str | None
) -> Page:
    """The same for a preview's members (not saved yet): filtered and sorted as plain
    data, and only the page's made into MemberSnapshot rows."""
    needle = search_text(asked_text).casefold()
    shown = "name" if is_fa() else "name_en"
    found = sorted(
        (
            (pk, m)
            for pk, m in members.items()
            if needle in m["name"].casefold() or needle in m["name_en"].casefold()
        ),
        key=lambda item: (sort_key(item[1][shown] or item[1]["name"]), item[0]),
    )
    page = Paginator(found, MEMBERS_PER_PAGE).get_page(asked_page)
    rows: list[Any] = [
        MemberSnapshot(municipality_id=pk, name=m["name"], name_en=m["name_en"], data=m)
        for pk, m in page.object_list
    ]
    page.object_list = rows
    return page


def context(
    report: Report,
    member: MemberSnapshot | None,
    members: list[MemberSnapshot],
    page: Page | None = None,
) -> dict[str, Any]:
    """What the report's page, PDF and XLSX show: from the snapshot alone. With `page`,
    `members` are that page's of the side-by-side table (the charts need them all)."""
    network = report.snapshot
    data = member.data if member else network
    assessment = data.get("assessment", {})
    chosen = metrics.METRICS
    whole = page is None or not page.has_other_pages()
    return {
        "report": report,
        "member": member,
        "sections": sections(data),
        "network_sections": sections(network) if member else None,
        "metrics": chosen,
        "side_by_side": side_by_side(members),
        "member_charts": [member_chart(m, members) for m in chosen]
        if whole and 1 < len(members) <= CHART_MEMBERS
        else [],
        "page": page,
        "paged": page is not None,  # an empty page is falsy in a template
        "enough": network.get("enough", {}),
        "members_count": network.get("members", 0),
        "assessment": assessment,
        "areas": area_rows(assessment.get("areas", {})),
        "problems": problem_rows(data.get("problems", [])),
    }


# --- SVG ---------------------------------------------------------------------------------


def _bars(
    labels: list[str], values: list[float | None], *, title: str, size: str = "wide"
) -> SafeString:
    """Horizontal bars, one per label; a label without a value says "not enough data".

    The bars are SVG drawn here; the labels and values are HTML beside them, so that the
    browser and WeasyPrint shape Persian and order it right to left (SVG text is laid out
    glyph by glyph in WeasyPrint, and reads backwards). In Persian the bars grow from the
    right, next to their labels.
    """
    rtl = is_fa()
    top = max((v for v in values if v is not None), default=0) or 1
    rows = []
    for label, value in zip(labels, values, strict=True):
        if value is None:
            bar = f'<td class="bar none" colspan="2">{escape(_("not enough data"))}</td>'
        else:
            share = max(0.5, 100 * value / top)
            x = 100 - share if rtl else 0
            bar = (
                '<td class="bar"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 10" '
                'preserveAspectRatio="none" width="100%" height="14" aria-hidden="true">'
                f'<rect x="{x:.2f}" y="0" width="{share:.2f}" height="10" fill="#2a6f97"/>'
                f'</svg></td><td class="number">{escape(number(value))}</td>'
            )
        rows.append(f'<tr><th scope="row">{escape(label)}</th>{bar}</tr>')
    return mark_safe(  # noqa: S308  # every text in it is escaped above
        f'<table class="bars {size}" role="img" '
        f'aria-label="{escape(title)}"><tbody>{"".join(rows)}</tbody></table>'
    )


def trend_chart(metric: Metric, trend: list[tuple[str, Figure]]) -> SafeString:
    return _bars(
        [label for label, _f in trend],
        [f.shown for _l, f in trend],
        title=_("%(metric)s over the last quarters") % {"metric": metric.name},
        size="narrow",
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
