"""The network's resolution board: by member and status, completion per member per quarter."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Max, Min, Value, When
from django.utils.translation import gettext as _

from ravabet.lib import spreadsheets
from ravabet.lib.jalali import JalaliQuarter, format_numeric
from ravabet.network.models import Municipality, Network

from .models import Resolution, ResolutionQuerySet, ResolutionStatus


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


# Quarters a summary spans at most, counting back from the latest deadline: older ones are
# long closed and would only widen the table (and the query's CASE).
QUARTERS_SHOWN = 40


@dataclass
class Summary:
    """The board's table by member: counted by the database, whatever the number of rows."""

    members: list[MemberRow]
    quarters: list[JalaliQuarter]
    statuses: list[tuple[str, str]]


def resolutions_of(network: Network) -> ResolutionQuerySet:
    """The network's resolutions as the board lists them, oldest overdue first."""
    return (
        Resolution.objects.of_network(network)
        .with_owner()
        .select_related("owner_department__municipality")
        .oldest_overdue_first()
    )


def _quarters_between(first: dt.date, last: dt.date) -> list[JalaliQuarter]:
    quarter, end = JalaliQuarter.of(first), JalaliQuarter.of(last)
    found = []
    while quarter <= end:
        found.append(quarter)
        quarter = quarter.next()
    return found[-QUARTERS_SHOWN:]


def summary(network: Network) -> Summary:
    """Each member's resolutions by status, and done of due per quarter (a resolution counts
    in the quarter its deadline falls in; dropped ones in none), in three or four queries."""
    resolutions = Resolution.objects.of_network(network)
    span = resolutions.exclude(status=ResolutionStatus.DROPPED).aggregate(
        first=Min("deadline"), last=Max("deadline")
    )
    spanned = _quarters_between(span["first"], span["last"]) if span["first"] else []
    in_quarter = Case(
        *[
            When(deadline__gte=q.start, deadline__lte=q.end, then=Value(n))
            for n, q in enumerate(spanned)
        ],
        default=None,
        output_field=IntegerField(),
    )
    groups = list(
        resolutions.order_by()
        .annotate(quarter=in_quarter)
        .values("owner_municipality_id", "status", "quarter")
        .annotate(n=Count("pk"))
    )
    names = {m.pk: m.display_name for m in network.members.all()}
    others = {g["owner_municipality_id"] for g in groups} - set(names) - {None}
    if others:  # owners who have since left the network keep their row
        outside = Municipality.objects.filter(pk__in=others).order_by("name")
        names.update({m.pk: m.display_name for m in outside})
    rows: dict[int | None, MemberRow] = {pk: MemberRow(name) for pk, name in names.items()}
    per_quarter: dict[tuple[int | None, int], list[int]] = defaultdict(lambda: [0, 0])
    for group in groups:
        owner = group["owner_municipality_id"]
        row = rows.get(owner) or rows.setdefault(owner, MemberRow(str(_("the secretariat"))))
        row.counts[group["status"]] = row.counts.get(group["status"], 0) + group["n"]
        if group["status"] == ResolutionStatus.DROPPED or group["quarter"] is None:
            continue
        cell = per_quarter[(owner, group["quarter"])]
        cell[1] += group["n"]
        if group["status"] == ResolutionStatus.DONE:
            cell[0] += group["n"]
    used = sorted({n for _owner, n in per_quarter})
    for (pk, n), (done, total) in per_quarter.items():
        rows[pk].quarters[spanned[n].label] = (done, total)
    return Summary(
        members=list(rows.values()),
        quarters=[spanned[n] for n in used],
        statuses=[(value, str(label)) for value, label in ResolutionStatus.choices],
    )


def build(network: Network) -> Board:
    """The whole board, every resolution listed: for the spreadsheet, not the page."""
    table = summary(network)
    return Board(
        resolutions=list(resolutions_of(network)),
        members=table.members,
        quarters=table.quarters,
        statuses=table.statuses,
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
