"""What the secretariat and the members do in the diagnosis: keep the questionnaire, open
and close rounds, answer, raise problems and follow them up, and issue the quarterly
report (frozen, emailed to the governorate's observers)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Avg, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ravabet.lib.i18n import local_digits
from ravabet.lib.jalali import JalaliQuarter
from ravabet.lib.persian import normalize
from ravabet.meetings.actions import add_agenda_item
from ravabet.meetings.models import AgendaItem, Meeting, Resolution
from ravabet.network.models import Membership, Municipality, Network, Role, User
from ravabet.outbox.actions import queue
from ravabet.outbox.models import Transport

from . import metrics
from .models import (
    Answer,
    Area,
    Problem,
    ProblemReport,
    ProblemStatus,
    QuarterFigures,
    Question,
    Questionnaire,
    Report,
    ReportSend,
    Response,
    Round,
    RoundStatus,
    Severity,
)

TREND_QUARTERS = 4
# The issue page's preview is computed at most this often (or when the secretariat asks):
# at 1,400 members it takes seconds. Issuing never reads it (see issue_report).
PREVIEW_SECONDS = 10 * 60


class DiagnosisError(Exception):
    """A refusal with a message for the person who asked."""


class FiguresChanged(DiagnosisError):
    """The figures issuing computed are not those of the preview the secretariat saw."""

    def __init__(self, message: str, data: dict[str, Any]) -> None:
        super().__init__(message)
        self.data = data


# --- the questionnaire -------------------------------------------------------------------


def starter_questions() -> list[tuple[str, str, str]]:
    """The first version's questions (area, text, measured by), in the offices' language."""
    return [
        (Area.STAFFING, "کارکنان روابط عمومی برای حجم کار دفتر کافی و آموزش‌دیده‌اند.", ""),
        (Area.BUDGET, "بودجه و تجهیزات (دوربین، رایانه، خودرو) نیاز دفتر را برمی‌آورد.", ""),
        (Area.MANAGEMENT, "روابط عمومی به شهردار دسترسی مستقیم دارد و مورد اعتماد است.", ""),
        (Area.NEWS, "اخبار شهرداری به‌موقع و منظم منتشر می‌شود.", "news_published"),
        (Area.VOICE, "پیام‌های شهروندان سریع پاسخ داده می‌شود.", "first_reply_hours"),
        (Area.EVENTS, "مراسم و رویدادها با برنامه و گزارش برگزار می‌شوند.", "events_held"),
        (Area.CRISIS, "دفتر برای بحران آماده است: فهرست تماس، پیش‌نویس بیانیه، سخنگو.", ""),
        (Area.DIGITAL, "کانال‌های دیجیتال شهرداری فعال و به‌روز هستند.", ""),
    ]


def current_questionnaire(network: Network, user: User | None = None) -> Questionnaire:
    """The network's newest version; the first time, version 1 with the starter questions."""
    found = Questionnaire.objects.of_network(network).latest_first().first()
    if found is not None:
        return found
    with transaction.atomic():
        try:
            with transaction.atomic():
                questionnaire = Questionnaire.objects.create(
                    network=network, version=1, created_by=user
                )
        except IntegrityError:  # made by a concurrent request
            return Questionnaire.objects.of_network(network).latest_first().first()  # type: ignore[return-value]
        Question.objects.bulk_create(
            Question(questionnaire=questionnaire, area=a, text=t, metric=m, position=(n + 1) * 10)
            for n, (a, t, m) in enumerate(starter_questions())
        )
    return questionnaire


@dataclass
class Changed:
    questionnaire: Questionnaire
    new_version: bool


def _editable(network: Network, user: User) -> Changed:
    """The version a change goes into: the current one, or (if a round pinned it) a copy
    of it as the next version."""
    current = current_questionnaire(network, user)
    Questionnaire.objects.select_for_update().filter(pk=current.pk).first()
    if not current.is_pinned:
        return Changed(current, False)
    copy = Questionnaire.objects.create(
        network=network, version=current.version + 1, created_by=user
    )
    Question.objects.bulk_create(
        Question(
            questionnaire=copy,
            area=q.area,
            text=q.text,
            position=q.position,
            scale_min=q.scale_min,
            scale_max=q.scale_max,
            metric=q.metric,
        )
        for q in current.questions.all()
    )
    return Changed(copy, True)


