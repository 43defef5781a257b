"""The network's resolution board: by member and status, completion per member per quarter."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ravabet.lib import spreadsheets
from ravabet.lib.jalali import JalaliQuarter, format_numeric
from ravabet.network.models import Network

from .models import Resolution, ResolutionStatus


@dataclass
class MemberRow:
    name: str
    counts: dict[str, int] = field(default_factory=dict)
    # quarter label -> (done, total)
    quarters: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts.get(ResolutionStatus.DONE, 0)

    @property
    def rate(self) -> int | None:
        counted = self.total - self.counts.get(ResolutionStatus.DROPPED, 0)
        return round(100 * self.done / counted) if counted else None


@dataclass
class Board:
    resolutions: list[Resolution]
    members: list[MemberRow]
    quarters: list[JalaliQuarter]
    statuses: list[tuple[str, str]]

    @property
    def overdue(self) -> list[Resolution]:
        return [r for r in self.resolutions if r.is_overdue]


def _owner_name(resolution: Resolution) -> str:
    if resolution.owner_municipality is not None:
        return resolution.owner_municipality.display_name
    return str(_("the secretariat"))


def build(network: Network) -> Board:
    resolutions = list(
        Resolution.objects.of_network(network)
        .with_owner()
        .select_related("owner_department__municipality")
        .oldest_overdue_first()
    )
    rows: dict[str, MemberRow] = {}
    for member in network.members.all():
        rows[member.display_name] = MemberRow(member.display_name)
    quarters: set[JalaliQuarter] = set()
    per_quarter: dict[tuple[str, JalaliQuarter], list[int]] = defaultdict(lambda: [0, 0])
    for resolution in resolutions:
        name = _owner_name(resolution)
        row = rows.setdefault(name, MemberRow(name))
        row.counts[resolution.status] = row.counts.get(resolution.status, 0) + 1
        if resolution.status == ResolutionStatus.DROPPED:
            continue
        # A resolution counts in the quarter its deadline falls in.
        quarter = JalaliQuarter.of(resolution.deadline)
        quarters.add(quarter)
        cell = per_quarter[(name, quarter)]
        cell[1] += 1
        if resolution.status == ResolutionStatus.DONE:
            cell[0] += 1
    ordered = sorted(quarters)
    for (name, quarter), (done, total) in per_quarter.items():
        rows[name].quarters[quarter.label] = (done, total)
    return Board(
        resolutions=resolutions,
        members=list(rows.values()),
        quarters=ordered,
        statuses=[(value, str(label)) for value, label in ResolutionStatus.choices],
    )


def to_xlsx(board: Board) -> bytes:
    resolutions = spreadsheets.Sheet(
        title=_("Resolutions"),
        header=[
            _("Resolution"),
            _("Owner"),
            _("Status"),
            _("Deadline"),
            _("Overdue"),
            _("Meeting"),
        ],
        rows=[
            [
                r.text,
                r.owner_label,
                str(ResolutionStatus(r.status).label),
                format_numeric(r.deadline),
                _("yes") if r.is_overdue else "",
                r.meeting.title,
            ]
            for r in board.resolutions
        ],
    )
    completion = spreadsheets.Sheet(
        title=_("Completion"),
        header=[_("Member"), *[label for _v, label in board.statuses], _("Completion %")]
        + [q.label for q in board.quarters],
        rows=[
            [
                row.name,
                *[row.counts.get(v, 0) for v, _l in board.statuses],
                row.rate,
                *[_percent(*row.quarters.get(q.label, (0, 0))) for q in board.quarters],
            ]
            for row in board.members
        ],
    )
    return spreadsheets.to_xlsx([resolutions, completion])


def _percent(done: int, total: int) -> int | None:
    return round(100 * done / total) if total else None
