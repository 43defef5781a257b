"""The diagnosis pages: the network's overview, the questionnaire, rounds and answers,
the problem register, and the quarterly reports (screen, PDF, XLSX)."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ravabet.core.http import AppRequest
from ravabet.lib.i18n import local_digits
from ravabet.lib.jalali import JalaliQuarter
from ravabet.lib.spreadsheets import XLSX_CONTENT_TYPE
from ravabet.network.models import Municipality, Network, User

from . import actions, metrics
from .access import (
    Seat,
    get_member_report_for_user,
    get_network_seat,
    get_problem_for_user,
    get_report_for_user,
    get_round_for_user,
)
from .actions import DiagnosisError
from .exports import filename, report_pdf, report_xlsx
from .forms import (
    AnswersForm,
    FollowUpForm,
    IssueForm,
    ProblemForm,
    QuestionForm,
    RoundForm,
    quarter_choices,
)
from .models import MemberSnapshot, Problem, Question, Questionnaire, Report, Response, Round
from .report import context as report_context
from .report import page_of_drafts, page_of_members, search_text


def _user(request: AppRequest) -> User:
    return cast(User, request.user)


# --- the overview and the questionnaire ------------------------------------------------


@login_required
def overview(request: AppRequest, slug: str) -> HttpResponse:
    network, seat = get_network_seat(request.user, slug, reports=True)
    reports = list(
        Report.objects.of_network(network)
        .latest_versions()
        .latest_first()
        .select_related("issued_by")
    )
    if not seat.diagnosis:  # the observer: the issued reports only
        return render(
            request,
            "diagnosis/overview.html",
            {"network": network, "seat": seat, "reports": reports},
        )
    rounds = list(Round.objects.of_network(network).latest_first().select_related("questionnaire"))
    mine: set[int] = set()
    if seat.member is not None:
        mine = set(
            Response.objects.filter(
                round__in=rounds, municipality=seat.member, submitted_at__isnull=False
            ).values_list("round_id", flat=True)
        )
    return render(
        request,
        "diagnosis/overview.html",
        {
            "network": network,
            "seat": seat,
            "rounds": [(r, r.pk in mine) for r in rounds],
            "reports": reports,
            "round_form": RoundForm(),
        },
    )


def _questionnaire_page(
    request: AppRequest,
    network: Network,
    seat: Seat,
    *,
    form: QuestionForm | None = None,
    editing: int | None = None,
    edit_form: QuestionForm | None = None,
    said: str = "",
) -> HttpResponse:
    """The questionnaire page, or (htmx) its questions' partial: one question shown as a
    form when `editing` names it."""
    names = dict(metrics.metric_choices())
    # Reading the page writes nothing: before the first change, version 1 is shown as it
    # will be saved (the starter questions), and saved with that change.
    current = Questionnaire.objects.of_network(network).latest_first().first()
    if current is None:
        current = Questionnaire(network=network, version=1)
        questions = [
            Question(area=area, text=text, metric=metric, position=(n + 1) * 10)
            for n, (area, text, metric) in enumerate(actions.starter_questions())
        ]
    else:
        questions = list(current.questions.all())
    if editing is not None and edit_form is None:
        question = next((q for q in questions if q.pk == editing), None)
        if question is None:
            raise Http404(_("No such question in the current version."))
        edit_form = QuestionForm(
            prefix="edit", initial={name: getattr(question, name) for name in actions.EDITABLE}
        )
    context = {
        "network": network,
        "seat": seat,
        "questionnaire": current,
        "questions": [(q, names.get(q.metric, "")) for q in questions],
        "pinned": current.pk is not None and current.is_pinned,
        "form": form or QuestionForm(),
        "editing": editing,
        "edit_form": edit_form,
        "said": said,
    }
    if request.htmx:
        return render(request, "diagnosis/questionnaire.html#questions", context)
    return render(request, "diagnosis/questionnaire.html", context)


@login_required
def questionnaire(request: AppRequest, slug: str) -> HttpResponse:
    write = request.method == "POST"
    network, seat = get_network_seat(request.user, slug, write=write)
    if write and request.POST.get("start"):  # the starter questions saved as they are
        actions.current_questionnaire(network, _user(request))
        return redirect("diagnosis:questionnaire", slug=network.slug)
    form = QuestionForm(request.POST or None)
    if write and form.is_valid():
        changed = actions.add_question(network, form.save(commit=False), _user(request))
        messages.add_message(request, _level(changed), _say_version(changed))
        return redirect("diagnosis:questionnaire", slug=network.slug)
    editing = None
    if seat.secretariat and request.GET.get("edit", "").isdigit():
        editing = int(request.GET["edit"])
    return _questionnaire_page(request, network, seat, form=form, editing=editing)


def _level(changed: actions.Changed) -> int:
    return messages.INFO if changed.new_version else messages.SUCCESS


def _say_version(changed: actions.Changed) -> str:
    if changed.new_version:
        return _(
            "A round uses the previous version, so the change made version %(version)s; "
            "rounds already opened keep their own."
        ) % {"version": local_digits(changed.questionnaire.version)}
    return _("The questionnaire was changed.")


def _current_question(network: Network, pk: int) -> Question:
    question = actions.current_questionnaire(network).questions.filter(pk=pk).first()
    if question is None:
        raise Http404(_("No such question in the current version."))
    return question


def _changed(
    request: AppRequest, network: Network, seat: Seat, change: Callable[[], actions.Changed]
) -> HttpResponse:
    """Make a change to the questionnaire and say what it did: on the redrawn questions
    (htmx), or on the page it sends the browser back to."""
    try:
        changed = change()
    except DiagnosisError as error:
        said, level = str(error), messages.ERROR
    else:
        said, level = _say_version(changed), _level(changed)
    if request.htmx:
        return _questionnaire_page(request, network, seat, said=said)
    messages.add_message(request, level, said)
    return redirect("diagnosis:questionnaire", slug=network.slug)


@require_POST
@login_required
def question_remove(request: AppRequest, slug: str, pk: int) -> HttpResponse:
    network, seat = get_network_seat(request.user, slug, write=True)
    question = _current_question(network, pk)
    return _changed(
        request, network, seat, lambda: actions.remove_question(network, question, _user(request))
    )


@require_POST
@login_required
def question_edit(request: AppRequest, slug: str, pk: int) -> HttpResponse:
    network, seat = get_network_seat(request.user, slug, write=True)
    question = _current_question(network, pk)
    form = QuestionForm(request.POST, prefix="edit")
    if not form.is_valid():
        return _questionnaire_page(request, network, seat, editing=pk, edit_form=form)
    edited = form.save(commit=False)
    return _changed(
        request,
        network,
        seat,
        lambda: actions.edit_question(network, question, edited, _user(request)),
    )


@require_POST
@login_required
def question_move(request: AppRequest, slug: str, pk: int) -> HttpResponse:
    network, seat = get_network_seat(request.user, slug, write=True)
    question = _current_question(network, pk)
    steps = {"up": -1, "down": 1}
    if request.POST.get("direction") not in steps:
        raise Http404(_("Move a question up or down."))
    step = steps[request.POST["direction"]]
    return _changed(
        request,
        network,
        seat,
        lambda: actions.move_question(network, question, step, _user(request)),
    )


# --- rounds ----------------------------------------------------------------------------


@require_POST
@login_required
def round_open(request: AppRequest, slug: str) -> HttpResponse:
    network, _seat = get_network_seat(request.user, slug, write=True)
    form = RoundForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the quarters offered."))
        return redirect("diagnosis:overview", slug=network.slug)
    try:
        opened = actions.open_round(network, form.cleaned_data["quarter"], _user(request))
    except DiagnosisError as error:
        messages.error(request, str(error))
        return redirect("diagnosis:overview", slug=network.slug)
    messages.success(
        request, _("The round for %(quarter)s is open.") % {"quarter": opened.quarter.label}
    )
    return redirect(opened.get_absolute_url())


@login_required
def round_detail(request: AppRequest, pk: int) -> HttpResponse:
    found, seat = get_round_for_user(request.user, pk)
    if not seat.secretariat:
        return redirect("diagnosis:answer", pk=found.pk)
    members = list(found.network.members.order_by("name"))
    responses = {
        r.municipality_id: r
        for r in Response.objects.filter(round=found, submitted_at__isnull=False)
    }
    return render(
        request,
        "diagnosis/round.html",
        {
            "round": found,
            "network": found.network,
            "seat": seat,
            "members": [(m, responses.get(m.pk)) for m in members],
            "answered": len(responses),
        },
    )


@require_POST
@login_required
def round_close(request: AppRequest, pk: int) -> HttpResponse:
    found, _seat = get_round_for_user(request.user, pk, write=True)
    try:
        missing = actions.close_round(found)
    except DiagnosisError as error:
        messages.error(request, str(error))
    else:
        if missing:
            messages.warning(
                request,
                _("The round is closed. %(n)s members did not answer; they are shown as such.")
                % {"n": local_digits(missing)},
            )
        else:
            messages.success(request, _("The round is closed; every member answered."))
    return redirect(found.get_absolute_url())


def _answers_page(
    request: AppRequest, found: Round, seat: Seat, municipality: Municipality
) -> HttpResponse:
    questions = list(found.questionnaire.questions.all())
    response = Response.objects.filter(round=found, municipality=municipality).first()
    old = {a.question_id: a for a in response.answers.all()} if response else {}
    can_answer = found.is_open and seat.member == municipality
    form = AnswersForm(
        request.POST if request.method == "POST" and can_answer else None,
        questions=questions,
        initial_answers=old,
    )
    if request.method == "POST":
        if not can_answer:
            messages.error(request, _("This round is closed; its answers can no longer change."))
            return redirect("diagnosis:answer", pk=found.pk)
        if form.is_valid():
            try:
                actions.submit_answers(found, municipality, _user(request), form.given())
            except DiagnosisError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your answers were saved."))
                return redirect("diagnosis:answer", pk=found.pk)
    measured = actions.measured_for(found, municipality)
    from .report import completeness, shown

    rows = []
    for question, score, note, problem in form.rows():
        figure = measured.get(question.metric) if question.metric else None
        metric = metrics.BY_KEY.get(question.metric)
        rows.append(
            {
                "question": question,
                "score": score,
                "note": note,
                "problem": problem,
                "answer": old.get(question.pk),
                "metric": metric,
                "measured": shown(figure) if figure else "",
                "complete": completeness(figure) if figure else "",
                "enough": bool(figure and figure.enough),
            }
        )
    return render(
        request,
        "diagnosis/answer.html",
        {
            "round": found,
            "network": found.network,
            "seat": seat,
            "municipality": municipality,
            "form": form,
            "rows": rows,
            "response": response if response and response.submitted_at else None,
            "can_answer": can_answer,
        },
    )


@login_required
def answer(request: AppRequest, pk: int) -> HttpResponse:
    found, seat = get_round_for_user(request.user, pk)
    if seat.member is None:
        return redirect(found.get_absolute_url())
    return _answers_page(request, found, seat, seat.member)


@login_required
def member_answers(request: AppRequest, pk: int, slug: str) -> HttpResponse:
    found, seat = get_round_for_user(request.user, pk)
    if not seat.secretariat and (seat.member is None or seat.member.slug != slug):
        raise Http404(_("No such page, or it is not yours to see."))
    municipality = found.network.members.filter(slug=slug).first()
    if municipality is None:
        raise Http404(_("No such member."))
    if request.method == "POST":
        raise Http404(_("No such page, or it is not yours to see."))
    return _answers_page(request, found, seat, municipality)


# --- the problem register ----------------------------------------------------------------


@login_required
def register(request: AppRequest, slug: str) -> HttpResponse:
    write = request.method == "POST"
    network, seat = get_network_seat(request.user, slug)
    form = ProblemForm(request.POST or None)
    if write:
        if seat.member is None:
            raise Http404(_("No such page, or it is not yours to see."))
        if form.is_valid():
            data = form.cleaned_data
            problem, new = actions.raise_problem(
                network,
                seat.member,
                _user(request),
                category=data["category"],
                title=data["title"],
                severity=data["severity"],
                description=data["description"],
            )
            if new:
                messages.success(request, _("The problem is in the register."))
            else:
                messages.info(request, _("Your office had already reported this problem."))
            return redirect(problem.get_absolute_url())
    problems = list(
        Problem.objects.of_network(network)
        .with_counts()
        .in_order()
        .select_related("owner", "agenda_item__meeting")
        .prefetch_related("resolutions")
    )
    mine: set[int] = set()
    if seat.member is not None:
        mine = set(
            Problem.objects.of_network(network)
            .filter(reports__municipality=seat.member)
            .values_list("pk", flat=True)
        )
    return render(
        request,
        "diagnosis/register.html",
        {"network": network, "seat": seat, "problems": problems, "mine": mine, "form": form},
    )


@login_required
def problem_detail(request: AppRequest, pk: int) -> HttpResponse:
    problem, seat = get_problem_for_user(request.user, pk, write=request.method == "POST")
    network = problem.network
    form = FollowUpForm(request.POST or None, problem=problem, network=network)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.follow_up_problem(
            problem,
            status=data["status"],
            severity=data["severity"],
            owner=data["owner"],
            resolutions=data["resolutions"],
        )
        messages.success(request, _("The problem was updated."))
        return redirect(problem.get_absolute_url())
    reports = problem.reports.select_related("municipality", "answer__question")
    if not seat.secretariat:
        # A member sees how many report it; only its own office's report in full.
        count = reports.count()
        reports = reports.filter(municipality=seat.member)
    else:
        count = reports.count()
    return render(
        request,
        "diagnosis/problem.html",
        {
            "problem": problem,
            "network": network,
            "seat": seat,
            "reports": list(reports),
            "count": count,
            "resolutions": list(problem.resolutions.select_related("meeting")),
            "form": form if seat.secretariat else None,
            "meeting": actions.next_quarterly_meeting(network) if seat.secretariat else None,
            "mine": seat.member is not None
            and problem.reports.filter(municipality=seat.member).exists(),
        },
    )


@require_POST
@login_required
def problem_join(request: AppRequest, pk: int) -> HttpResponse:
    problem, seat = get_problem_for_user(request.user, pk)
    if seat.member is None:
        raise Http404(_("No such page, or it is not yours to see."))
    _p, new = actions.raise_problem(
        problem.network,
        seat.member,
        _user(request),
        category=problem.category,
        title=problem.title,
        problem=problem,
    )
    if new:
        messages.success(request, _("Your office now reports this problem too."))
    else:
        messages.info(request, _("Your office had already reported this problem."))
    return redirect(problem.get_absolute_url())


@require_POST
@login_required
def problem_agenda(request: AppRequest, pk: int) -> HttpResponse:
    problem, _seat = get_problem_for_user(request.user, pk, write=True)
    try:
        item = actions.put_on_agenda(problem, _user(request))
    except DiagnosisError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Added to the agenda of “%(meeting)s”.") % {"meeting": item.meeting.title}
        )
    return redirect(problem.get_absolute_url())


# --- reports -----------------------------------------------------------------------------


def _quarter_shown(request: AppRequest, form: IssueForm) -> JalaliQuarter:
    """The quarter the issue page previews: the one posted, or asked for, or this one."""
    if form.is_bound and "quarter" in getattr(form, "cleaned_data", {}):
        quarter: JalaliQuarter = form.cleaned_data["quarter"]
        return quarter
    picked = request.GET.get("quarter", "")
    quarter = JalaliQuarter.current()
    if picked in dict(quarter_choices()):
        year, number = picked.split("-")
        quarter = JalaliQuarter(int(year), int(number))
    form.initial["quarter"] = f"{quarter.year}-{quarter.number}"
    return quarter


@login_required
def issue(request: AppRequest, slug: str) -> HttpResponse:
    network, seat = get_network_seat(request.user, slug, write=True)
    form = IssueForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = actions.issue_report(
                network,
                data["quarter"],
                _user(request),
                narrative=data["narrative"],
                change_note=data["change_note"],
                seen=request.POST.get("seen", "")[:64],
            )
        except actions.FiguresChanged as changed:
            preview = actions.remember_preview(network, data["quarter"], changed.data)
            form.add_error(None, str(changed))
        except DiagnosisError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Version %(version)s of the report for %(quarter)s was issued and sent to "
                    "the observer."
                )
                % {"version": local_digits(report.version), "quarter": report.quarter.label},
            )
            return redirect(report.get_absolute_url())
    quarter = _quarter_shown(request, form)
    if preview is None:
        refresh = request.method == "GET" and request.GET.get("refresh") == "1"
        preview = actions.preview_report(network, quarter, refresh=refresh)
    draft = Report(
        network=network,
        quarter_year=quarter.year,
        quarter_number=quarter.number,
        snapshot=preview.network,
        issued_at=preview.computed_at,
    )
    page = page_of_drafts(preview.members, request.GET.get("q", ""), request.GET.get("page"))
    context = report_context(draft, None, list(page.object_list), page)
    context.update(
        network=network,
        seat=seat,
        form=form,
        draft=True,
        show_members=True,
        preview=preview,
        q=search_text(request.GET.get("q", "")),
        members_query=_members_query(request, "quarter"),
    )
    if request.htmx and request.method == "GET":
        return render(request, "diagnosis/_report_body.html#side-by-side", context)
    context["issued"] = (
        Report.objects.of_network(network)
        .filter(quarter_year=quarter.year, quarter_number=quarter.number)
        .aggregate(v=Max("version"))["v"]
    )
    return render(request, "diagnosis/issue.html", context)


def _members_query(request: AppRequest, *keep: str) -> str:
    """The side-by-side pager's links keep the search (and the issue page's quarter)."""
    kept = {key: request.GET[key] for key in ("q", *keep) if request.GET.get(key)}
    return urlencode(kept) + "&" if kept else ""


def _report_page(
    request: AppRequest, report: Report, seat: Seat, member: MemberSnapshot | None
) -> HttpResponse:
    page = None
    if member is not None:
        members = [member]
    elif seat.secretariat or seat.observer:
        page = page_of_members(
            report.members.all(), request.GET.get("q", ""), request.GET.get("page")
        )
        members = list(page.object_list)
    else:  # a member's office: the network's aggregates and its own row, no other's
        members = list(report.members.filter(municipality=seat.member))
    context = report_context(report, member, members, page)
    context.update(
        network=report.network,
        seat=seat,
        show_members=seat.secretariat or seat.observer,
        q=search_text(request.GET.get("q", "")),
        members_query=_members_query(request),
    )
    if request.htmx and page is not None:
        return render(request, "diagnosis/_report_body.html#side-by-side", context)
    context["versions"] = list(
        Report.objects.of_network(report.network)
        .filter(quarter_year=report.quarter_year, quarter_number=report.quarter_number)
        .order_by("version")
        .only("pk", "version", "issued_at", "change_note")
    )
    return render(request, "diagnosis/report.html", context)


@login_required
def report_detail(request: AppRequest, pk: int) -> HttpResponse:
    report, seat = get_report_for_user(request.user, pk)
    return _report_page(request, report, seat, None)


@login_required
def member_report(request: AppRequest, pk: int, slug: str) -> HttpResponse:
    report, member, seat = get_member_report_for_user(request.user, pk, slug)
    return _report_page(request, report, seat, member)


def _own_part(report: Report, seat: Seat) -> MemberSnapshot:
    """A member's office downloads its own part of the report, never the others'."""
    member = report.members.select_related("municipality").filter(municipality=seat.member).first()
    if member is None:
        raise Http404(_("No such page, or it is not yours to see."))
    return member


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def report_pdf_view(request: AppRequest, pk: int) -> HttpResponse:
    report, seat = get_report_for_user(request.user, pk)
    member = None
    if not (seat.secretariat or seat.observer):
        member = _own_part(report, seat)
    return _download(report_pdf(report, member), filename(report, "pdf", member), "application/pdf")


@login_required
def report_xlsx_view(request: AppRequest, pk: int) -> HttpResponse:
    report, seat = get_report_for_user(request.user, pk)
    member = None
    if not (seat.secretariat or seat.observer):
        member = _own_part(report, seat)
    return _download(
        report_xlsx(report, member), filename(report, "xlsx", member), XLSX_CONTENT_TYPE
    )
