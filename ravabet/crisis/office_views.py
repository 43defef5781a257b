"""The crisis room's office pages: the incidents, one incident's room (timeline, facts,
statements, rumours, shifts), a statement with its channels, the review, the contacts."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ravabet.core.http import AppRequest
from ravabet.media.models import Delivery
from ravabet.network.access import Rights, get_municipality_for_user, get_network_for_user
from ravabet.network.models import Municipality, Network, User

from . import actions, review
from .access import (
    get_contact_for_user,
    get_entry_for_user,
    get_fact_for_user,
    get_incident_for_user,
    get_publication_for_user,
    get_rumour_for_user,
    get_statement_for_user,
)
from .forms import (
    CloseForm,
    ContactForm,
    CorrectionForm,
    DiscardForm,
    DraftForm,
    EntryForm,
    FactForm,
    IncidentForm,
    RetractForm,
    RumourForm,
    RumourStatusForm,
    ShiftForm,
    StatementForm,
    TeamForm,
    staff_for,
)
from .models import Contact, Incident, Rumour, RumourStatus, Shift, Statement


def _user(request: AppRequest) -> User:
    return cast(User, request.user)


def _base_url(request: AppRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# --- the incidents ----------------------------------------------------------------------


def _room(
    request: AppRequest,
    place: Municipality | Network,
    rights: Rights,
    *,
    may_open: bool,
    form: IncidentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    incidents = list(
        Incident.objects.of(place).with_people().order_by("status", "-opened_at", "-pk")[:100]
    )
    is_network = isinstance(place, Network)
    if form is None and may_open:
        form = _incident_form(place)
    return render(
        request,
        "crisis/room.html",
        {
            "place": place,
            "is_network": is_network,
            "municipality": None if is_network else place,
            "network": place if is_network else None,
            "incidents": incidents,
            "form": form,
            "rights": rights,
        },
        status=status,
    )


def _incident_form(place: Municipality | Network, data: Any = None) -> IncidentForm:
    if isinstance(place, Network):
        return IncidentForm(data, municipalities=list(place.members.all()), network=place)
    return IncidentForm(data, municipalities=[place])


def _open(request: AppRequest, place: Municipality | Network, rights: Rights) -> HttpResponse:
    form = _incident_form(place, request.POST)
    if form.is_valid():
        incident = form.save(commit=False)
        if isinstance(place, Network):
            incident.network = place
            municipalities = list(form.cleaned_data["municipalities"])
        else:
            municipalities = [place]
        team = [(u, form.cleaned_data["team_role"]) for u in form.cleaned_data["team"]]
        try:
            incident = actions.open_incident(
                incident, _user(request), municipalities=municipalities, team=team
            )
        except actions.CrisisError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The incident is open; everyone in the office sees it."))
            return redirect(incident)
    return _room(request, place, rights, may_open=True, form=form, status=400)


@login_required
def municipality_room(request: AppRequest, slug: str) -> HttpResponse:
    opening = request.method == "POST"
    municipality, rights = get_municipality_for_user(request.user, slug, head=opening)
    if opening:
        return _open(request, municipality, rights)
    return _room(request, municipality, rights, may_open=rights.head)


@login_required
def network_room(request: AppRequest, slug: str) -> HttpResponse:
    opening = request.method == "POST"
    network, rights = get_network_for_user(request.user, slug, write=opening)
    if opening:
        return _open(request, network, rights)
    return _room(request, network, rights, may_open=rights.write)


# --- one incident -----------------------------------------------------------------------


def _incident_page(
    request: AppRequest, incident: Incident, rights: Rights, status: int = 200, **forms: Any
) -> HttpResponse:
    facts = list(
        incident.facts.select_related("recorded_by", "verified_by", "retracted_by").order_by("pk")
    )
    people = staff_for(list(incident.municipalities.all()), incident.network)
    context = {
        "incident": incident,
        "rights": rights,
        "is_spokesperson": request.user.pk == incident.spokesperson_id,
        "team": incident.team.select_related("user"),
        "timeline": incident.timeline.select_related("author", "corrects").in_order(),
        "facts": facts,
        "statements": incident.statements.select_related("approved_by").order_by("-pk"),
        "rumours": incident.rumours.select_related("answered_by").order_by("-seen_at", "-pk"),
        "shifts": incident.shifts.select_related("user").in_order(),
        "entry_form": forms.get("entry_form") or EntryForm(),
        "fact_form": forms.get("fact_form") or FactForm(),
        "draft_form": forms.get("draft_form") or DraftForm(),
        "rumour_form": forms.get("rumour_form") or RumourForm(),
        "shift_form": forms.get("shift_form") or ShiftForm(people=people),
        "close_form": forms.get("close_form") or CloseForm(),
        "team_form": forms.get("team_form") or TeamForm(people=people),
        "retract_form": RetractForm(),
        "rumour_statuses": RumourStatus.choices,
    }
    return render(request, "crisis/incident.html", context, status=status)


@login_required
def incident_detail(request: AppRequest, pk: int) -> HttpResponse:
    incident, rights = get_incident_for_user(request.user, pk)
    return _incident_page(request, incident, rights)


def _refused(request: AppRequest, error: Exception, to: Any) -> HttpResponse:
    messages.error(request, str(error))
    return redirect(to)


@login_required
@require_POST
def entry_add(request: AppRequest, pk: int) -> HttpResponse:
    incident, rights = get_incident_for_user(request.user, pk, write=True)
    form = EntryForm(request.POST)
    if not form.is_valid():
        return _incident_page(request, incident, rights, 400, entry_form=form)
    try:
        actions.record_entry(
            incident, _user(request), form.cleaned_data["text"], at=form.cleaned_data["happened_at"]
        )
    except actions.CrisisError as error:
        return _refused(request, error, incident)
    messages.success(request, _("Added to the timeline."))
    return redirect(incident.get_absolute_url() + "#timeline")


@login_required
@require_POST
def entry_correct(request: AppRequest, pk: int) -> HttpResponse:
    entry, incident, _rights = get_entry_for_user(request.user, pk, write=True)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the correction."))
        return redirect(incident.get_absolute_url() + "#timeline")
    try:
        actions.correct_entry(entry, _user(request), form.cleaned_data["text"])
    except actions.CrisisError as error:
        return _refused(request, error, incident)
    messages.success(request, _("The correction was added; the entry it corrects stays."))
    return redirect(incident.get_absolute_url() + "#timeline")


@login_required
@require_POST
def fact_add(request: AppRequest, pk: int) -> HttpResponse:
    incident, rights = get_incident_for_user(request.user, pk, write=True)
    form = FactForm(request.POST)
    if not form.is_valid():
        return _incident_page(request, incident, rights, 400, fact_form=form)
    try:
        actions.add_fact(incident, _user(request), **form.cleaned_data)
    except actions.CrisisError as error:
        return _refused(request, error, incident)
    messages.success(request, _("The fact was recorded as unverified."))
    return redirect(incident.get_absolute_url() + "#facts")


@login_required
@require_POST
def fact_verify(request: AppRequest, pk: int) -> HttpResponse:
    fact, incident, _rights = get_fact_for_user(request.user, pk, write=True)
    try:
        actions.verify_fact(fact, _user(request))
    except actions.CrisisError as error:
        return _refused(request, error, incident)
    messages.success(request, _("The fact is verified."))
    return redirect(incident.get_absolute_url() + "#facts")


@login_required
@require_POST
def fact_retract(request: AppRequest, pk: int) -> HttpResponse:
    fact, incident, _rights = get_fact_for_user(request.user, pk, write=True)
    form = RetractForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the fact is retracted."))
        return redirect(incident.get_absolute_url() + "#facts")
    try:
        citing = actions.retract_fact(fact, _user(request), reason=form.cleaned_data["reason"])
    except actions.CrisisError as error:
        return _refused(request, error, incident)
    if citing:
        messages.warning(
            request,
            _("The fact is retracted. These statements cited it: %(statements)s")
            % {"statements": "، ".join(s.title for s in citing)},
        )
    else:
        messages.success(request, _("The fact is retracted; no statement cited it."))
    return redirect(incident.get_absolute_url() + "#facts")


@login_required
@require_POST
def statement_draft(request: AppRequest, pk: int) -> HttpResponse:
    incident, rights = get_incident_for_user(request.user, pk, write=True)
    form = DraftForm(request.POST)
    if not form.is_valid():
        return _incident_page(request, incident, rights, 400, draft_form=form)
    supersedes = None
    raw = request.POST.get("supersedes", "")
    if raw:
        supersedes = incident.statements.filter(pk=int(raw) if raw.isdecimal() else 0).first()
        if supersedes is None:
            return _refused(request, actions.CrisisError(_("No such statement.")), incident)
    try:
        statement = actions.draft_statement(
            incident, _user(request), template=form.cleaned_data["template"], supersedes=supersedes
        )
    except actions.CrisisError as error:
        return _refused(request, error, incident)
    return redirect(statement)


@login_required
@require_POST
def rumour_add(request: AppRequest, pk: int) -> HttpResponse:
    incident, rights = get_incident_for_user(request.user, pk, write=True)
    form = RumourForm(request.POST, instance=Rumour(incident=incident))
    if not form.is_valid():
        return _incident_page(request, incident, rights, 400, rumour_form=form)
    try:
        actions.add_rumour(form.save(commit=False), _user(request))
    except actions.CrisisError as error:
        return _refused(request, error, incident)
    messages.success(request, _("The rumour was recorded; its status is “checking”."))
    return redirect(incident.get_absolute_url() + "#rumours")


@login_required
@require_POST
def rumour_update(request: AppRequest, pk: int) -> HttpResponse:
    rumour, incident, _rights = get_rumour_for_user(request.user, pk, write=True)
    form = RumourStatusForm(request.POST, instance=rumour)
    if not form.is_valid():
        messages.error(
            request,
            _("The rumour's status was not saved: %(errors)s")
            % {"errors": " ".join(str(e) for errors in form.errors.values() for e in errors)},
        )
        return redirect(incident.get_absolute_url() + "#rumours")
    try:
        actions.update_rumour(form.save(commit=False), _user(request))
    except actions.CrisisError as error:
        return _refused(request, error, incident)
    messages.success(request, _("The rumour's status was saved."))
    return redirect(incident.get_absolute_url() + "#rumours")


@login_required
@require_POST
def shift_add(request: AppRequest, pk: int) -> HttpResponse:
    incident, rights = get_incident_for_user(request.user, pk, write=True)
    people = staff_for(list(incident.municipalities.all()), incident.network)
    form = ShiftForm(request.POST, instance=Shift(incident=incident), people=people)
    if not form.is_valid():
        return _incident_page(request, incident, rights, 400, shift_form=form)
    try:
        actions.add_shift(form.save(commit=False), _user(request))
    except actions.CrisisError as error:
        return _refused(request, error, incident)
    messages.success(request, _("The shift was added to the roster."))
    return redirect(incident.get_absolute_url() + "#shifts")


@login_required
@require_POST
def team_add(request: AppRequest, pk: int) -> HttpResponse:
    incident, rights = get_incident_for_user(request.user, pk, write=True)
    people = staff_for(list(incident.municipalities.all()), incident.network)
    form = TeamForm(request.POST, people=people)
    if not form.is_valid():
        return _incident_page(request, incident, rights, 400, team_form=form)
    try:
        actions.add_to_team(
            incident, _user(request), form.cleaned_data["user"], form.cleaned_data["role"]
        )
    except actions.CrisisError as error:
        return _refused(request, error, incident)
    messages.success(request, _("Added to the team."))
    return redirect(incident.get_absolute_url() + "#team")


@login_required
@require_POST
def incident_close(request: AppRequest, pk: int) -> HttpResponse:
    incident, rights = get_incident_for_user(request.user, pk, write=True)
    form = CloseForm(request.POST)
    form.is_valid()
    try:
        actions.close_incident(
            incident, _user(request), discard_drafts=form.cleaned_data.get("discard_drafts", False)
        )
    except actions.CrisisError as error:
        messages.error(request, str(error))
        return _incident_page(request, incident, rights, 400, close_form=form)
    messages.success(request, _("The incident is closed; its review is below."))
    return redirect("crisis:review", pk=incident.pk)


# --- one statement ----------------------------------------------------------------------


def _statement_page(
    request: AppRequest,
    statement: Statement,
    incident: Incident,
    rights: Rights,
    form: StatementForm | None = None,
    status: int = 200,
) -> HttpResponse:
    publications = list(
        statement.publications.select_related(
            "municipality", "news_item", "channel_post", "distribution"
        ).prefetch_related(
            Prefetch("distribution__deliveries", queryset=Delivery.objects.order_by("name", "pk"))
        )
    )
    return render(
        request,
        "crisis/statement.html",
        {
            "statement": statement,
            "incident": incident,
            "rights": rights,
            "form": form or (StatementForm(instance=statement) if statement.is_editable else None),
            "is_spokesperson": request.user.pk == incident.spokesperson_id,
            "publications": publications,
            "cited": statement.facts.order_by("pk"),
            "discard_form": DiscardForm(),
        },
        status=status,
    )


@login_required
def statement_detail(request: AppRequest, pk: int) -> HttpResponse:
    write = request.method == "POST"
    statement, incident, rights = get_statement_for_user(request.user, pk, write=write)
    if not write:
        return _statement_page(request, statement, incident, rights)
    form = StatementForm(request.POST, instance=statement)
    if not form.is_valid():
        return _statement_page(request, statement, incident, rights, form, 400)
    try:
        actions.save_statement(
            form.save(commit=False), _user(request), facts=form.cleaned_data["facts"]
        )
    except actions.CrisisError as error:
        form.add_error(None, str(error))
        statement.refresh_from_db()
        return _statement_page(request, statement, incident, rights, form, 400)
    messages.success(request, _("The draft was saved."))
    if request.POST.get("then") == "submit":
        return statement_step(request, pk, "submit")
    return redirect(statement)


STEPS = {
    "submit": (actions.submit_statement, _("Sent to the spokesperson for approval.")),
    "approve": (actions.approve_statement, _("Approved. It can be published now.")),
}


@login_required
@require_POST
def statement_step(request: AppRequest, pk: int, step: str) -> HttpResponse:
    statement, _incident, _rights = get_statement_for_user(
        request.user, pk, write=step != "approve"
    )
    user = _user(request)
    try:
        if step == "publish":
            done = actions.publish_statement(statement, user, base_url=_base_url(request))
            messages.success(
                request,
                _("Statement no. %(number)s was published to every channel.")
                % {"number": done.number},
            )
        elif step == "discard":
            form = DiscardForm(request.POST)
            form.is_valid()
            actions.discard_statement(statement, user, reason=form.cleaned_data.get("reason", ""))
            messages.success(request, _("The statement was discarded; it stays on the record."))
        elif step in STEPS:
            function, said = STEPS[step]
            function(statement, user)
            messages.success(request, said)
        else:
            return redirect(statement)
    except actions.CrisisError as error:
        messages.error(request, str(error))
    return redirect(statement)


@login_required
@require_POST
def publication_retry(request: AppRequest, pk: int) -> HttpResponse:
    publication, statement, _incident, _rights = get_publication_for_user(
        request.user, pk, write=True
    )
    try:
        actions.retry_publication(publication, _user(request), base_url=_base_url(request))
    except actions.CrisisError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The channel is being tried again."))
    return redirect(statement.get_absolute_url() + "#channels")


# --- the review -------------------------------------------------------------------------


@login_required
def incident_review(request: AppRequest, pk: int) -> HttpResponse:
    incident, rights = get_incident_for_user(request.user, pk)
    return render(
        request,
        "crisis/review.html",
        {"incident": incident, "rights": rights, "review": review.assemble(incident)},
    )


@login_required
def incident_review_pdf(request: AppRequest, pk: int) -> HttpResponse:
    incident, _rights = get_incident_for_user(request.user, pk)
    response = HttpResponse(review.review_pdf(incident), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="incident-{incident.pk}-review.pdf"'
    return response


# --- contacts ---------------------------------------------------------------------------


@login_required
def contacts(request: AppRequest, slug: str) -> HttpResponse:
    write = request.method == "POST"
    municipality, rights = get_municipality_for_user(request.user, slug, write=write)
    form = ContactForm(request.POST or None, instance=Contact(municipality=municipality))
    if write and form.is_valid():
        with transaction.atomic():
            actions.save_contact(form.save(commit=False))
        messages.success(request, _("The contact was added."))
        return redirect("crisis:contacts", slug=municipality.slug)
    rows = list(Contact.objects.filter(municipality=municipality))
    today = timezone.localdate()
    return render(
        request,
        "crisis/contacts.html",
        {
            "municipality": municipality,
            "rights": rights,
            "contacts": [(c, c.is_stale(today)) for c in rows],
            "stale": sum(1 for c in rows if c.is_stale(today)),
            "form": form if rights.write else None,
        },
        status=400 if write else 200,
    )


@login_required
def contact_edit(request: AppRequest, pk: int) -> HttpResponse:
    write = request.method == "POST"
    contact, _rights = get_contact_for_user(request.user, pk, write=write)
    form = ContactForm(request.POST or None, instance=contact)
    if write and form.is_valid():
        actions.save_contact(form.save(commit=False))
        messages.success(request, _("The contact was saved."))
        return redirect("crisis:contacts", slug=contact.municipality.slug)
    return render(
        request,
        "crisis/contact_edit.html",
        {"contact": contact, "form": form, "municipality": contact.municipality},
        status=400 if write else 200,
    )


@login_required
@require_POST
def contact_verified(request: AppRequest, pk: int) -> HttpResponse:
    contact, _rights = get_contact_for_user(request.user, pk, write=True)
    actions.mark_contact_verified(contact)
    messages.success(request, _("Marked as verified today."))
    return redirect("crisis:contacts", slug=contact.municipality.slug)
