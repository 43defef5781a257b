"""The newsroom's office pages: writing, review, publication and the channel."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ravabet.core.http import AppRequest
from ravabet.lib.i18n import local_digits
from ravabet.network.access import Rights
from ravabet.officialcalendar.warnings import festive_on_mourning
from ravabet.search.facets import Scope
from ravabet.search.query import Order, find

from . import actions
from .access import (
    get_channel_post_for_user,
    get_news_item_for_user,
    get_newsroom_for_user,
    get_photo_for_user,
    is_manager,
)
from .diffing import FieldDiff, word_diff
from .forms import (
    ImportForm,
    ManagerReturnForm,
    NewsItemForm,
    NewsroomSettingsForm,
    PhotoForm,
    PublishForm,
    StaffFilterForm,
    WithdrawForm,
)
from .models import NewsItem, NewsroomSettings, Revision, Status
from .search import SEARCH_LIMIT, NewsItemSource

PAGE_SIZE = 25


def _show_refusal(request: AppRequest, error: Exception) -> None:
    messages.error(request, str(error))


@login_required
def news_list(request: AppRequest, slug: str) -> HttpResponse:
    municipality, rights = get_newsroom_for_user(request.user, slug)
    form = StaffFilterForm(request.GET or None)
    items = NewsItem.objects.of_municipality(municipality).with_people()
    if form.is_valid():
        if form.cleaned_data["status"]:
            items = items.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["kind"]:
            items = items.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["category"]:
            items = items.filter(category=form.cleaned_data["category"])
        if form.cleaned_data["q"]:
            # Through the search core: any spelling, every part of the text, drafts too. The
            # search only narrows `items`, which the access check above already bounds.
            scope = Scope.all_of(municipality.pk).narrowed(kind=NewsItemSource.kind)
            found = find(scope, form.cleaned_data["q"], Order.NEWEST)
            items = items.filter(pk__in=[entry.object_id for entry in found[:SEARCH_LIMIT]])
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "municipality": municipality,
        "form": form,
        "page": page,
        "can_write": rights.write,
        "is_head": rights.head,
        "query": request.GET.urlencode(),
    }
    template = "newsroom/list.html#rows" if request.htmx else "newsroom/list.html"
    return render(request, template, context)


@login_required
def news_new(request: AppRequest, slug: str) -> HttpResponse:
    municipality, _rights = get_newsroom_for_user(request.user, slug, write=True)
    form = NewsItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.municipality = municipality
        actions.save_news_item(item, request.user, note=_("Written"))  # type: ignore[arg-type]
        if form.unsafe_removed:
            messages.warning(
                request, _("Unsafe parts of the body (scripts, event handlers) were removed.")
            )
        messages.success(request, _("The draft is saved."))
        return redirect(item.get_office_url())
    return render(
        request, "newsroom/edit.html", {"municipality": municipality, "form": form, "item": None}
    )


@login_required
def news_import(request: AppRequest, slug: str) -> HttpResponse:
    municipality, _rights = get_newsroom_for_user(request.user, slug, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        item = actions.import_news_text(
            municipality,
            request.user,  # type: ignore[arg-type]
            form.imported,
            source_url=form.cleaned_data["source_url"],
            agency=form.cleaned_data["source_agency"],
        )
        messages.success(request, _("A draft was made from the text; check and edit it."))
        return redirect(item.get_office_url())
    # A refused file or text is bad input: 400, with the form's errors.
    status = 400 if request.method == "POST" else 200
    return render(
        request, "newsroom/import.html", {"municipality": municipality, "form": form}, status=status
    )


def _item_context(request: AppRequest, item: NewsItem, rights: Rights) -> dict[str, Any]:
    return {
        "item": item,
        "municipality": item.municipality,
        "photos": item.photos.all(),
        "revisions": item.revisions.select_related("author")[:20],
        "approval_records": item.approval_records.select_related("actor"),
        "channel_posts": item.channel_posts.all(),
        "can_write": rights.write,
        "is_head": rights.head,
        "is_manager": is_manager(rights),
        "needs_manager": actions.manager_approval_required(item),
        "publish_form": PublishForm(),
        "withdraw_form": WithdrawForm(),
        "photo_form": PhotoForm(),
        "manager_return_form": ManagerReturnForm(),
        "Status": Status,
    }


@login_required
def news_item(request: AppRequest, pk: int) -> HttpResponse:
    item, rights = get_news_item_for_user(request.user, pk)
    return render(request, "newsroom/item.html", _item_context(request, item, rights))


def _check_editable(item: NewsItem, rights: Rights) -> None:
    if item.status == Status.WITHDRAWN:
        raise PermissionDenied(_("A withdrawn item is kept as it was."))
    if item.status == Status.PUBLISHED and not rights.head:
        raise PermissionDenied(_("Only the PR head edits a published item."))


@login_required
def news_edit(request: AppRequest, pk: int) -> HttpResponse:
    item, rights = get_news_item_for_user(request.user, pk, write=True)
    _check_editable(item, rights)
    form = NewsItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_news_item(form.save(commit=False), request.user, note=_("Edited"))  # type: ignore[arg-type]
        except actions.WorkflowError as error:
            _show_refusal(request, error)
            return redirect(item.get_office_url())
        if form.unsafe_removed:
            messages.warning(
                request, _("Unsafe parts of the body (scripts, event handlers) were removed.")
            )
        messages.success(request, _("Saved. The previous text is kept as a revision."))
        return redirect(item.get_office_url())
    return render(
        request,
        "newsroom/edit.html",
        {"municipality": item.municipality, "form": form, "item": item},
    )


@login_required
@require_POST
def news_submit(request: AppRequest, pk: int) -> HttpResponse:
    item, _rights = get_news_item_for_user(request.user, pk, write=True)
    try:
        actions.submit_for_review(item, request.user)  # type: ignore[arg-type]
        messages.success(request, _("Sent to the PR head for review."))
    except actions.WorkflowError as error:
        _show_refusal(request, error)
    return redirect(item.get_office_url())


@login_required
@require_POST
def news_delete(request: AppRequest, pk: int) -> HttpResponse:
    item, _rights = get_news_item_for_user(request.user, pk, write=True)
    try:
        actions.delete_news_item(item)
    except actions.WorkflowError as error:
        _show_refusal(request, error)
        return redirect(item.get_office_url())
    messages.success(request, _("The draft is deleted."))
    return redirect("newsroom:list", item.municipality.slug)


@login_required
@require_POST
def news_return(request: AppRequest, pk: int) -> HttpResponse:
    item, _rights = get_news_item_for_user(request.user, pk, approve=True)
    try:
        actions.return_to_draft(item, request.user)  # type: ignore[arg-type]
        messages.success(request, _("Returned to the writer as a draft."))
    except actions.WorkflowError as error:
        _show_refusal(request, error)
    return redirect(item.get_office_url())


@login_required
@require_POST
def news_approve(request: AppRequest, pk: int) -> HttpResponse:
    item, _rights = get_news_item_for_user(request.user, pk, approve=True)
    try:
        actions.approve_item(item, request.user)  # type: ignore[arg-type]
        messages.success(request, _("Approved. It can be published now or scheduled."))
    except actions.WorkflowError as error:
        _show_refusal(request, error)
    return redirect(item.get_office_url())


@login_required
@require_POST
def news_request_manager(request: AppRequest, pk: int) -> HttpResponse:
    item, _rights = get_news_item_for_user(request.user, pk, approve=True)
    try:
        actions.request_manager_approval(item, request.user)  # type: ignore[arg-type]
        messages.success(request, _("Sent to the manager for approval."))
    except actions.WorkflowError as error:
        _show_refusal(request, error)
    return redirect(item.get_office_url())


@login_required
def manager_queue(request: AppRequest, slug: str) -> HttpResponse:
    """The items that wait for a manager's approval: the managers' page (the rest of the
    municipality's staff see it, without the buttons)."""
    municipality, rights = get_newsroom_for_user(request.user, slug)
    items = (
        NewsItem.objects.of_municipality(municipality)
        .awaiting_manager()
        .with_people()
        .select_related("approved_by")
        .order_by("updated_at", "pk")
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "municipality": municipality,
        "page": page,
        "is_manager": is_manager(rights),
        "return_form": ManagerReturnForm(),
    }
    return render(request, "newsroom/manager_queue.html", context)


@login_required
@require_POST
def manager_approve(request: AppRequest, pk: int) -> HttpResponse:
    item, _rights = get_news_item_for_user(request.user, pk, manager=True)
    try:
        actions.approve_as_manager(item, request.user)  # type: ignore[arg-type]
    except actions.WorkflowError as error:
        _show_refusal(request, error)
        return redirect(item.get_office_url())
    if item.publish_at:
        messages.success(request, _("Approved. It is published at the scheduled time."))
    else:
        messages.success(request, _("Approved. The PR head can publish it now."))
    return redirect("newsroom:manager-queue", item.municipality.slug)


@login_required
@require_POST
def manager_return(request: AppRequest, pk: int) -> HttpResponse:
    item, rights = get_news_item_for_user(request.user, pk, manager=True)
    form = ManagerReturnForm(request.POST)
    if not form.is_valid():
        context = _item_context(request, item, rights) | {"manager_return_form": form}
        return render(request, "newsroom/item.html", context, status=400)
    try:
        actions.return_from_manager(item, request.user, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
    except actions.WorkflowError as error:
        _show_refusal(request, error)
        return redirect(item.get_office_url())
    messages.success(request, _("Returned to the PR head with your reason."))
    return redirect("newsroom:manager-queue", item.municipality.slug)


@login_required
@require_POST
def news_publish(request: AppRequest, pk: int) -> HttpResponse:
    item, rights = get_news_item_for_user(request.user, pk, approve=True)
    form = PublishForm(request.POST)
    if not form.is_valid():
        context = _item_context(request, item, rights) | {"publish_form": form}
        return render(request, "newsroom/item.html", context, status=400)
    try:
        actions.publish_item(item, request.user, at=form.cleaned_data["at"])  # type: ignore[arg-type]
    except actions.WorkflowError as error:
        _show_refusal(request, error)
        return redirect(item.get_office_url())
    if item.status == Status.PUBLISHED:
        messages.success(request, _("Published."))
    else:
        messages.success(request, _("Scheduled for publication."))
    if item.festive:
        when = timezone.localtime(item.published_at or item.publish_at).date()
        warning = festive_on_mourning(item.municipality, when)
        if warning:
            messages.warning(request, warning)
    return redirect(item.get_office_url())


@login_required
@require_POST
def news_withdraw(request: AppRequest, pk: int) -> HttpResponse:
    item, rights = get_news_item_for_user(request.user, pk, approve=True)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        context = _item_context(request, item, rights) | {"withdraw_form": form}
        return render(request, "newsroom/item.html", context, status=400)
    try:
        actions.withdraw_item(
            item,
            request.user,  # type: ignore[arg-type]
            reason=form.cleaned_data["reason"],
            correction=form.cleaned_data["correction"],
        )
        messages.success(request, _("Withdrawn. Readers see the correction note."))
    except actions.WorkflowError as error:
        _show_refusal(request, error)
    return redirect(item.get_office_url())


@login_required
def news_revisions(request: AppRequest, pk: int) -> HttpResponse:
    item, rights = get_news_item_for_user(request.user, pk)
    revisions = list(item.revisions.select_related("author"))
    by_number = {r.number: r for r in revisions}
    try:
        new_n = int(request.GET.get("b") or (revisions[0].number if revisions else 0))
        old_n = int(request.GET.get("a") or (revisions[1].number if len(revisions) > 1 else new_n))
    except ValueError:
        raise Http404(_("No such revision.")) from None
    old, new = by_number.get(old_n), by_number.get(new_n)
    if revisions and (old is None or new is None):
        raise Http404(_("No such revision."))
    diffs = []
    if old and new:
        labels = {
            "title": _("Headline"),
            "surtitle": _("Surtitle"),
            "lead": _("Lead"),
            "body": _("Body"),
            "tags": _("Tags"),
        }
        for field, label in labels.items():
            a = old.body_text if field == "body" else getattr(old, field)
            b = new.body_text if field == "body" else getattr(new, field)
            left, right = word_diff(a, b)
            diffs.append(FieldDiff(label, left, right, a != b))
    return render(
        request,
        "newsroom/revisions.html",
        {
            "item": item,
            "municipality": item.municipality,
            "revisions": revisions,
            "old": old,
            "new": new,
            "diffs": diffs,
            "can_write": rights.write,
        },
    )


@login_required
@require_POST
def revision_restore(request: AppRequest, pk: int, number: int) -> HttpResponse:
    item, rights = get_news_item_for_user(request.user, pk, write=True)
    _check_editable(item, rights)
    revision = get_object_or_404(Revision, item=item, number=number)
    try:
        actions.restore_revision(item, revision, request.user)  # type: ignore[arg-type]
    except actions.WorkflowError as error:
        _show_refusal(request, error)
        return redirect(item.get_office_url())
    messages.success(
        request, _("Revision %(n)s is restored as a new revision.") % {"n": local_digits(number)}
    )
    return redirect(item.get_office_url())


@login_required
@require_POST
def photo_add(request: AppRequest, pk: int) -> HttpResponse:
    item, rights = get_news_item_for_user(request.user, pk, write=True)
    _check_editable(item, rights)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        context = _item_context(request, item, rights) | {"photo_form": form}
        return render(request, "newsroom/item.html", context, status=400)
    actions.add_photo(
        item,
        form.processed,
        caption=form.cleaned_data["caption"],
        credit=form.cleaned_data["credit"],
    )
    messages.success(request, _("The photo is added."))
    return redirect(item.get_office_url())


@login_required
@require_POST
def photo_remove(request: AppRequest, pk: int) -> HttpResponse:
    photo, rights = get_photo_for_user(request.user, pk, write=True)
    item = photo.item
    _check_editable(item, rights)
    actions.remove_photo(photo)
    messages.success(request, _("The photo is removed."))
    return redirect(item.get_office_url())


@login_required
@require_POST
def channel_post(request: AppRequest, pk: int) -> HttpResponse:
    item, _rights = get_news_item_for_user(request.user, pk, approve=True)
    try:
        base = settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")
        actions.post_to_channel(item, base + item.get_absolute_url())
        messages.success(request, _("Queued for the messenger channel."))
    except actions.WorkflowError as error:
        _show_refusal(request, error)
    return redirect(item.get_office_url())


@login_required
@require_POST
def channel_retry(request: AppRequest, pk: int) -> HttpResponse:
    post, _rights = get_channel_post_for_user(request.user, pk, approve=True)
    try:
        actions.retry_channel_post(post)
        messages.success(request, _("Queued again for the messenger channel."))
    except actions.WorkflowError as error:
        _show_refusal(request, error)
    return redirect(post.item.get_office_url())


@login_required
def newsroom_settings(request: AppRequest, slug: str) -> HttpResponse:
    municipality, _rights = get_newsroom_for_user(request.user, slug, approve=True)
    config = NewsroomSettings.objects.filter(municipality=municipality).first()
    config = config or NewsroomSettings(municipality=municipality)
    managers = actions.managers_of(municipality)
    form = NewsroomSettingsForm(request.POST or None, instance=config, managers=managers)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The newsroom settings are saved."))
        return redirect("newsroom:list", slug)
    return render(
        request,
        "newsroom/settings.html",
        {"municipality": municipality, "form": form, "managers": managers},
    )
