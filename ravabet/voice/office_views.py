"""The PR office's side: inbox, one message, the access log and the report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ravabet.core.files import serve_file
from ravabet.core.http import AppRequest, personal_data
from ravabet.lib import jalali
from ravabet.lib.bidi import ltr_text
from ravabet.lib.paging import LookaheadPaginator, other_parameters
from ravabet.lib.persian import normalize
from ravabet.network.access import Rights, get_municipality_for_user, get_network_for_user

from . import actions, report
from .access import (
    get_contact_for_user,
    get_message_for_pin,
    get_message_for_user,
    get_photo_for_user,
)
from .forms import (
    DeadlineForm,
    InboxFilterForm,
    MergeForm,
    NoteForm,
    ReplyForm,
    RouteForm,
    StaffMessageForm,
    StatusForm,
)
from .maps import map_settings
from .models import AccessLog, Channel, Kind, Message, MessageQuerySet, Status

PAGE_SIZE = 30


@dataclass(frozen=True)
class InboxRow:
    """One message of the inbox and the labels its row shows."""

    message: Message
    kind: str
    channel: str
    status: str
    overdue: bool


def inbox_rows(page: Iterable[Message], today: dt.date) -> list[InboxRow]:
    """The page's rows, their choices' labels translated once per page: get_FOO_display
    builds a dict of the field's lazily translated choices on each call, three times a row."""
    kinds = {value: str(label) for value, label in Kind.choices}
    channels = {value: str(label) for value, label in Channel.choices}
    statuses = {value: str(label) for value, label in Status.choices}
    return [
        InboxRow(
            message,
            kinds.get(message.kind, message.kind),
            channels.get(message.channel, message.channel),
            statuses.get(message.status, message.status),
            message.is_overdue(today),
        )
        for message in page
    ]


# The unbound filter form's fields as drawn, by language and choices: the same HTML on every
# view of an unfiltered inbox, which Django's widgets draw in about 7 ms (some 30 options,
# each an included template). A filtered inbox (a bound form) is drawn afresh.
_DRAWN_FILTERS: dict[tuple[object, ...], SafeString] = {}
_Choices = Iterable[tuple[object, object]]
DRAWN_FILTERS_KEPT = 512


def filter_fields(form: InboxFilterForm) -> SafeString:
    """The filter form's fields, drawn once per language and set of choices while unbound."""
    if form.is_bound:
        return render_to_string("voice/_filter_fields.html", {"form": form})
    key = (
        get_language(),
        *(
            tuple((str(value), str(label)) for value, label in cast(_Choices, field.choices))
            for field in form.fields.values()
            if isinstance(field, forms.ChoiceField)
        ),
    )
    drawn = _DRAWN_FILTERS.get(key)
    if drawn is None:
        if len(_DRAWN_FILTERS) >= DRAWN_FILTERS_KEPT:
            _DRAWN_FILTERS.clear()
        drawn = _DRAWN_FILTERS[key] = render_to_string("voice/_filter_fields.html", {"form": form})
    return drawn


def filter_messages(queryset: MessageQuerySet, form: InboxFilterForm) -> MessageQuerySet:
    if not form.is_valid():
        return queryset
    data = form.cleaned_data
    for name in ("status", "kind", "channel", "category", "department"):
        if data.get(name):
            queryset = queryset.filter(**{name: data[name]})
    if data.get("overdue"):
        queryset = queryset.overdue()
    if data.get("date_from"):
        queryset = queryset.filter(received_at__date__gte=data["date_from"])
    if data.get("date_to"):
        queryset = queryset.filter(received_at__date__lte=data["date_to"])
    for token in normalize(data.get("q") or "").split():
        queryset = queryset.filter(Q(text_norm__contains=token) | Q(code=token))
    return queryset


