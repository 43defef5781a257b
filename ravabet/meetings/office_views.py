"""The office's and the secretariat's meeting pages: planning, minutes, resolutions."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ravabet.core.files import serve_file
from ravabet.core.http import AppRequest
from ravabet.lib.bidi import ltr_text
from ravabet.lib.i18n import local_digits
from ravabet.lib.jalali import JalaliQuarter, format_date
from ravabet.lib.paging import LookaheadPaginator, other_parameters
from ravabet.network.access import (
    get_municipality_for_user,
    get_network_for_user,
    rights_in_municipality,
)
from ravabet.network.models import User

from . import actions, board, ics, news, pdf
from .access import (
    get_agenda_item_for_user,
    get_attachment_for_user,
    get_comment_for_user,
    get_meeting_for_user,
    get_progress_update_for_user,
    get_resolution_for_user,
    may_comment,
    may_update_resolution,
)
from .forms import (
    AgendaItemForm,
    AttachmentForm,
    AttendanceForm,
    CancelForm,
    CloseForm,
    CommentForm,
    ExtendDeadlineForm,
    GuestForm,
    HeldForm,
    MeetingForm,
    MinutesForm,
    MoveForm,
    NewsDraftForm,
    ProgressForm,
    ProposalForm,
    ResolutionForm,
    RSVPForm,
    StatementForm,
)
from .models import (
    AgendaStatus,
    Invitation,
    Meeting,
    MeetingStatus,
    Resolution,
    Statement,
)


def _user(request: AppRequest) -> User:
    # Every caller is behind login_required.
    return cast(User, request.user)


def _warn_about_date(request: AppRequest, meeting: Meeting) -> None:
    for warning in actions.date_warnings(meeting):
        messages.warning(request, warning)


# --- lists and planning ---------------------------------------------------------------

PAGE_SIZE = 30


def _page(request: AppRequest, rows: QuerySet[Any]) -> Page[Any]:
    # Counted a few pages ahead, not the whole archive (ravabet/lib/paging.py).
    asked = request.GET.get("page")
    return LookaheadPaginator(rows, PAGE_SIZE, asked=asked).get_page(asked)


@login_required
def network_meetings(request: AppRequest, slug: str) -> HttpResponse:
    network, rights = get_network_for_user(request.user, slug)
    year = JalaliQuarter.current().year
    meetings = (
        Meeting.objects.of_network(network).select_related("network").order_by("-starts_at", "-pk")
    )
    return render(
        request,
        "meetings/list.html",
        {
            "owner": network,
            "network": network,
            "page": _page(request, meetings),
            "query": other_parameters(request.GET),
            "rights": rights,
            "year": year,
            "missing": actions.network_quarters_without_meeting(network, year),
            "next_quarter": actions.next_quarter_for(network),
        },
    )


@login_required
def municipality_meetings(request: AppRequest, slug: str) -> HttpResponse:
    municipality, rights = get_municipality_for_user(request.user, slug)
    return render(
        request,
        "meetings/list.html",
        {
            "owner": municipality,
            "municipality": municipality,
            "page": _page(
                request, Meeting.objects.of_municipality(municipality).order_by("-starts_at", "-pk")
            ),
            "query": other_parameters(request.GET),
            "rights": rights,
        },
    )


def _plan(request: AppRequest, form: MeetingForm, *, quarterly: bool) -> HttpResponse | None:
    if request.method == "POST" and form.is_valid():
        meeting = actions.plan_meeting(form.save(commit=False), _user(request), quarterly=quarterly)
        messages.success(request, _("The meeting was planned."))
        _warn_about_date(request, meeting)
        return redirect(meeting)
    return None


@login_required
def network_meeting_new(request: AppRequest, slug: str) -> HttpResponse:
    network, _rights = get_network_for_user(request.user, slug, write=True)
    quarterly = request.GET.get("quarterly") == "1" or request.POST.get("quarterly") == "1"
    initial = {}
    if quarterly:
        quarter = actions.next_quarter_for(network)
        initial = {
            "title": _("Quarterly meeting of the network, %(quarter)s")
            % {"quarter": quarter.label},
            "starts_at": actions.propose_quarterly_date(quarter),
            "place": _("Meeting hall of %(host)s municipality") % {"host": network.host.name},
            "purpose": _("reviewing the network's work and following up its resolutions"),
        }
    form = MeetingForm(request.POST or None, initial=initial, instance=Meeting(network=network))
    response = _plan(request, form, quarterly=quarterly)
    if response:
        return response
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "owner": network, "quarterly": quarterly},
    )


@login_required
def municipality_meeting_new(request: AppRequest, slug: str) -> HttpResponse:
    municipality, _rights = get_municipality_for_user(request.user, slug, write=True)
    form = MeetingForm(request.POST or None, instance=Meeting(municipality=municipality))
    response = _plan(request, form, quarterly=False)
    if response:
        return response
    return render(request, "meetings/meeting_form.html", {"form": form, "owner": municipality})


# --- one meeting ----------------------------------------------------------------------


@login_required
def meeting_detail(request: AppRequest, pk: int) -> HttpResponse:
    meeting, rights = get_meeting_for_user(request.user, pk)
    agenda = meeting.agenda.select_related("resolution", "proposed_for").prefetch_related(
        "statements"
    )
    if not rights.write:
        agenda = agenda.exclude(status=AgendaStatus.DECLINED)
    resolutions = meeting.resolutions.with_owner().select_related("owner_department__municipality")
    mine = _my_invitation(request, meeting)
    return render(
        request,
        "meetings/meeting.html",
        {
            "meeting": meeting,
            "rights": rights,
            "agenda": agenda,
            "my_invitation": mine,
            "rsvp_form": RSVPForm(initial={"answer": mine.rsvp})
            if mine and not actions.rsvp_closed_reason(meeting)
            else None,
            "invitations": meeting.invitations.with_sent_at().select_related("municipality"),
            "resolutions": resolutions,
            "comments": meeting.comments.select_related("author"),
            "attachments": meeting.attachments.all(),
            "proposal_form": ProposalForm() if rights.propose and meeting.is_planned else None,
            "item_form": AgendaItemForm() if rights.write else None,
            "guest_form": GuestForm(meeting=meeting) if rights.write else None,
            "held_form": HeldForm() if rights.write else None,
            "comment_form": CommentForm()
            if meeting.comments_open and may_comment(request.user, meeting, rights)
            else None,
            "attachment_form": AttachmentForm() if rights.write else None,
            "approval_blockers": actions.approval_blockers(meeting)
            if rights.write and meeting.status == MeetingStatus.HELD
            else [],
            "resolution_form": ResolutionForm(meeting=meeting) if rights.write else None,
        },
    )


def _my_invitation(request: AppRequest, meeting: Meeting) -> Invitation | None:
    return meeting.invitations.filter(user=_user(request)).first()


@login_required
@require_POST
def meeting_rsvp(request: AppRequest, pk: int) -> HttpResponse:
    """A member answers (or changes the answer to) their own invitation from the office."""
    meeting, _rights = get_meeting_for_user(request.user, pk)
    invitation = _my_invitation(request, meeting)
    if invitation is None:
        raise PermissionDenied(_("You are not invited to this meeting."))
    form = RSVPForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose your answer."))
        return redirect(meeting)
    try:
        invitation = actions.answer_rsvp(invitation.pk, form.cleaned_data["answer"])
    except actions.RSVPError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Your answer was recorded: %(answer)s.") % {"answer": invitation.get_rsvp_display()},
        )
    return redirect(meeting)


@login_required
def meeting_ics(request: AppRequest, pk: int) -> HttpResponse:
    """The meeting as a calendar file, for anyone who may read it (with them as attendee
    when invited); the same UID and SEQUENCE as the emailed one, so calendars update it."""
    meeting, _rights = get_meeting_for_user(request.user, pk)
    response = HttpResponse(
        ics.invitation_calendar(meeting, _my_invitation(request, meeting)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@login_required
def meeting_edit(request: AppRequest, pk: int) -> HttpResponse:
    meeting, _rights = get_meeting_for_user(request.user, pk, write=True)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        actions.change_meeting(form.save(commit=False), form.changed_data)
        messages.success(request, _("The meeting was saved."))
        if "starts_at" in form.changed_data:
            _warn_about_date(request, meeting)
        return redirect(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "owner": meeting.owner, "meeting": meeting},
    )


@login_required
def meeting_cancel(request: AppRequest, pk: int) -> HttpResponse:
    meeting, _rights = get_meeting_for_user(request.user, pk, write=True)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.cancel_meeting(meeting, form.cleaned_data["reason"])
        messages.success(request, _("The meeting was cancelled."))
        return redirect(meeting)
    return render(request, "meetings/cancel.html", {"form": form, "meeting": meeting})


@login_required
@require_POST
def agenda_add(request: AppRequest, pk: int) -> HttpResponse:
    meeting, rights = get_meeting_for_user(request.user, pk)
    if not (rights.write or rights.propose):
        raise PermissionDenied(_("Your role here can read this meeting but not change it."))
    if not meeting.is_planned:
        messages.error(request, _("The agenda of a meeting already held cannot change."))
        return redirect(meeting)
    form = (AgendaItemForm if rights.write else ProposalForm)(request.POST)
    if form.is_valid():
        item = form.save(commit=False)
        item.proposed_for = rights.municipality
        actions.add_agenda_item(meeting, item, _user(request), proposal=not rights.write)
        if rights.write:
            messages.success(request, _("The item was added to the agenda."))
        else:
            messages.success(request, _("Your proposal was sent to the secretariat."))
    else:
        messages.error(request, _("The item was not added: give it a title."))
    return redirect(meeting)


@login_required
@require_POST
def agenda_move(request: AppRequest, pk: int) -> HttpResponse:
    item, rights = get_agenda_item_for_user(request.user, pk, write=True)
    form = MoveForm(request.POST)
    meeting = item.meeting
    if form.is_valid():
        try:
            actions.move_agenda_item(item, form.cleaned_data["direction"])
        except actions.AgendaMoveError as error:
            messages.error(request, str(error))
    if request.htmx:
        agenda = meeting.agenda.select_related("resolution", "proposed_for").prefetch_related(
            "statements"
        )
        return render(
            request,
            "meetings/meeting.html#agenda-list",
            {"meeting": meeting, "rights": rights, "agenda": agenda},
        )
    return redirect(meeting.get_absolute_url() + "#agenda")


@login_required
@require_POST
def agenda_decide(request: AppRequest, pk: int) -> HttpResponse:
    item, _rights = get_agenda_item_for_user(request.user, pk, write=True)
    accept = request.POST.get("decision") == "accept"
    actions.decide_proposal(item, accept=accept)
    messages.success(request, _("Proposal accepted.") if accept else _("Proposal declined."))
    return redirect(item.meeting)


@login_required
@require_POST
def invite_members(request: AppRequest, pk: int) -> HttpResponse:
    meeting, _rights = get_meeting_for_user(request.user, pk, write=True)
    count = actions.invite_members(meeting)
    messages.success(
        request,
        ngettext(
            "%(count)s person was added to the invitation list.",
            "%(count)s people were added to the invitation list.",
            count,
        )
        % {"count": local_digits(count)},
    )
    return redirect(meeting)


@login_required
@require_POST
def add_guest(request: AppRequest, pk: int) -> HttpResponse:
    meeting, _rights = get_meeting_for_user(request.user, pk, write=True)
    form = GuestForm(request.POST, meeting=meeting)
    if form.is_valid():
        guest = form.save(commit=False)
        guest.meeting = meeting
        guest.save()
        messages.success(request, _("The guest was added to the invitation list."))
        return redirect(meeting)
    return render(request, "meetings/guest_form.html", {"form": form, "meeting": meeting})


@login_required
@require_POST
def send_invitations(request: AppRequest, pk: int) -> HttpResponse:
    meeting, _rights = get_meeting_for_user(request.user, pk, write=True)
    count = actions.send_invitations(meeting)
    messages.success(
        request,
        ngettext(
            "%(count)s invitation is on its way.", "%(count)s invitations are on their way.", count
        )
        % {"count": local_digits(count)},
    )
    return redirect(meeting)


@login_required
def attendance(request: AppRequest, pk: int) -> HttpResponse:
    meeting, _rights = get_meeting_for_user(request.user, pk, write=request.method == "POST")
    invitations = list(meeting.invitations.select_related("municipality"))
    forms = [
        (
            invitation,
            AttendanceForm(
                request.POST or None,
                prefix=f"i{invitation.pk}",
                initial={"attendance": invitation.attendance, "deputy": invitation.deputy},
            ),
        )
        for invitation in invitations
    ]
    if request.method == "POST" and all(form.is_valid() for _i, form in forms):
        for invitation, form in forms:
            actions.record_attendance(
                invitation, form.cleaned_data["attendance"], form.cleaned_data["deputy"]
            )
        messages.success(request, _("Attendance was recorded."))
        return redirect(meeting)
    return render(request, "meetings/attendance.html", {"meeting": meeting, "rows": forms})


@login_required
def minutes_edit(request: AppRequest, pk: int) -> HttpResponse:
    item, _rights = get_agenda_item_for_user(request.user, pk, write=True)
    meeting = item.meeting
    if not meeting.minutes_editable:
        messages.error(request, _("The minutes are approved and can no longer change."))
        return redirect(meeting)
    form = MinutesForm(
        request.POST or None, initial={"minutes": item.minutes, "version": item.minutes_version}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        if actions.save_minutes(
            item, form.cleaned_data["minutes"], form.cleaned_data["version"], _user(request)
        ):
            messages.success(request, _("The minutes of this item were saved."))
            return redirect("meetings:minutes", pk=item.pk)
        item.refresh_from_db()
        conflict = item
        # Keep what they typed; point the form at the newer version so a deliberate
        # second save replaces it.
        data = request.POST.copy()
        data["version"] = str(item.minutes_version)
        form = MinutesForm(data)
        form.is_valid()
    statement_form = StatementForm()
    return render(
        request,
        "meetings/minutes.html",
        {
            "item": item,
            "meeting": meeting,
            "form": form,
            "conflict": conflict,
            "statement_form": statement_form,
            "statements": item.statements.select_related("municipality"),
        },
        status=409 if conflict else 200,
    )


@login_required
@require_POST
def statement_add(request: AppRequest, pk: int) -> HttpResponse:
    item, _rights = get_agenda_item_for_user(request.user, pk, write=True)
    form = StatementForm(request.POST)
    if form.is_valid():
        statement: Statement = form.save(commit=False)
        statement.item = item
        statement.position = item.statements.count() + 1
        statement.save()
        messages.success(request, _("The statement was added."))
    else:
        messages.error(request, _("Name the speaker and write what they said."))
    return redirect("meetings:minutes", pk=item.pk)


@login_required
@require_POST
def attachment_add(request: AppRequest, pk: int) -> HttpResponse:
    meeting, _rights = get_meeting_for_user(request.user, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        actions.add_attachment(meeting, form.cleaned_data["file"], _user(request))
        messages.success(request, _("The file was attached to the minutes."))
    else:
        for error in form.errors.get("file", []):
            messages.error(request, str(error))
    return redirect(meeting)


@login_required
def attachment_file(request: AppRequest, pk: int) -> HttpResponse:
    attachment, _rights = get_attachment_for_user(request.user, pk)
    return serve_file(request, attachment.file, public=False, name=attachment.name)


@login_required
def progress_file(request: AppRequest, pk: int) -> HttpResponse:
    update, _rights = get_progress_update_for_user(request.user, pk)
    return serve_file(request, update.attachment, public=False, name=update.attachment_name)


@login_required
@require_POST
def meeting_held(request: AppRequest, pk: int) -> HttpResponse:
    meeting, _rights = get_meeting_for_user(request.user, pk, write=True)
    form = HeldForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(meeting)
    try:
        actions.mark_held(meeting, form.cleaned_data["comment_days"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The meeting is recorded as held; attendees may now comment."))
    return redirect(meeting)


@login_required
@require_POST
def comment_add(request: AppRequest, pk: int) -> HttpResponse:
    meeting, rights = get_meeting_for_user(request.user, pk)
    if not may_comment(request.user, meeting, rights):
        raise PermissionDenied(_("Only the meeting's attendees comment on its minutes."))
    if not meeting.comments_open:
        messages.error(request, _("The comment window of these minutes is closed."))
        return redirect(meeting)
    form = CommentForm(request.POST)
    if form.is_valid():
        actions.add_comment(
            meeting,
            _user(request),
            form.cleaned_data["text"],
            asks_change=form.cleaned_data["asks_change"],
        )
        messages.success(request, _("Your comment was added."))
    return redirect(meeting)


@login_required
@require_POST
def comment_settle(request: AppRequest, pk: int) -> HttpResponse:
    comment, _rights = get_comment_for_user(request.user, pk, write=True)
    actions.settle_change_request(comment, _user(request))
    messages.success(request, _("The requested change is marked as settled."))
    return redirect(comment.meeting.get_absolute_url() + "#comments")


@login_required
@require_POST
def meeting_approve(request: AppRequest, pk: int) -> HttpResponse:
    meeting, _rights = get_meeting_for_user(request.user, pk, write=True)
    try:
        actions.approve_minutes(meeting, _user(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The minutes were approved."))
    return redirect(meeting)


# --- resolutions ----------------------------------------------------------------------


@login_required
@require_POST
def resolution_add(request: AppRequest, pk: int) -> HttpResponse:
    meeting, _rights = get_meeting_for_user(request.user, pk, write=True)
    form = ResolutionForm(request.POST, meeting=meeting)
    if form.is_valid():
        resolution: Resolution = form.save(commit=False)
        resolution.meeting = meeting
        item_id = request.POST.get("item", "")
        if item_id.isdecimal():  # anything else (even "²", a digit) is no agenda item
            resolution.item = meeting.agenda.filter(pk=int(item_id)).first()
        actions.create_resolution(resolution, actor=_user(request))
        messages.success(request, _("The resolution was recorded."))
        return redirect(meeting)
    return render(request, "meetings/resolution_form.html", {"form": form, "meeting": meeting})


@login_required
def resolution_detail(request: AppRequest, pk: int) -> HttpResponse:
    posting = request.method == "POST"
    resolution, rights = get_resolution_for_user(request.user, pk, write=posting)
    form = ProgressForm(request.POST or None, request.FILES or None)
    if posting and form.is_valid():
        actions.post_progress(
            resolution,
            _user(request),
            form.cleaned_data["text"],
            form.cleaned_data["status"],
            form.cleaned_data.get("attachment"),
        )
        messages.success(request, _("Your progress report was recorded."))
        return redirect(resolution)
    return render(
        request,
        "meetings/resolution.html",
        {
            "resolution": resolution,
            "meeting": resolution.meeting,
            "updates": resolution.updates.select_related("author"),
            "form": form if may_update_resolution(resolution, rights) else None,
            "close_form": CloseForm(initial={"status": resolution.status})
            if rights.write
            else None,
            "rights": rights,
            "deadline_changes": resolution.deadline_changes.select_related("changed_by"),
        },
        status=400 if posting else 200,
    )


@login_required
@require_POST
def resolution_close(request: AppRequest, pk: int) -> HttpResponse:
    resolution, _rights = get_resolution_for_user(request.user, pk, manage=True)
    form = CloseForm(request.POST)
    if form.is_valid():
        actions.close_resolution(
            resolution, form.cleaned_data["status"], form.cleaned_data["reason"]
        )
        messages.success(request, _("The resolution's status was changed."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect(resolution)


@login_required
@require_POST
def resolution_remind(request: AppRequest, pk: int) -> HttpResponse:
    resolution, _rights = get_resolution_for_user(request.user, pk, manage=True)
    try:
        recipients = actions.remind_owner(resolution, _user(request))
    except actions.ReminderError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("A reminder is on its way to %(owner)s (%(emails)s).")
            % {"owner": resolution.owner_label, "emails": ltr_text("، ".join(recipients))},
        )
    return redirect(resolution)


@login_required
def resolution_extend(request: AppRequest, pk: int) -> HttpResponse:
    resolution, _rights = get_resolution_for_user(request.user, pk, manage=True)
    form = ExtendDeadlineForm(request.POST or None, resolution=resolution)
    if request.method == "POST" and form.is_valid():
        try:
            change = actions.extend_deadline(
                resolution,
                form.cleaned_data["deadline"],
                form.cleaned_data["reason"],
                _user(request),
            )
        except ValidationError as error:
            form.add_error("deadline", error)
        else:
            messages.success(
                request,
                _("The deadline was moved from %(old)s to %(new)s.")
                % {
                    "old": format_date(change.old_deadline),
                    "new": format_date(change.new_deadline),
                },
            )
            return redirect(resolution)
    return render(
        request,
        "meetings/resolution_extend.html",
        {"resolution": resolution, "meeting": resolution.meeting, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def network_board(request: AppRequest, slug: str) -> HttpResponse:
    network, _rights = get_network_for_user(request.user, slug)
    return render(
        request,
        "meetings/board.html",
        {
            "network": network,
            "board": board.summary(network),
            "page": _page(request, board.resolutions_of(network)),
            "query": other_parameters(request.GET),
        },
    )


@login_required
def network_board_xlsx(request: AppRequest, slug: str) -> HttpResponse:
    network, _rights = get_network_for_user(request.user, slug)
    response = HttpResponse(
        board.to_xlsx(board.build(network)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="resolutions-{network.slug}.xlsx"'
    return response


# --- outputs --------------------------------------------------------------------------


@login_required
def minutes_pdf(request: AppRequest, pk: int) -> HttpResponse:
    meeting, _rights = get_meeting_for_user(request.user, pk)
    if meeting.status != MeetingStatus.APPROVED:
        raise Http404(_("The minutes are not approved yet."))
    response = HttpResponse(pdf.minutes_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="minutes-{meeting.pk}.pdf"'
    return response


@login_required
def news_draft(request: AppRequest, pk: int) -> HttpResponse:
    meeting, rights = get_meeting_for_user(request.user, pk, write=request.method == "POST")
    if meeting.status not in {MeetingStatus.HELD, MeetingStatus.APPROVED}:
        messages.error(request, _("A news draft is made from a meeting that has been held."))
        return redirect(meeting)
    if request.method == "POST" and "generate" in request.POST:
        news.store_draft(meeting)
        messages.success(request, _("The news draft was made from the meeting's record."))
        return redirect("meetings:news", pk=meeting.pk)
    if request.method == "POST" and "to_newsroom" in request.POST:
        try:
            item = actions.send_to_newsroom(meeting, cast(User, request.user))
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("meetings:news", pk=meeting.pk)
        messages.success(
            request,
            _("The draft is in the newsroom of %(municipality)s, waiting to be edited.")
            % {"municipality": item.municipality},
        )
        return redirect("meetings:news", pk=meeting.pk)
    form = NewsDraftForm(request.POST or None, initial={"text": meeting.news_draft})
    if request.method == "POST" and form.is_valid():
        meeting.news_draft = form.cleaned_data["text"].replace("\r\n", "\n")
        meeting.save(update_fields=["news_draft"])
        messages.success(request, _("The news draft was saved."))
        return redirect("meetings:news", pk=meeting.pk)
    # The item is the host's newsroom's: a link only for who can open it there (issue 11, 3.4).
    in_newsroom = meeting.news_item is not None and bool(
        rights_in_municipality(request.user, meeting.news_item.municipality).read
    )
    return render(
        request,
        "meetings/news.html",
        {"meeting": meeting, "form": form, "rights": rights, "can_open_item": in_newsroom},
    )


@login_required
def news_draft_txt(request: AppRequest, pk: int) -> HttpResponse:
    meeting, _rights = get_meeting_for_user(request.user, pk)
    if not meeting.news_draft:
        raise Http404(_("No news draft has been made for this meeting."))
    response = HttpResponse(meeting.news_draft, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="news-{meeting.pk}.txt"'
    return response
