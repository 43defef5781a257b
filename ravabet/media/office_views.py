"""The press office's pages: journalists, outlets, distributing a release."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ravabet.core.http import AppRequest, personal_data
from ravabet.lib.forms import save_or_form_error
from ravabet.lib.i18n import local_digits
from ravabet.lib.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, Sheet, to_csv, to_xlsx
from ravabet.newsroom.access import get_news_item_for_user, get_newsroom_for_user
from ravabet.newsroom.actions import WorkflowError

from . import actions
from .access import (
    get_delivery_for_user,
    get_distribution_for_user,
    get_journalist_for_user,
    get_outlet_for_user,
)
from .forms import DistributeForm, ImportUploadForm, JournalistForm, OutletForm
from .importing import check_rows, parse_rows
from .models import DeliveryStatus, Journalist, Outlet

IMPORT_SALT = "ravabet.media.import"
PAGE_SIZE = 50


@personal_data
@login_required
def journalists(request: AppRequest, slug: str) -> HttpResponse:
    municipality, rights = get_newsroom_for_user(request.user, slug)
    people = Journalist.objects.filter(municipality=municipality).select_related("outlet")
    q = request.GET.get("q", "").strip()
    if q:
        people = people.filter(name__icontains=q) | people.filter(outlet__name__icontains=q)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "municipality": municipality,
        "page": page,
        "q": q,
        "outlets": Outlet.objects.filter(municipality=municipality),
        "can_write": rights.write,
    }
    template = "media/journalists.html#rows" if request.htmx else "media/journalists.html"
    return render(request, template, context)


@personal_data
@login_required
def journalist_new(request: AppRequest, slug: str) -> HttpResponse:
    municipality, _rights = get_newsroom_for_user(request.user, slug, write=True)
    form = JournalistForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid() and save_or_form_error(form, form.save):
        messages.success(request, _("The journalist is added."))
        return redirect("media:journalists", slug)
    return render(
        request,
        "media/form.html",
        {"municipality": municipality, "form": form, "title": _("Add a journalist")},
    )


@personal_data
@login_required
def journalist_edit(request: AppRequest, pk: int) -> HttpResponse:
    journalist, _rights = get_journalist_for_user(request.user, pk, write=request.method == "POST")
    municipality = journalist.municipality
    form = JournalistForm(request.POST or None, instance=journalist, municipality=municipality)
    if request.method == "POST" and form.is_valid() and save_or_form_error(form, form.save):
        messages.success(request, _("Saved."))
        return redirect("media:journalists", municipality.slug)
    return render(
        request,
        "media/form.html",
        {
            "municipality": municipality,
            "form": form,
            "title": journalist.name,
            "journalist": journalist,
        },
    )


@login_required
def outlet_new(request: AppRequest, slug: str) -> HttpResponse:
    municipality, _rights = get_newsroom_for_user(request.user, slug, write=True)
    form = OutletForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid() and save_or_form_error(form, form.save):
        messages.success(request, _("The outlet is added."))
        return redirect("media:journalists", slug)
    return render(
        request,
        "media/form.html",
        {"municipality": municipality, "form": form, "title": _("Add an outlet")},
    )


@login_required
def outlet_edit(request: AppRequest, pk: int) -> HttpResponse:
    outlet, _rights = get_outlet_for_user(request.user, pk, write=request.method == "POST")
    form = OutletForm(request.POST or None, instance=outlet, municipality=outlet.municipality)
    if request.method == "POST" and form.is_valid() and save_or_form_error(form, form.save):
        messages.success(request, _("Saved."))
        return redirect("media:journalists", outlet.municipality.slug)
    return render(
        request,
        "media/form.html",
        {"municipality": outlet.municipality, "form": form, "title": outlet.name},
    )


@personal_data
@login_required
def journalists_import(request: AppRequest, slug: str) -> HttpResponse:
    municipality, _rights = get_newsroom_for_user(request.user, slug, write=True)
    if request.method == "POST" and "payload" in request.POST:
        try:
            raw = signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=3600)
        except signing.BadSignature:
            messages.error(request, _("The preview has expired; upload the file again."))
            return redirect("media:import", slug)
        rows = check_rows(municipality, raw["rows"], raw["width"])
        created = actions.import_journalists(municipality, rows)
        skipped = len(rows) - created
        messages.success(
            request,
            _("%(created)s journalists imported; %(skipped)s rows skipped.")
            % {"created": local_digits(created), "skipped": local_digits(skipped)},
        )
        return redirect("media:journalists", slug)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"municipality": municipality, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            raw_rows = parse_rows(form.table)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            width = len(form.table[0])
            rows = check_rows(municipality, raw_rows, width)
            context |= {
                "rows": rows,
                "good": sum(r.ok for r in rows),
                "payload": signing.dumps(
                    {"rows": raw_rows, "width": width}, salt=IMPORT_SALT, compress=True
                ),
            }
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "media/import.html", context, status=status)


@personal_data
@login_required
def journalists_export(request: AppRequest, slug: str, fmt: str) -> HttpResponse:
    municipality, _rights = get_newsroom_for_user(request.user, slug)
    people = Journalist.objects.filter(municipality=municipality).select_related("outlet")
    headings = [_("name"), _("outlet"), _("beat"), _("email"), _("phone"), _("notes"), _("consent")]
    rows = [
        [j.name, j.outlet.name if j.outlet else "", j.beat, j.email, j.phone, j.notes,
         "1" if j.can_receive else "0"]
        for j in people
    ]  # fmt: skip
    filename = f"journalists-{municipality.slug}"
    table = Sheet(headings, rows)
    if fmt == "xlsx":
        response = HttpResponse(to_xlsx([table]), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    if fmt != "csv":
        raise Http404(_("No such format."))
    response = HttpResponse(to_csv(table), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


@personal_data
@login_required
def distribute(request: AppRequest, pk: int) -> HttpResponse:
    item, _rights = get_news_item_for_user(request.user, pk, write=True)
    form = DistributeForm(
        request.POST if request.method == "POST" else None, municipality=item.municipality
    )
    if request.method == "POST" and form.is_valid():
        try:
            distribution = actions.distribute_release(
                item,
                form.cleaned_data["journalists"],
                request.user,  # type: ignore[arg-type]
                # Links in the email point at the public address, whichever host the
                # office used to send it.
                settings.SITE_URL or request.build_absolute_uri("/"),
            )
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The release is queued for sending."))
            return redirect(distribution.get_office_url())
    return render(
        request,
        "media/distribute.html",
        {"item": item, "municipality": item.municipality, "form": form},
    )


@personal_data
@login_required
def distribution_detail(request: AppRequest, pk: int) -> HttpResponse:
    distribution, rights = get_distribution_for_user(request.user, pk)
    municipality = distribution.item.municipality
    deliveries = list(distribution.deliveries.all())
    return render(
        request,
        "media/distribution.html",
        {
            "distribution": distribution,
            "item": distribution.item,
            "municipality": municipality,
            "deliveries": deliveries,
            "interrupted": sum(d.status == DeliveryStatus.INTERRUPTED for d in deliveries),
            "is_head": rights.head,
        },
    )


@login_required
@require_POST
def distribution_retry(request: AppRequest, pk: int) -> HttpResponse:
    distribution, _rights = get_distribution_for_user(request.user, pk, write=True)
    failed, waiting = actions.retry_distribution(distribution)
    if failed:
        messages.success(
            request, _("%(n)s failed deliveries are queued again.") % {"n": local_digits(failed)}
        )
    if waiting:
        text = _("%(n)s deliveries that were still waiting are being sent now.")
        messages.success(request, text % {"n": local_digits(waiting)})
    if not failed and not waiting:
        messages.info(request, _("Nothing to retry."))
    return redirect(distribution.get_office_url())


@login_required
@require_POST
def delivery_send_again(request: AppRequest, pk: int) -> HttpResponse:
    # It may reach the journalist twice, so it is the PR head's call, as for the channel.
    delivery, _rights = get_delivery_for_user(request.user, pk, approve=True)
    try:
        actions.send_delivery_again(delivery)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        text = _("The release is queued to be sent again to %(name)s.")
        messages.success(request, text % {"name": delivery.name})
    return redirect(delivery.distribution.get_office_url())