@personal_data
@login_required
def inbox(request: AppRequest, slug: str) -> HttpResponse:
    municipality, rights = get_municipality_for_user(request.user, slug)
    form = InboxFilterForm(request.GET or None, municipality=municipality)
    queryset = filter_messages(Message.objects.for_municipality(municipality).with_related(), form)
    # Counted a few pages ahead, not the whole mailbox (ravabet/lib/paging.py).
    asked = request.GET.get("page")
    page = LookaheadPaginator(queryset, PAGE_SIZE, asked=asked).get_page(asked)
    today = timezone.localdate()
    context = {
        "municipality": municipality,
        "form": form,
        "page": page,
        "rows": inbox_rows(page, today),
        "filter_fields": "" if request.htmx else filter_fields(form),
        "query": other_parameters(request.GET),
        "today": today,
        "can_write": rights.write,
        "can_read_log": rights.head,
    }
    template = "voice/inbox.html#rows" if request.htmx else "voice/inbox.html"
    return render(request, template, context)


@personal_data
@login_required
def new_message(request: AppRequest, slug: str) -> HttpResponse:
    municipality, _rights = get_municipality_for_user(request.user, slug, write=True)
    form = StaffMessageForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        message, _created = actions.submit_message(
            municipality,
            actions.Submission(
                kind=data["kind"],
                category=data["category"],
                text=data["text"],
                channel=data["channel"],
                name=data["name"],
                mobile=data["mobile"],
                national_code=data["national_code"],
                address=data["address"],
                email=data["email"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                share_location=data["share_location"],
                consent=data["consent"],
                public_consent=data["public_consent"],
            ),
            entered_by=request.user,  # type: ignore[arg-type]
        )
        messages.success(
            request,
            _("The message was recorded. Tell the citizen the tracking code: %(code)s")
            % {"code": ltr_text(message.display_code)},
        )
        _tell_pin(request, message)
        return redirect(message.get_office_url())
    return render(request, "voice/new_message.html", {"municipality": municipality, "form": form})


def _tell_pin(request: AppRequest, message: Message) -> None:
    """The new PIN, once, for the staff member to read to the citizen; never stored in clear."""
    messages.info(
        request,
        format_html(
            _(
                "Their PIN, to read the answer, rate and reopen: {pin}. Read it to them now; "
                "it is not shown again."
            ),
            pin=format_html('<bdi dir="ltr" class="voice-pin">{}</bdi>', message.display_pin),
        ),
    )


@login_required
@require_POST
def message_pin(request: AppRequest, pk: int) -> HttpResponse:
    """A new PIN for a citizen who lost theirs (or whose message predates PINs)."""
    message, _rights = get_message_for_pin(request.user, pk)
    actions.renew_pin(message)
    messages.success(
        request,
        _("A new PIN was made for message %(code)s; the old one no longer works.")
        % {"code": message.display_code},
    )
    _tell_pin(request, message)
    return redirect(message.get_office_url())


def _message_context(message: Message, rights: Rights, **forms: object) -> dict:
    municipality = message.municipality
    return {
        "message": message,
        "municipality": municipality,
        "notes": message.notes.select_related("author"),
        "replies": message.replies.select_related("author"),
        "photos": message.photos.all(),
        "duplicates": message.duplicates.all(),
        "rating": getattr(message, "rating", None),
        "can_write": rights.write,
        "can_see_contact": rights.write,  # the contact details are the PR office's
        "route_form": forms.get("route_form")
        or RouteForm(initial={"department": message.department_id}, municipality=municipality),
        "note_form": forms.get("note_form") or NoteForm(),
        "reply_form": forms.get("reply_form") or ReplyForm(),
        "status_form": forms.get("status_form") or _status_form(message),
        "merge_form": forms.get("merge_form") or MergeForm(),
        "deadline_form": forms.get("deadline_form") or _deadline_form(message),
        "contact": forms.get("contact"),
        "events": message.events.select_related("actor", "from_department", "to_department"),
        "map": map_settings(),
    }


def _deadline_form(message: Message, data: object = None) -> DeadlineForm:
    return DeadlineForm(
        data,  # type: ignore[arg-type]
        initial={"due_on": message.due_on},
        received_on=timezone.localdate(message.received_at),
    )


def _status_form(message: Message, data: object = None) -> StatusForm:
    form = StatusForm(data, reopening=partial(actions.is_reopening, message))  # type: ignore[arg-type]
    form.fields["status"].choices = [(s.value, s.label) for s in message.allowed_transitions()]  # type: ignore[attr-defined]
    return form


@personal_data
@login_required
def message_detail(request: AppRequest, pk: int) -> HttpResponse:
    message, rights = get_message_for_user(request.user, pk)
    return render(request, "voice/message.html", _message_context(message, rights))


@login_required
def photo_file(request: AppRequest, pk: int) -> HttpResponse:
    photo, _rights = get_photo_for_user(request.user, pk)
    return serve_file(request, photo.image, public=False, inline=True, name=f"photo-{photo.pk}")


@personal_data
@login_required
def message_contact(request: AppRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        # Revealing is logged in the reader's name, so only their own click (a POST with
        # the CSRF token) reveals; a link or a prefetch only leads to the message.
        message, _rights = get_message_for_user(request.user, pk)
        return redirect(message.get_office_url())
    message, rights = get_contact_for_user(request.user, pk)
    context = _message_context(message, rights, contact=True)
    if request.htmx:
        return render(request, "voice/message.html#contact", context)
    return render(request, "voice/message.html", context)


def _confirm(request: AppRequest, message: Message, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect(message.get_office_url())


@personal_data
@login_required
@require_POST
def message_route(request: AppRequest, pk: int) -> HttpResponse:
    message, rights = get_message_for_user(request.user, pk, write=True)
    form = RouteForm(request.POST, municipality=message.municipality)
    if form.is_valid():
        actions.route_message(message, form.cleaned_data["department"], by=request.user)  # type: ignore[arg-type]
        return _confirm(request, message, _("Routed to %(d)s.") % {"d": message.department})
    return render(
        request,
        "voice/message.html",
        _message_context(message, rights, route_form=form),
        status=400,
    )


@personal_data
@login_required
@require_POST
def message_note(request: AppRequest, pk: int) -> HttpResponse:
    message, rights = get_message_for_user(request.user, pk, write=True)
    form = NoteForm(request.POST)
    if form.is_valid():
        actions.add_note(message, request.user, form.cleaned_data["text"])  # type: ignore[arg-type]
        return _confirm(request, message, _("The note was added."))
    return render(
        request,
        "voice/message.html",
        _message_context(message, rights, note_form=form),
        status=400,
    )


@personal_data
@login_required
@require_POST
def message_reply(request: AppRequest, pk: int) -> HttpResponse:
    message, rights = get_message_for_user(request.user, pk, write=True)
    form = ReplyForm(request.POST)
    if form.is_valid():
        actions.reply_to_message(message, request.user, form.cleaned_data["text"])  # type: ignore[arg-type]
        return _confirm(request, message, _("The reply was published on the tracking page."))
    return render(
        request,
        "voice/message.html",
        _message_context(message, rights, reply_form=form),
        status=400,
    )


@personal_data
@login_required
@require_POST
def message_status(request: AppRequest, pk: int) -> HttpResponse:
    message, rights = get_message_for_user(request.user, pk, write=True)
    form = _status_form(message, request.POST)
    if form.is_valid():
        actions.change_status(
            message,
            form.cleaned_data["status"],
            by=request.user,  # type: ignore[arg-type]
            reason=form.cleaned_data["reason"],
        )
        return _confirm(
            request, message, _("The status is now “%(s)s”.") % {"s": message.get_status_display()}
        )
    return render(
        request,
        "voice/message.html",
        _message_context(message, rights, status_form=form),
        status=400,
    )


@personal_data
@login_required
@require_POST
def message_deadline(request: AppRequest, pk: int) -> HttpResponse:
    message, rights = get_message_for_user(request.user, pk, write=True)
    form = _deadline_form(message, request.POST)
    if form.is_valid() and message.is_open:
        actions.change_deadline(
            message,
            form.cleaned_data["due_on"],
            by=request.user,  # type: ignore[arg-type]
            reason=form.cleaned_data["reason"],
        )
        return _confirm(
            request,
            message,
            _("The deadline is now %(d)s.") % {"d": jalali.format_date(message.due_on)},
        )
    if form.is_valid():
        form.add_error(None, _("Only an open message has a deadline to change."))
    return render(
        request,
        "voice/message.html",
        _message_context(message, rights, deadline_form=form),
        status=400,
    )


@personal_data
@login_required
@require_POST
def message_merge(request: AppRequest, pk: int) -> HttpResponse:
    message, rights = get_message_for_user(request.user, pk, write=True)
    form = MergeForm(request.POST)
    if form.is_valid():
        original = Message.objects.filter(
            municipality=message.municipality, code=form.cleaned_data["original"]
        ).first()
        if original is None:
            form.add_error("original", _("No message of this municipality has this code."))
        elif original.pk == message.pk or original.merged_into_id:
            form.add_error("original", _("Choose another message that is not itself merged."))
        else:
            actions.merge_message(message, original, by=request.user)  # type: ignore[arg-type]
            return _confirm(
                request,
                message,
                _("Merged into %(code)s.") % {"code": ltr_text(original.display_code)},
            )
    return render(
        request,
        "voice/message.html",
        _message_context(message, rights, merge_form=form),
        status=400,
    )


@personal_data
@login_required
def access_log(request: AppRequest, slug: str) -> HttpResponse:
    municipality, _rights = get_municipality_for_user(request.user, slug, head=True)
    entries = AccessLog.objects.filter(message__municipality=municipality).select_related(
        "user", "message"
    )[:500]
    return render(
        request, "voice/access_log.html", {"municipality": municipality, "entries": entries}
    )


def _report_context(request: AppRequest, municipality) -> dict:  # type: ignore[no-untyped-def]
    period = report.Period.parse(request.GET.get("period"))
    return {"municipality": municipality, **report.build(municipality, period)}


@personal_data
@login_required
def report_page(request: AppRequest, slug: str) -> HttpResponse:
    municipality, _rights = get_municipality_for_user(request.user, slug)
    return render(request, "voice/report.html", _report_context(request, municipality))


@personal_data
@login_required
def report_pdf(request: AppRequest, slug: str) -> HttpResponse:
    from weasyprint import HTML

    municipality, _rights = get_municipality_for_user(request.user, slug)
    context = {**_report_context(request, municipality), **_font_urls()}
    html = render_to_string("voice/report_pdf.html", context, request=request)
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="voice-{municipality.slug}-{context["period"].key}.pdf"'
    )
    return response


def _font_urls() -> dict[str, str]:
    fonts = Path(settings.BASE_DIR) / "node_modules/vazirmatn/fonts/ttf"
    return {
        "font_url": (fonts / "Vazirmatn-Regular.ttf").as_uri(),
        "font_bold_url": (fonts / "Vazirmatn-Bold.ttf").as_uri(),
    }


@login_required
def network_report(request: AppRequest, slug: str) -> HttpResponse:
    network, _rights = get_network_for_user(request.user, slug)
    period = report.Period.parse(request.GET.get("period"))
    context = {"network": network, "period": period, **report.network_figures(network, period)}
    return render(request, "voice/network_report.html", context)


@login_required
def network_report_pdf(request: AppRequest, slug: str) -> HttpResponse:
    from weasyprint import HTML

    network, _rights = get_network_for_user(request.user, slug)
    period = report.Period.parse(request.GET.get("period"))
    context = {
        "network": network,
        "period": period,
        **report.network_figures(network, period),
        **_font_urls(),
    }
    html = render_to_string("voice/network_report_pdf.html", context, request=request)
    # Only file:// URLs under node_modules are fetched; the template has no other links.
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="voice-{network.slug}-{period.key}.pdf"'
    return response