@transaction.atomic
def add_question(network: Network, question: Question, user: User) -> Changed:
    changed = _editable(network, user)
    question.questionnaire = changed.questionnaire
    top = changed.questionnaire.questions.aggregate(m=Max("position"))["m"] or 0
    question.position = top + 10
    question.save()
    return changed


def _counterpart(changed: Changed, question: Question) -> Question:
    """The question of the version a change goes into that stands for `question` (itself,
    or its copy when the change made a new version)."""
    questions = changed.questionnaire.questions
    if changed.new_version:
        target = questions.filter(
            area=question.area, text=question.text, position=question.position
        ).first()
    else:
        target = questions.filter(pk=question.pk).first()
    if target is None:
        raise DiagnosisError(_("That question is not in the current version."))
    return target


@transaction.atomic
def remove_question(network: Network, question: Question, user: User) -> Changed:
    """Remove a question of the current version (a pinned version keeps it: the next
    version is made without it)."""
    changed = _editable(network, user)
    target = _counterpart(changed, question)
    if changed.questionnaire.questions.count() == 1:
        raise DiagnosisError(_("A questionnaire needs at least one question."))
    target.delete()
    return changed


EDITABLE = ("area", "text", "scale_min", "scale_max", "metric")


@transaction.atomic
def edit_question(network: Network, question: Question, edited: Question, user: User) -> Changed:
    """Give a question of the current version the area, text, scale and metric of
    `edited` (a pinned version keeps the old question: the next version has the new)."""
    if all(getattr(question, name) == getattr(edited, name) for name in EDITABLE):
        raise DiagnosisError(_("Nothing was changed in the question."))
    changed = _editable(network, user)
    target = _counterpart(changed, question)
    for name in EDITABLE:
        setattr(target, name, getattr(edited, name))
    target.save(update_fields=list(EDITABLE))
    return changed


@transaction.atomic
def move_question(network: Network, question: Question, step: int, user: User) -> Changed:
    """Move a question one place up (step -1) or down (+1) in the current version (a
    pinned version keeps its order: the next version has the new one)."""
    changed = _editable(network, user)
    target = _counterpart(changed, question)
    ordered = list(changed.questionnaire.questions.all())
    at = next(n for n, q in enumerate(ordered) if q.pk == target.pk)
    if not 0 <= at + step < len(ordered):
        raise DiagnosisError(
            _("That question is first already.")
            if step < 0
            else _("That question is last already.")
        )
    ordered[at], ordered[at + step] = ordered[at + step], ordered[at]
    for n, q in enumerate(ordered):
        q.position = (n + 1) * 10
    Question.objects.bulk_update(ordered, ["position"])
    return changed


# --- rounds ------------------------------------------------------------------------------


@transaction.atomic
def open_round(network: Network, quarter: JalaliQuarter, user: User) -> Round:
    questionnaire = current_questionnaire(network, user)
    if (
        Round.objects.of_network(network)
        .filter(quarter_year=quarter.year, quarter_number=quarter.number)
        .exists()
    ):
        raise DiagnosisError(
            _("A round for %(quarter)s already exists; a quarter has one round.")
            % {"quarter": quarter.label}
        )
    try:
        with transaction.atomic():
            return Round.objects.create(
                network=network,
                questionnaire=questionnaire,
                quarter_year=quarter.year,
                quarter_number=quarter.number,
                opened_by=user,
            )
    except IntegrityError:
        raise DiagnosisError(
            _("A round for %(quarter)s already exists; a quarter has one round.")
            % {"quarter": quarter.label}
        ) from None


