"""Diagnosis: the network's versioned questionnaire, self-assessment rounds for a Jalali
quarter, the problem register, and the issued quarterly reports (frozen snapshots)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import connections, models
from django.db.models import Q
from django.db.models.functions import Coalesce, Collate, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ravabet.lib.jalali import JalaliQuarter
from ravabet.network.models import Municipality, Network
from ravabet.outbox.models import Send


class Area(models.TextChoices):
    STAFFING = "staffing", _("Staffing and skills")
    BUDGET = "budget", _("Budget and equipment")
    MANAGEMENT = "management", _("Access to management and its trust")
    NEWS = "news", _("News and media")
    VOICE = "voice", _("Citizens' voice")
    EVENTS = "events", _("Events")
    CRISIS = "crisis", _("Crisis readiness")
    DIGITAL = "digital", _("Digital channels")


class QuestionnaireQuerySet(models.QuerySet["Questionnaire"]):
    def of_network(self, network: Network) -> QuestionnaireQuerySet:
        return self.filter(network=network)

    def latest_first(self) -> QuestionnaireQuerySet:
        return self.order_by("-version")


class Questionnaire(models.Model):
    """One version of a network's questionnaire. A version a round has pinned is never
    changed again: a change to it makes the next version."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="questionnaires", verbose_name=_("network")
    )
    version = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["network", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "version"], name="questionnaire_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.network} v{self.version}"

    @property
    def is_pinned(self) -> bool:
        return self.rounds.exists()


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    text = models.CharField(_("question"), max_length=400)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    metric = models.CharField(
        _("measured by"),
        max_length=40,
        blank=True,
        help_text=_("The figure Ravabet measures for this question, shown beside the answer."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(area__in=Area.values), name="question_area_valid"),
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")), name="question_scale_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class RoundQuerySet(models.QuerySet["Round"]):
    def of_network(self, network: Network) -> RoundQuerySet:
        return self.filter(network=network)

    def open(self) -> RoundQuerySet:
        return self.filter(status=RoundStatus.OPEN)

    def latest_first(self) -> RoundQuerySet:
        return self.order_by("-quarter_year", "-quarter_number")


class Round(models.Model):
    """A self-assessment round for one Jalali quarter, on the questionnaire version it
    was opened with. Closed: frozen, the measured values kept in `measured`."""

    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        related_name="diagnosis_rounds",
        verbose_name=_("network"),
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="rounds"
    )
    quarter_year = models.PositiveSmallIntegerField(_("Jalali year"))
    quarter_number = models.PositiveSmallIntegerField(_("quarter"))
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # On closing: {municipality id: {metric key: figure}} as they were then.
    measured = models.JSONField(default=dict, blank=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-assessment round")
        verbose_name_plural = _("self-assessment rounds")
        ordering = ["network", "-quarter_year", "-quarter_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "quarter_year", "quarter_number"], name="round_once_a_quarter"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RoundStatus.values), name="round_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(quarter_number__gte=1, quarter_number__lte=4),
                name="round_quarter_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self.quarter.label)

    def get_absolute_url(self) -> str:
        return reverse("diagnosis:round", args=[self.pk])

    @property
    def quarter(self) -> JalaliQuarter:
        return JalaliQuarter(self.quarter_year, self.quarter_number)

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class Response(models.Model):
    """One member's answers in a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="diagnosis_responses"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("answers")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "municipality"], name="response_once_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.municipality}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField(_("score"))
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.score}"


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


SEVERITY_RANK = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3}


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("Being addressed")
    RESOLVED = "resolved", _("Resolved")


class ProblemQuerySet(models.QuerySet["Problem"]):
    def of_network(self, network: Network) -> ProblemQuerySet:
        return self.filter(network=network)

    def unresolved(self) -> ProblemQuerySet:
        return self.exclude(status=ProblemStatus.RESOLVED)

    def with_counts(self) -> ProblemQuerySet:
        """How many members report it, and since when: in the same query."""
        return self.annotate(
            members=models.Count("reports__municipality", distinct=True),
            since=models.Min("reports__raised_at"),
        )

    def in_order(self) -> ProblemQuerySet:
        return self.order_by("status", "-members", "since", "pk")


class Problem(models.Model):
    """A problem in the network's register; members report it (ProblemReport), possibly
    several members the same problem."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="problems", verbose_name=_("network")
    )
    category = models.CharField(_("category"), max_length=20, choices=Area.choices)
    title = models.CharField(_("problem"), max_length=250)
    title_norm = models.CharField(max_length=250, editable=False, db_index=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    resolutions = models.ManyToManyField(
        "meetings.Resolution",
        blank=True,
        related_name="problems",
        verbose_name=_("resolutions that address it"),
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on the agenda of"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["network", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=Area.values), name="problem_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(severity__in=Severity.values), name="problem_severity_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProblemStatus.values), name="problem_status_valid"
            ),
            models.UniqueConstraint(
                fields=["network", "category", "title_norm"], name="problem_once_per_network"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("diagnosis:problem", args=[self.pk])


class ProblemReport(models.Model):
    """A member saying it has the problem: directly, or from a round's answer."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="reports")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="problem_reports"
    )
    description = models.TextField(_("description"), blank=True, max_length=4000)
    answer = models.ForeignKey(
        Answer, on_delete=models.SET_NULL, null=True, blank=True, related_name="problems"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    raised_at = models.DateTimeField()

    class Meta:
        ordering = ["raised_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["problem", "municipality"], name="problem_reported_once_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.problem_id} · {self.municipality_id}"


class ReportQuerySet(models.QuerySet["Report"]):
    def of_network(self, network: Network) -> ReportQuerySet:
        return self.filter(network=network)

    def latest_first(self) -> ReportQuerySet:
        return self.order_by("-quarter_year", "-quarter_number", "-version")

    def latest_versions(self) -> ReportQuerySet:
        """The newest version of each quarter's report."""
        newer = Report.objects.filter(
            network=models.OuterRef("network"),
            quarter_year=models.OuterRef("quarter_year"),
            quarter_number=models.OuterRef("quarter_number"),
            version__gt=models.OuterRef("version"),
        )
        return self.exclude(models.Exists(newer))


class Report(models.Model):
    """An issued quarterly report: one version, frozen. `snapshot` holds the network's
    figures as they were computed when issued; each member's are in MemberSnapshot."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="quarterly_reports")
    quarter_year = models.PositiveSmallIntegerField(_("Jalali year"))
    quarter_number = models.PositiveSmallIntegerField(_("quarter"))
    version = models.PositiveIntegerField(_("version"), default=1)
    narrative = models.TextField(_("the secretariat's narrative"), max_length=20000)
    change_note = models.TextField(_("what changed"), blank=True, max_length=4000)
    snapshot = models.JSONField(default=dict)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        ordering = ["network", "-quarter_year", "-quarter_number", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "quarter_year", "quarter_number", "version"],
                name="report_version_unique",
            ),
            models.CheckConstraint(
                condition=Q(quarter_number__gte=1, quarter_number__lte=4),
                name="report_quarter_valid",
            ),
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(change_note=""), name="report_correction_says_why"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quarter.label} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("diagnosis:report", args=[self.pk])

    @property
    def quarter(self) -> JalaliQuarter:
        return JalaliQuarter(self.quarter_year, self.quarter_number)

    def section(self, name: str) -> Any:
        return self.snapshot.get(name)


class MemberSnapshotQuerySet(models.QuerySet["MemberSnapshot"]):
    def named(self, text: str) -> MemberSnapshotQuerySet:
        """Members whose name (Persian or English) holds `text`; all of them for ''."""
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(name_en__icontains=text))

    def by_display_name(self) -> MemberSnapshotQuerySet:
        """In the alphabetical order of the names the reader sees: English ones (Persian
        where a member has none) on an English page. PostgreSQL orders Persian by its
        alphabet (ICU), SQLite by the same alphabet (core/collation.py)."""
        from ravabet.lib.i18n import is_fa

        fa = is_fa()
        shown: Any = (
            models.F("name") if fa else Coalesce(NullIf("name_en", models.Value("")), "name")
        )
        if connections[self.db].vendor == "postgresql":
            shown = Collate(shown, "fa-x-icu" if fa else "und-x-icu")
        else:
            shown = Collate(shown, "persian")
        return self.order_by(shown, "pk")


class MemberSnapshot(models.Model):
    """One member's figures in one report version, frozen with it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="members")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=150)
    name_en = models.CharField(max_length=150, blank=True)
    data = models.JSONField(default=dict)

    objects = MemberSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["report", "name"]
        constraints = [
            models.UniqueConstraint(fields=["report", "municipality"], name="member_snapshot_once")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        from ravabet.lib.i18n import is_fa

        return self.name_en if self.name_en and not is_fa() else self.name


# Kept figures older than this are computed afresh by the dashboard that reads them: the
# tick refreshes them every few minutes, so only a stopped worker lets them reach it.
FIGURES_MAX_AGE = dt.timedelta(minutes=15)


class QuarterFiguresQuerySet(models.QuerySet["QuarterFigures"]):
    def of_quarter(self, quarter: JalaliQuarter) -> QuarterFiguresQuerySet:
        return self.filter(quarter_year=quarter.year, quarter_number=quarter.number)

    def fresh(self, now: dt.datetime | None = None) -> QuarterFiguresQuerySet:
        return self.filter(computed_at__gte=(now or timezone.now()) - FIGURES_MAX_AGE)


class QuarterFigures(models.Model):
    """One member's parts of this quarter's figures (each metric source's row, see
    metrics.py), kept so that a dashboard does not add up the quarter's messages and news
    on every view. `actions.refresh_figures` writes them (the tick, every few minutes);
    `actions.figures_for` reads them and recomputes any older than FIGURES_MAX_AGE."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    quarter_year = models.PositiveSmallIntegerField()
    quarter_number = models.PositiveSmallIntegerField()
    rows = models.JSONField(default=dict)  # {source function's name: its row for the member}
    computed_at = models.DateTimeField()

    objects = QuarterFiguresQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "quarter_year", "quarter_number"],
                name="quarter_figures_once",
            ),
            models.CheckConstraint(
                condition=Q(quarter_number__gte=1, quarter_number__lte=4),
                name="quarter_figures_quarter_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.quarter_year}-{self.quarter_number}"


class ReportSend(Send):
    """An issued report emailed to one of the network's observers, with its PDF: once per
    report version and address (the outbox's key)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sends")

    def __str__(self) -> str:
        return f"{self.report_id} → {self.target}"

    @staticmethod
    def key_for(report_id: int, email: str) -> str:
        return f"diagnosis-report:{report_id}:{email.lower()}"
