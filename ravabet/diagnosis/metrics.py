"""The metric dictionary: every figure a diagnosis or a report shows, defined once.

A metric has a key, a name, a definition, a unit and a section of the quarterly report,
and reads its parts from a *source*: a function over a set of municipalities and a Jalali
quarter that returns, for every one of them, the counts it needs, in ONE grouped query
(GROUP BY municipality), never one query per member. Several metrics share a source
(the voice figures come from the same query); `compute` runs each source once.

A figure is made of parts that add up across members (a network's figure is the sum of
its members' parts, never an average of averages): a numerator and a denominator, and
for the completeness rule the records the figure needs (`expected`) and those whose data
is there (`recorded`). A comparison between members shows a member's figure only where
``recorded / expected`` is at least 90 %; otherwise it says "not enough data". A member
with no records at all has no figure either: nothing shows it was complete.

The dashboard part (panel.py), the self-assessment's measured values, the quarterly
report and its PDF and XLSX all read these functions and nothing else.

Adding a metric is one `Metric(...)` entry in METRICS (with its source function if no
existing source has its counts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ravabet.lib.jalali import TEHRAN, JalaliQuarter

COMPLETE_ENOUGH = 0.9


class Section:
    NEWS = "news"
    VOICE = "voice"
    MEETINGS = "meetings"
    EVENTS = "events"
    CRISIS = "crisis"


SECTIONS: tuple[tuple[str, Promise], ...] = (
    (Section.NEWS, _("News and media")),
    (Section.VOICE, _("Citizens' voice")),
    (Section.MEETINGS, _("Meetings and resolutions")),
    (Section.EVENTS, _("Events")),
    (Section.CRISIS, _("Crisis")),
)


class Kind:
    COUNT = "count"  # the numerator itself
    MEAN = "mean"  # numerator / denominator
    SHARE = "share"  # 100 × numerator / denominator, a percentage


@dataclass(frozen=True)
class Parts:
    """What a figure is made of, for one member or summed over many."""

    numerator: float = 0
    denominator: float = 0
    recorded: int = 0
    expected: int = 0

    def __add__(self, other: Parts) -> Parts:
        return Parts(
            self.numerator + other.numerator,
            self.denominator + other.denominator,
            self.recorded + other.recorded,
            self.expected + other.expected,
        )


@dataclass(frozen=True)
class Figure:
    """A metric's value for one member (or the network) and one quarter, as stored in a
    report's snapshot (`as_json`) and read back (`from_json`)."""

    value: float | None
    completeness: float | None  # 0..1, None when nothing was expected

    @property
    def enough(self) -> bool:
        return (
            self.value is not None
            and self.completeness is not None
            and self.completeness >= COMPLETE_ENOUGH
        )

    @property
    def shown(self) -> float | None:
        """The value a comparison shows: None means "not enough data"."""
        return self.value if self.enough else None

    def as_json(self) -> dict[str, Any]:
        # Not dataclasses.asdict: it deep-copies, and a report stores tens of thousands.
        return {"value": self.value, "completeness": self.completeness}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Figure:
        data = data or {}
        return cls(data.get("value"), data.get("completeness"))


Rows = dict[int, dict[str, float]]
Source = Callable[[Sequence[int], JalaliQuarter], Rows]


@dataclass(frozen=True)
class Metric:
    key: str
    name: Promise
    definition: Promise
    unit: Promise
    section: str
    kind: str
    source: Source
    parts: Callable[[dict[str, float]], Parts]
    # Whether more is better (for the charts' wording); None: neither.
    higher_is_better: bool | None = True

    def figure(self, parts: Parts) -> Figure:
        completeness = parts.recorded / parts.expected if parts.expected else None
        if parts.expected == 0:
            return Figure(None, None)
        if self.kind == Kind.COUNT:
            value: float | None = parts.numerator
        elif parts.denominator:
            ratio = parts.numerator / parts.denominator
            value = ratio * 100 if self.kind == Kind.SHARE else ratio
        else:
            value = None
        return Figure(None if value is None else round(value, 1), completeness)

    def compute(self, ids: Sequence[int], quarter: JalaliQuarter) -> dict[int, Figure]:
        """This metric alone, for every member in `ids`: one source query."""
        rows = self.source(ids, quarter)
        return {pk: self.figure(self.parts(rows.get(pk, {}))) for pk in ids}