def member_ids(network: Network) -> list[int]:
    return list(network.members.order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def close_round(round_: Round) -> int:
    """Freeze the round with the measured values as they are now. Returns how many
    members did not answer (shown as such, never as zeros)."""
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if locked.status == RoundStatus.CLOSED:
        raise DiagnosisError(_("This round is already closed."))
    ids = member_ids(round_.network)
    computed = metrics.compute(ids, round_.quarter)
    round_.measured = {str(pk): metrics.as_json(figs) for pk, figs in computed.members.items()}
    round_.status = RoundStatus.CLOSED
    round_.closed_at = timezone.now()
    round_.save(update_fields=["measured", "status", "closed_at"])
    answered = Response.objects.filter(round=round_, submitted_at__isnull=False).count()
    return len(ids) - answered


def measured_for(round_: Round, municipality: Municipality) -> dict[str, metrics.Figure]:
    """The member's measured values for the round's quarter: frozen once closed."""
    if not round_.is_open:
        return metrics.from_json(round_.measured.get(str(municipality.pk), {}))
    return metrics.compute([municipality.pk], round_.quarter).members[municipality.pk]


@dataclass
class Given:
    question: Question
    score: int
    note: str
    problem: str


@transaction.atomic
def submit_answers(
    round_: Round, municipality: Municipality, user: User, given: Sequence[Given]
) -> Response:
    """Save (or replace) the member's answers, all or none; a problem written beside an
    answer goes to the register."""
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if locked.status != RoundStatus.OPEN:
        raise DiagnosisError(_("This round is closed; its answers can no longer change."))
    for item in given:
        q = item.question
        if q.questionnaire_id != round_.questionnaire_id:
            raise DiagnosisError(_("A question is not part of this round's questionnaire."))
        if not q.scale_min <= item.score <= q.scale_max:
            raise DiagnosisError(
                _("The score for “%(question)s” must be between %(low)s and %(high)s.")
                % {
                    "question": q.text,
                    "low": local_digits(q.scale_min),
                    "high": local_digits(q.scale_max),
                }
            )
    response, _created = Response.objects.get_or_create(round=round_, municipality=municipality)
    response.submitted_at, response.submitted_by = timezone.now(), user
    response.save(update_fields=["submitted_at", "submitted_by"])
    for item in given:
        answer, _made = Answer.objects.update_or_create(
            response=response,
            question=item.question,
            defaults={"score": item.score, "note": item.note},
        )
        if item.problem:
            raise_problem(
                round_.network,
                municipality,
                user,
                category=item.question.area,
                title=item.problem,
                answer=answer,
            )
    return response


# --- the problem register ----------------------------------------------------------------


def _norm(title: str) -> str:
    return " ".join(normalize(title).split())[:250]


@transaction.atomic
def raise_problem(
    network: Network,
    municipality: Municipality,
    user: User,
    *,
    category: str,
    title: str,
    severity: str = Severity.MEDIUM,
    description: str = "",
    answer: Answer | None = None,
    problem: Problem | None = None,
) -> tuple[Problem, bool]:
    """The member reports a problem: the register's problem of the same category and
    title (written any way: normalized), or `problem` when the member picked it, or a new
    one. Returns (problem, whether the member's report is new)."""
    if problem is None:
        problem, _made = Problem.objects.get_or_create(
            network=network,
            category=category,
            title_norm=_norm(title),
            defaults={"title": title.strip()[:250], "severity": severity},
        )
    elif problem.network_id != network.pk:
        raise DiagnosisError(_("That problem is not in this network's register."))
    if problem.status == ProblemStatus.RESOLVED:
        problem.status = ProblemStatus.OPEN
        problem.save(update_fields=["status"])
    report, made = ProblemReport.objects.get_or_create(
        problem=problem,
        municipality=municipality,
        defaults={
            "description": description,
            "answer": answer,
            "raised_by": user,
            "raised_at": timezone.now(),
        },
    )
    if not made and (description or answer):
        report.description = description or report.description
        report.answer = answer or report.answer
        report.save(update_fields=["description", "answer"])
    return problem, made


@transaction.atomic
def follow_up_problem(
    problem: Problem,
    *,
    status: str,
    severity: str,
    owner: User | None,
    resolutions: Iterable[Resolution],
) -> None:
    problem.status, problem.severity, problem.owner = status, severity, owner
    problem.save(update_fields=["status", "severity", "owner"])
    problem.resolutions.set(list(resolutions))


def next_quarterly_meeting(network: Network) -> Meeting | None:
    return Meeting.objects.of_network(network).upcoming().filter(is_quarterly=True).first()


@transaction.atomic
def put_on_agenda(problem: Problem, user: User) -> AgendaItem:
    """An item for the next quarterly meeting's agenda, made from the register (through
    the meetings' own action): once per problem and meeting."""
    meeting = next_quarterly_meeting(problem.network)
    if meeting is None:
        raise DiagnosisError(
            _("No quarterly meeting is planned yet; plan the next one, then add the problem.")
        )
    locked = Problem.objects.select_for_update().get(pk=problem.pk)
    if (
        locked.agenda_item_id
        and AgendaItem.objects.filter(pk=locked.agenda_item_id, meeting=meeting).exists()
    ):
        raise DiagnosisError(_("This problem is already on the next meeting's agenda."))
    count = problem.reports.values("municipality").distinct().count()
    item = AgendaItem(
        title=(
            _("Problem from the register: %(title)s (reported by %(n)s members)")
            % {"title": problem.title, "n": local_digits(count)}
        )[:300],
        duration_minutes=15,
    )
    add_agenda_item(meeting, item, user, proposal=False)
    problem.agenda_item = item
    problem.save(update_fields=["agenda_item"])
    return item


# --- the quarterly report ----------------------------------------------------------------


def _quarter_key(quarter: JalaliQuarter) -> list[int]:
    return [quarter.year, quarter.number]


def build(network: Network, quarter: JalaliQuarter) -> dict[str, Any]:
    """Every figure of the network's report for the quarter, as the snapshot stores it.

    A fixed number of queries whatever the number of members: the metrics' sources for
    each trend quarter, the round's answers grouped, the register grouped.
    """
    members = list(network.members.order_by("name").values("pk", "slug", "name", "name_en"))
    ids = [m["pk"] for m in members]
    quarters = [quarter]
    for _n in range(TREND_QUARTERS - 1):
        quarters.insert(0, quarters[0].previous())
    computed = {q: metrics.compute(ids, q) for q in quarters}
    now = computed[quarter]

    round_ = (
        Round.objects.of_network(network)
        .filter(quarter_year=quarter.year, quarter_number=quarter.number)
        .first()
    )
    answered: set[int] = set()
    areas: dict[int, dict[str, float]] = defaultdict(dict)
    network_areas: dict[str, float] = {}
    if round_ is not None:
        answered = set(
            Response.objects.filter(round=round_, submitted_at__isnull=False).values_list(
                "municipality_id", flat=True
            )
        )
        scores = (
            Answer.objects.filter(response__round=round_, response__submitted_at__isnull=False)
            .values("response__municipality_id", "question__area")
            .annotate(score=Avg("score"))
            .order_by()
        )
        for row in scores:
            areas[row["response__municipality_id"]][row["question__area"]] = round(row["score"], 1)
        for area, score in (
            Answer.objects.filter(response__round=round_, response__submitted_at__isnull=False)
            .values("question__area")
            .annotate(score=Avg("score"))
            .order_by()
            .values_list("question__area", "score")
        ):
            network_areas[area] = round(score, 1)

    problems = list(
        Problem.objects.of_network(network)
        .with_counts()
        .in_order()
        .select_related("owner", "agenda_item__meeting")
        .prefetch_related("resolutions", "reports")
    )
    register = [
        {
            "id": p.pk,
            "title": p.title,
            "category": p.category,
            "severity": p.severity,
            "status": p.status,
            "members": p.members,  # type: ignore[attr-defined]
            "since": p.since.isoformat() if p.since else None,  # type: ignore[attr-defined]
            "owner": str(p.owner) if p.owner else "",
            "resolutions": [
                {"text": r.text[:300], "status": r.status, "deadline": r.deadline.isoformat()}
                for r in p.resolutions.all()
            ],
            "agenda": p.agenda_item.meeting.title if p.agenda_item else "",
            "municipalities": sorted({r.municipality_id for r in p.reports.all()}),
        }
        for p in problems
    ]

    def trend(pk: int | None) -> list[dict[str, Any]]:
        return [
            {
                "quarter": _quarter_key(q),
                "metrics": metrics.as_json(
                    computed[q].total if pk is None else computed[q].members[pk]
                ),
            }
            for q in quarters
        ]

    network_data = {
        "quarter": _quarter_key(quarter),
        "members": len(ids),
        "metrics": metrics.as_json(now.total),
        "enough": {
            m.key: sum(1 for pk in ids if now.members[pk][m.key].enough) for m in metrics.METRICS
        },
        "trend": trend(None),
        "assessment": {
            "round": round_.pk if round_ else None,
            "version": round_.questionnaire.version if round_ else None,
            "answered": len(answered),
            "not_answered": [m["name"] for m in members if round_ and m["pk"] not in answered],
            "areas": network_areas,
        },
        "problems": [{k: v for k, v in p.items() if k != "municipalities"} for p in register],
    }
    member_data = {
        m["pk"]: {
            "name": m["name"],
            "name_en": m["name_en"],
            "slug": m["slug"],
            "metrics": metrics.as_json(now.members[m["pk"]]),
            "trend": trend(m["pk"]),
            "assessment": {
                "round": bool(round_),
                "answered": m["pk"] in answered,
                "areas": areas.get(m["pk"], {}),
            },
            "problems": [
                {k: v for k, v in p.items() if k != "municipalities"}
                for p in register
                if m["pk"] in p["municipalities"]
            ],
        }
        for m in members
    }
    return {"network": network_data, "members": member_data}


def fingerprint(data: dict[str, Any]) -> str:
    """The same for the same figures, whatever order the dicts were built in."""
    text = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Preview:
    """The issue page's draft: the network's figures as `build` made them, and of each
    member what the side-by-side table shows; `fingerprint` is of the whole build."""

    network: dict[str, Any]
    members: dict[int, dict[str, Any]]
    fingerprint: str
    computed_at: dt.datetime


def _preview_key(network: Network, quarter: JalaliQuarter) -> str:
    return f"diagnosis:preview:{network.pk}:{quarter.year}-{quarter.number}"


def remember_preview(network: Network, quarter: JalaliQuarter, data: dict[str, Any]) -> Preview:
    shown = ("name", "name_en", "slug", "metrics")
    preview = Preview(
        network=data["network"],
        members={pk: {k: m[k] for k in shown} for pk, m in data["members"].items()},
        fingerprint=fingerprint(data),
        computed_at=timezone.now(),
    )
    cache.set(_preview_key(network, quarter), preview, PREVIEW_SECONDS)
    return preview


def preview_report(network: Network, quarter: JalaliQuarter, *, refresh: bool = False) -> Preview:
    """The quarter's draft report as computed in the last minutes (afresh if `refresh`)."""
    if not refresh:
        found = cache.get(_preview_key(network, quarter))
        if isinstance(found, Preview):
            return found
    return remember_preview(network, quarter, build(network, quarter))


def observers_of(network: Network) -> list[str]:
    emails = (
        Membership.objects.filter(network=network, role=Role.OBSERVER, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return sorted(set(emails))


@transaction.atomic
def issue_report(
    network: Network,
    quarter: JalaliQuarter,
    user: User,
    *,
    narrative: str,
    change_note: str = "",
    seen: str = "",
) -> Report:
    """Freeze the quarter's figures as the next version of its report and email it to the
    network's observers. Issuing a quarter again is a correction: version n+1, which must
    say what changed.

    The figures are computed here, never taken from a preview. `seen` is the fingerprint
    of the preview the secretariat looked at: if the figures are no longer those, nothing
    is issued (FiguresChanged carries the fresh ones to show)."""
    from .models import MemberSnapshot

    Network.objects.select_for_update().filter(pk=network.pk).first()  # one issuer at a time
    last = (
        Report.objects.of_network(network)
        .filter(quarter_year=quarter.year, quarter_number=quarter.number)
        .aggregate(v=Max("version"))["v"]
    )
    if not narrative.strip():
        raise DiagnosisError(_("Write the secretariat's narrative before issuing the report."))
    if last and not change_note.strip():
        raise DiagnosisError(
            _(
                "The report for %(quarter)s was already issued (version %(version)s); "
                "issuing it again makes version %(next)s: say what changed."
            )
            % {
                "quarter": quarter.label,
                "version": local_digits(last),
                "next": local_digits(last + 1),
            }
        )
    data = build(network, quarter)
    if seen and fingerprint(data) != seen:
        raise FiguresChanged(
            _(
                "Nothing was issued: the figures are no longer those of the preview you "
                "looked at (work was recorded since, or another quarter was chosen). The "
                "preview below is up to date: check it, then issue."
            ),
            data,
        )
    cache.delete(_preview_key(network, quarter))
    report = Report.objects.create(
        network=network,
        quarter_year=quarter.year,
        quarter_number=quarter.number,
        version=(last or 0) + 1,
        narrative=narrative.strip(),
        change_note=change_note.strip() if last else "",
        snapshot=data["network"],
        issued_at=timezone.now(),
        issued_by=user,
    )
    MemberSnapshot.objects.bulk_create(
        MemberSnapshot(
            report=report,
            municipality_id=pk,
            name=member["name"],
            name_en=member["name_en"],
            data=member,
        )
        for pk, member in data["members"].items()
    )
    for email in observers_of(network):
        queue(
            model=ReportSend,
            key=ReportSend.key_for(report.pk, email),
            transport=Transport.EMAIL,
            target=email,
            report=report,
        )
    return report


# --- the dashboard's figures, kept per member and quarter --------------------------------

# Members per refresh: one query per metric source for each batch.
REFRESH_BATCH = 200


def refresh_figures(ids: Sequence[int], quarter: JalaliQuarter) -> list[QuarterFigures]:
    """Compute the members' figure rows for the quarter and keep them, one row per member
    (run twice, the later run's rows stay: idempotent). Dated when the reading began, so
    that a figure never looks fresher than the records it counted."""
    now = timezone.now()
    results = metrics.source_rows(ids, quarter)
    kept = [
        QuarterFigures(
            municipality_id=pk,
            quarter_year=quarter.year,
            quarter_number=quarter.number,
            rows={name: rows.get(pk, {}) for name, rows in results.items()},
            computed_at=now,
        )
        for pk in ids
    ]
    QuarterFigures.objects.bulk_create(
        kept,
        update_conflicts=True,
        unique_fields=["municipality", "quarter_year", "quarter_number"],
        update_fields=["rows", "computed_at"],
    )
    return kept


def refresh_kept_figures(quarter: JalaliQuarter | None = None) -> int:
    """The tick's refresh: the quarter's figures (the current one unless given) of every
    network member, whose dashboards show them, in batches. Returns how many."""
    quarter = quarter or JalaliQuarter.current()
    ids = list(
        Municipality.objects.filter(networks__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), REFRESH_BATCH):
        refresh_figures(ids[start : start + REFRESH_BATCH], quarter)
    return len(ids)


def figures_for(ids: Sequence[int], quarter: JalaliQuarter) -> tuple[metrics.Computed, dt.datetime]:
    """The members' figures for the quarter from their kept rows (one query), with the time
    the oldest of them was computed. Members with no rows yet, or rows older than
    FIGURES_MAX_AGE (the worker stopped), are computed for this reading and not kept: only
    the tick writes them, as a page's GET writes nothing. So a figure shown is never older
    than FIGURES_MAX_AGE."""
    kept = {
        row.municipality_id: row
        for row in QuarterFigures.objects.of_quarter(quarter)
        .fresh()
        .filter(municipality_id__in=list(ids))
    }
    results: dict[str, metrics.Rows] = {m.source.__name__: {} for m in metrics.METRICS}
    for pk, row in kept.items():
        for name, values in row.rows.items():
            results.setdefault(name, {})[pk] = values
    times = [row.computed_at for row in kept.values()]
    missing = [pk for pk in ids if pk not in kept]
    if missing:
        times.append(timezone.now())
        for name, rows in metrics.source_rows(missing, quarter).items():
            results.setdefault(name, {}).update(rows)
    return metrics.from_rows(ids, results), min(times, default=timezone.now())