def _utc(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=TEHRAN).astimezone(dt.UTC)


def _month_starts(quarter: JalaliQuarter) -> list[dt.datetime]:
    from ravabet.lib.jalali import from_jalali

    return [_utc(from_jalali(quarter.year, m, 1)) for m in quarter.months()]


def _quarter_so_far(quarter: JalaliQuarter) -> int:
    """How many of the quarter's months have begun (a current quarter is judged on them)."""
    now = timezone.now()
    return max(1, sum(1 for start in _month_starts(quarter) if start <= now))


# --- sources: one grouped query each --------------------------------------------------


def news_rows(ids: Sequence[int], quarter: JalaliQuarter) -> Rows:
    """Items published in the quarter (withdrawn later or not), and in how many of the
    quarter's months the office published at all (its news are recorded here)."""
    from django.db.models import Case, IntegerField, Value, When

    from ravabet.newsroom.models import NewsItem

    _first, second, third = _month_starts(quarter)
    month = Case(
        When(published_at__lt=second, then=Value(1)),
        When(published_at__lt=third, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    rows: Rows = {}
    grouped = (
        NewsItem.objects.filter(
            municipality_id__in=list(ids),
            published_at__gte=quarter.start_utc(),
            published_at__lt=quarter.end_utc(),
        )
        .annotate(month=month)
        .values("municipality_id", "month")
        .annotate(n=Count("id"))
        .order_by()
    )
    months = _quarter_so_far(quarter)
    for row in grouped:
        into = rows.setdefault(row["municipality_id"], {"published": 0, "months": 0})
        into["published"] += row["n"]
        into["months"] += 1
    for into in rows.values():
        into["months_expected"] = months
    return rows


def voice_rows(ids: Sequence[int], quarter: JalaliQuarter) -> Rows:
    """Citizens' messages received in the quarter (merged duplicates left out): how many,
    how many were answered or closed without a first reply recorded (incomplete), the
    time to the first reply, and the replies within the deadline."""
    from ravabet.voice.models import Message, Status

    today = timezone.localdate()
    wait = ExpressionWrapper(F("first_reply_at") - F("received_at"), output_field=DurationField())
    replied = Q(first_reply_at__isnull=False)
    grouped = (
        Message.objects.filter(
            municipality_id__in=list(ids),
            merged_into__isnull=True,
            received_at__gte=quarter.start_utc(),
            received_at__lt=quarter.end_utc(),
        )
        .values("municipality_id")
        .annotate(
            n=Count("id"),
            incomplete=Count(
                "id",
                filter=Q(first_reply_at__isnull=True, status__in=[Status.ANSWERED, Status.CLOSED]),
            ),
            replied=Count("id", filter=replied),
            wait=Sum(wait, filter=replied),
            due=Count("id", filter=replied | Q(due_on__lt=today)),
            within=Count(
                "id",
                filter=replied & Q(due_on__gte=TruncDate("first_reply_at", tzinfo=TEHRAN)),
            ),
        )
        .order_by()
    )
    rows: Rows = {}
    for row in grouped:
        waited = row["wait"]
        rows[row["municipality_id"]] = {
            "n": row["n"],
            "incomplete": row["incomplete"],
            "replied": row["replied"],
            "wait_hours": waited.total_seconds() / 3600 if waited else 0,
            "due": row["due"],
            "within": row["within"],
        }
    return rows


def resolution_rows(ids: Sequence[int], quarter: JalaliQuarter) -> Rows:
    """Network resolutions a member owns whose deadline fell in the quarter (dropped ones
    left out): how many, how many were done by the deadline, and done ones without the
    date they were closed (incomplete)."""
    from ravabet.meetings.models import Resolution, ResolutionStatus

    done = Q(status=ResolutionStatus.DONE)
    grouped = (
        Resolution.objects.filter(
            owner_municipality_id__in=list(ids),
            deadline__gte=quarter.start,
            deadline__lte=quarter.end,
        )
        .exclude(status=ResolutionStatus.DROPPED)
        .values("owner_municipality_id")
        .annotate(
            n=Count("id"),
            on_time=Count(
                "id",
                filter=done & Q(deadline__gte=TruncDate("closed_at", tzinfo=TEHRAN)),
            ),
            incomplete=Count("id", filter=done & Q(closed_at__isnull=True)),
        )
        .order_by()
    )
    return {
        row["owner_municipality_id"]: {
            "n": row["n"],
            "on_time": row["on_time"],
            "incomplete": row["incomplete"],
        }
        for row in grouped
    }


def event_rows(ids: Sequence[int], quarter: JalaliQuarter) -> Rows:
    """A member's own events that ended in the quarter, before today: held, reported,
    and those whose outcome nobody recorded (still planned or confirmed: incomplete)."""
    from ravabet.events.models import Event, Status

    today = timezone.localdate()
    grouped = (
        Event.objects.filter(
            municipality_id__in=list(ids),
            end_date__gte=quarter.start,
            end_date__lte=min(quarter.end, today - dt.timedelta(days=1)),
        )
        .exclude(status=Status.IDEA)
        .values("municipality_id")
        .annotate(
            n=Count("id"),
            held=Count("id", filter=Q(status__in=[Status.HELD, Status.REPORTED])),
            reported=Count("id", filter=Q(status=Status.REPORTED)),
            incomplete=Count("id", filter=Q(status__in=[Status.PLANNED, Status.CONFIRMED])),
        )
        .order_by()
    )
    return {
        row["municipality_id"]: {
            "n": row["n"],
            "held": row["held"],
            "reported": row["reported"],
            "incomplete": row["incomplete"],
        }
        for row in grouped
    }


def crisis_rows(ids: Sequence[int], quarter: JalaliQuarter) -> Rows:
    """Incidents concerning a member opened in the quarter: those whose first statement's
    time is known (a statement published) or can never be (closed without one: incomplete),
    and the hours from opening to the first published statement. An open incident with no
    statement yet is still running: it counts for nothing until it has one or is closed."""
    from django.db.models import Min

    from ravabet.crisis.models import Incident, IncidentStatus, StatementStatus

    through = Incident.municipalities.through
    published = [StatementStatus.PUBLISHED, StatementStatus.SUPERSEDED]
    grouped = (
        through.objects.filter(
            municipality_id__in=list(ids),
            incident__opened_at__gte=quarter.start_utc(),
            incident__opened_at__lt=quarter.end_utc(),
        )
        .values("municipality_id", "incident_id", "incident__opened_at", "incident__status")
        .annotate(
            first=Min(
                "incident__statements__published_at",
                filter=Q(incident__statements__status__in=published),
            )
        )
        .order_by()
    )
    rows: Rows = {}
    for row in grouped:
        stated = row["first"] is not None
        if not stated and row["incident__status"] == IncidentStatus.OPEN:
            continue
        into = rows.setdefault(
            row["municipality_id"], {"n": 0, "incomplete": 0, "stated": 0, "wait_hours": 0.0}
        )
        into["n"] += 1
        if stated:
            into["stated"] += 1
            into["wait_hours"] += (row["first"] - row["incident__opened_at"]).total_seconds() / 3600
        else:
            into["incomplete"] += 1
    return rows


def _complete(row: dict[str, float]) -> tuple[int, int]:
    n = int(row.get("n", 0))
    return n - int(row.get("incomplete", 0)), n


METRICS: tuple[Metric, ...] = (
    Metric(
        "news_published",
        _("News published"),
        _(
            "News and press releases the office published in the quarter (later withdrawn "
            "ones included). Complete: the office published in every month of the quarter."
        ),
        _("items"),
        Section.NEWS,
        Kind.COUNT,
        news_rows,
        lambda r: Parts(
            r.get("published", 0), 1, int(r.get("months", 0)), int(r.get("months_expected", 0))
        ),
    ),
    Metric(
        "first_reply_hours",
        _("Time to first reply"),
        _(
            "Mean hours from a citizen's message to the office's first reply, over the "
            "messages received in the quarter that were replied to. Complete: no message "
            "was answered or closed without its reply recorded."
        ),
        _("hours"),
        Section.VOICE,
        Kind.MEAN,
        voice_rows,
        lambda r: Parts(r.get("wait_hours", 0), r.get("replied", 0), *_complete(r)),
        higher_is_better=False,
    ),
    Metric(
        "replied_within_deadline",
        _("Answered within the deadline"),
        _(
            "Share of the quarter's citizens' messages whose deadline has passed (or that "
            "were replied to) which had their first reply by the deadline."
        ),
        _("%"),
        Section.VOICE,
        Kind.SHARE,
        voice_rows,
        lambda r: Parts(r.get("within", 0), r.get("due", 0), *_complete(r)),
    ),
    Metric(
        "resolutions_on_time",
        _("Resolutions done on time"),
        _(
            "Share of the network resolutions the municipality owns, due in the quarter "
            "(dropped ones left out), that were done by their deadline."
        ),
        _("%"),
        Section.MEETINGS,
        Kind.SHARE,
        resolution_rows,
        lambda r: Parts(r.get("on_time", 0), r.get("n", 0), *_complete(r)),
    ),
    Metric(
        "events_held",
        _("Events held"),
        _(
            "The office's own events that ended in the quarter and were held. Complete: "
            "every past event's outcome (held, postponed, cancelled) is recorded."
        ),
        _("events"),
        Section.EVENTS,
        Kind.COUNT,
        event_rows,
        lambda r: Parts(r.get("held", 0), 1, *_complete(r)),
    ),
    Metric(
        "events_reported",
        _("Events reported"),
        _("Share of the quarter's held events whose short report was written."),
        _("%"),
        Section.EVENTS,
        Kind.SHARE,
        event_rows,
        lambda r: Parts(r.get("reported", 0), r.get("held", 0), *_complete(r)),
    ),
    Metric(
        "crisis_statement_hours",
        _("Time to the first statement"),
        _(
            "Mean hours from opening an incident to its first published statement, over the "
            "quarter's incidents that had one; an incident closed without any statement "
            "leaves the data incomplete."
        ),
        _("hours"),
        Section.CRISIS,
        Kind.MEAN,
        crisis_rows,
        lambda r: Parts(r.get("wait_hours", 0), r.get("stated", 0), *_complete(r)),
        higher_is_better=False,
    ),
)

BY_KEY = {metric.key: metric for metric in METRICS}


def metric_choices() -> list[tuple[str, str]]:
    return [(m.key, str(m.name)) for m in METRICS]


def in_section(section: str) -> list[Metric]:
    return [m for m in METRICS if m.section == section]


@dataclass
class Computed:
    """Every metric for every member of `ids`, plus the sums over them (the network)."""

    members: dict[int, dict[str, Figure]]
    total: dict[str, Figure]


def source_rows(
    ids: Sequence[int], quarter: JalaliQuarter, metrics: Iterable[Metric] = METRICS
) -> dict[str, Rows]:
    """Each source's rows, under the source function's name: one query per source whatever
    the number of members."""
    results: dict[str, Rows] = {}
    for metric in metrics:
        if metric.source.__name__ not in results:
            results[metric.source.__name__] = metric.source(ids, quarter)
    return results


def from_rows(
    ids: Sequence[int], results: dict[str, Rows], metrics: Iterable[Metric] = METRICS
) -> Computed:
    """The figures made of the sources' rows (as `source_rows` returns them, or as kept)."""
    members: dict[int, dict[str, Figure]] = {pk: {} for pk in ids}
    total: dict[str, Figure] = {}
    for metric in metrics:
        rows = results[metric.source.__name__]
        summed = Parts()
        for pk in ids:
            parts = metric.parts(rows.get(pk, {}))
            summed = summed + parts
            members[pk][metric.key] = metric.figure(parts)
        total[metric.key] = metric.figure(summed)
    return Computed(members, total)


def compute(
    ids: Sequence[int], quarter: JalaliQuarter, metrics: Iterable[Metric] = METRICS
) -> Computed:
    """Each source runs once whatever the number of members: len(sources) queries."""
    chosen = list(metrics)
    return from_rows(ids, source_rows(ids, quarter, chosen), chosen)


def as_json(figures: dict[str, Figure]) -> dict[str, dict[str, Any]]:
    return {key: figure.as_json() for key, figure in figures.items()}


def from_json(data: dict[str, Any]) -> dict[str, Figure]:
    return {key: Figure.from_json(value) for key, value in data.items()}
