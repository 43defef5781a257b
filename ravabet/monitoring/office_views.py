"""The office's media-monitoring pages: mentions, sources, watch lists, an item with its
clipping and reply, the daily bulletin, the coverage report; the secretariat's network
sources and share of voice."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ravabet.core.http import AppRequest
from ravabet.lib import jalali
from ravabet.network.access import get_municipality_for_user, get_network_for_user
from ravabet.network.models import PR_ROLES, Membership, Municipality, Network, User

from . import actions, report
from .access import (
    get_clipping_for_user,
    get_item_for_user,
    get_reply_for_user,
    get_source_for_user,
    get_watch_for_user,
)
from .bulletin import bulletin_pdf
from .bulletin import context as bulletin_context
from .forms import ClipForm, ReplyForm, ReplyUpdateForm, SourceForm, WatchForm
from .models import BulletinSubscription, Clipping, Item, Mention, Source, Tone, WatchList

PER_PAGE = 30


def _user(request: AppRequest) -> User:
    return cast(User, request.user)


def _office_staff(municipality: Municipality) -> list[User]:
    rows = Membership.objects.filter(municipality=municipality, role__in=list(PR_ROLES))
    return sorted({m.user for m in rows.select_related("user")}, key=lambda u: (str(u), u.pk))


def _day(value: str | None) -> dt.date:
    if value:
        try:
            return jalali.parse_date(value)
        except jalali.JalaliParseError:
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
    return timezone.localdate()


# --- mentions ---------------------------------------------------------------------------


@login_required
def mentions(request: AppRequest, slug: str) -> HttpResponse:
    municipality, rights = get_municipality_for_user(request.user, slug)
    found = Mention.objects.of(municipality)
    watch = request.GET.get("watch", "")
    if watch.isdigit():
        found = found.filter(watch_id=int(watch))
    rows = (
        Item.objects.filter(pk__in=found.values("item_id"))
        .with_source()
        .prefetch_related(
            Prefetch(
                "mentions",
                queryset=Mention.objects.of(municipality).select_related("watch"),
                to_attr="found",
            )
        )
        .order_by("-published_at", "-pk")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/mentions.html",
        {
            "municipality": municipality,
            "rights": rights,
            "page": page,
            "watches": WatchList.objects.filter(municipality=municipality),
            "watch": watch,
            "today_count": Mention.objects.of(municipality).on_day(timezone.localdate()).count(),
        },
    )


@login_required
def item_detail(request: AppRequest, slug: str, pk: int) -> HttpResponse:
    municipality, rights = get_municipality_for_user(request.user, slug)
    item = get_item_for_user(request.user, municipality, pk)
    clipping = Clipping.objects.filter(item=item, municipality=municipality).first()
    copies = (
        list(item.cluster.items.select_related("source").order_by("published_at", "pk"))
        if item.cluster_id and item.cluster
        else []
    )
    clip_form = ClipForm(
        initial={
            "tone": clipping.tone if clipping else actions.suggest_tone(item.text_norm),
            "notes": clipping.notes if clipping else "",
        }
    )
    return render(
        request,
        "monitoring/item.html",
        {
            "municipality": municipality,
            "rights": rights,
            "item": item,
            "mentions": item.mentions.filter(municipality=municipality).select_related("watch"),
            "copies": copies,
            "clipping": clipping,
            "suggested": Tone(actions.suggest_tone(item.text_norm)).label,
            "clip_form": clip_form,
            "reply_form": ReplyForm(
                staff=_office_staff(municipality),
                initial={"deadline": timezone.localdate() + dt.timedelta(days=2)},
            ),
            "replies": list(clipping.replies.select_related("owner")) if clipping else [],
            "pickups": item.pickups.select_related("release"),
        },
    )


@login_required
@require_POST
def clip(request: AppRequest, slug: str, pk: int) -> HttpResponse:
    municipality, _rights = get_municipality_for_user(request.user, slug, write=True)
    item = get_item_for_user(request.user, municipality, pk)
    form = ClipForm(request.POST)
    if form.is_valid():
        actions.clip_item(
            item,
            municipality,
            _user(request),
            tone=form.cleaned_data["tone"],
            notes=form.cleaned_data["notes"],
        )
        messages.success(request, _("Kept as a clipping."))
    else:
        messages.error(request, _("Choose a tone."))
    return redirect(item.get_office_url(municipality))


@login_required
@require_POST
def reply_open(request: AppRequest, pk: int) -> HttpResponse:
    clipping, _rights = get_clipping_for_user(request.user, pk, write=True)
    municipality = clipping.municipality
    form = ReplyForm(request.POST, staff=_office_staff(municipality))
    if form.is_valid():
        try:
            actions.open_reply(
                clipping, owner=form.cleaned_data["owner"], deadline=form.cleaned_data["deadline"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The right-of-reply task is open."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(clipping.item.get_office_url(municipality))


@login_required
def reply_edit(request: AppRequest, pk: int) -> HttpResponse:
    task, rights = get_reply_for_user(request.user, pk, write=request.method == "POST")
    municipality = task.clipping.municipality
    form = ReplyUpdateForm(
        request.POST or None,
        initial={"status": task.status, "reply_url": task.reply_url, "deadline": task.deadline},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_reply(task, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(task.clipping.item.get_office_url(municipality))
    return render(
        request,
        "monitoring/form.html",
        {
            "municipality": municipality,
            "form": form,
            "title": _("Right of reply"),
            "subtitle": task.clipping.item.title,
            "back": task.clipping.item.get_office_url(municipality),
            "can_write": rights.write,
        },
    )


@login_required
def clippings(request: AppRequest, slug: str) -> HttpResponse:
    municipality, rights = get_municipality_for_user(request.user, slug)
    rows = Clipping.objects.of(municipality).select_related("item__source", "created_by")
    tone = request.GET.get("tone", "")
    if tone:
        rows = rows.filter(tone=tone)
    page = Paginator(rows.prefetch_related("replies"), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/clippings.html",
        {"municipality": municipality, "rights": rights, "page": page, "tone": tone},
    )


# --- sources ----------------------------------------------------------------------------


def _sources_page(
    request: AppRequest, place: Municipality | Network, can_write: bool
) -> HttpResponse:
    form = SourceForm(request.POST or None)
    if request.method == "POST" and can_write and form.is_valid():
        try:
            source = actions.add_source(
                place, _user(request), form.cleaned_data["url"], form.cleaned_data["name"]
            )
        except ValidationError as error:
            form.add_error("url", error)
        else:
            messages.success(request, _("The source is added; its items arrive shortly."))
            return redirect(source.get_absolute_url())
    own = Source.objects.of(place).select_related("municipality", "network")
    shared = (
        Source.objects.filter(network__members=place).select_related("network")
        if isinstance(place, Municipality)
        else Source.objects.none()
    )
    return render(
        request,
        "monitoring/sources.html",
        {
            "place": place,
            "municipality": place if isinstance(place, Municipality) else None,
            "network": place if isinstance(place, Network) else None,
            "sources": list(own),
            "shared": list(shared),
            "form": form,
            "can_write": can_write,
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


@login_required
def sources(request: AppRequest, slug: str) -> HttpResponse:
    municipality, rights = get_municipality_for_user(
        request.user, slug, write=request.method == "POST"
    )
    return _sources_page(request, municipality, rights.write)


@login_required
def network_sources(request: AppRequest, slug: str) -> HttpResponse:
    network, rights = get_network_for_user(request.user, slug, write=request.method == "POST")
    return _sources_page(request, network, rights.write)


@login_required
def source_detail(request: AppRequest, pk: int) -> HttpResponse:
    source, rights = get_source_for_user(request.user, pk)
    items = source.items.select_related("cluster").order_by("-published_at", "-pk")[:30]
    return render(
        request,
        "monitoring/source.html",
        {
            "source": source,
            "rights": rights,
            "items": list(items),
            "municipality": source.municipality or rights.municipality,
        },
    )


@login_required
@require_POST
def source_poll(request: AppRequest, pk: int) -> HttpResponse:
    source, _rights = get_source_for_user(request.user, pk, write=True)
    actions.poll_now(source)
    messages.success(request, _("The feed will be read in a moment."))
    return redirect(source.get_absolute_url())


@login_required
@require_POST
def source_active(request: AppRequest, pk: int) -> HttpResponse:
    source, _rights = get_source_for_user(request.user, pk, write=True)
    actions.set_source_active(source, request.POST.get("active") == "1")
    return redirect(source.get_absolute_url())


# --- watch lists ------------------------------------------------------------------------


def _save_watch(
    request: AppRequest, municipality: Municipality, form: WatchForm, watch: WatchList | None
) -> WatchList | None:
    try:
        return actions.save_watch(
            municipality,
            name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
            aliases=form.lines(form.cleaned_data["aliases"]),
            exclusions=form.lines(form.cleaned_data["exclusions"]),
            watch=watch,
        )
    except ValidationError as error:
        form.add_error("name", error)
        return None


@login_required
def watches(request: AppRequest, slug: str) -> HttpResponse:
    municipality, rights = get_municipality_for_user(
        request.user, slug, write=request.method == "POST"
    )
    form = WatchForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_watch(request, municipality, form, None) is not None
    ):
        messages.success(request, _("The watch list is saved."))
        return redirect("monitoring:watches", slug)
    return render(
        request,
        "monitoring/watches.html",
        {
            "municipality": municipality,
            "rights": rights,
            "watches": list(WatchList.objects.filter(municipality=municipality).with_terms()),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
def watch_edit(request: AppRequest, pk: int) -> HttpResponse:
    watch, rights = get_watch_for_user(request.user, pk, write=request.method == "POST")
    municipality = watch.municipality
    form = WatchForm(
        request.POST or None,
        initial={
            "name": watch.name,
            "kind": watch.kind,
            "aliases": "\n".join(a.text for a in watch.aliases.all() if a.text != watch.name),
            "exclusions": "\n".join(e.text for e in watch.exclusions.all()),
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_watch(request, municipality, form, watch) is not None
    ):
        messages.success(request, _("Saved."))
        return redirect("monitoring:watches", municipality.slug)
    return render(
        request,
        "monitoring/form.html",
        {
            "municipality": municipality,
            "form": form,
            "title": watch.name,
            "back": reverse("monitoring:watches", args=[municipality.slug]),
            "can_write": rights.write,
        },
    )


# --- the bulletin and the report --------------------------------------------------------


@login_required
def bulletin(request: AppRequest, slug: str) -> HttpResponse:
    municipality, rights = get_municipality_for_user(request.user, slug)
    day = _day(request.GET.get("day"))
    data = bulletin_context(municipality, day)
    subscribers = BulletinSubscription.objects.filter(municipality=municipality).select_related(
        "user"
    )
    return render(
        request,
        "monitoring/bulletin.html",
        data
        | {
            "rights": rights,
            "subscribers": list(subscribers),
            "subscribed": any(s.user_id == request.user.pk for s in subscribers),
            "previous_day": day - dt.timedelta(days=1),
            "next_day": day + dt.timedelta(days=1),
        },
    )


@login_required
def bulletin_download(request: AppRequest, slug: str) -> HttpResponse:
    municipality, _rights = get_municipality_for_user(request.user, slug)
    day = _day(request.GET.get("day"))
    response = HttpResponse(bulletin_pdf(municipality, day), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bulletin-{slug}-{day}.pdf"'
    return response


@login_required
@require_POST
def bulletin_subscribe(request: AppRequest, slug: str) -> HttpResponse:
    municipality, _rights = get_municipality_for_user(request.user, slug)
    on = request.POST.get("on") == "1"
    actions.subscribe(municipality, _user(request), on)
    messages.success(
        request,
        _("You will receive the daily bulletin by email.")
        if on
        else _("You will no longer receive the daily bulletin."),
    )
    return redirect("monitoring:bulletin", slug)


@login_required
@require_POST
def bulletin_send(request: AppRequest, slug: str) -> HttpResponse:
    municipality, _rights = get_municipality_for_user(request.user, slug, head=True)
    day = _day(request.POST.get("day"))
    queued = actions.queue_bulletin(municipality, day)
    if queued:
        messages.success(request, _("The bulletin is on its way to the subscribers."))
    else:
        messages.info(request, _("Every subscriber with an address already has this bulletin."))
    return redirect(reverse("monitoring:bulletin", args=[slug]) + f"?day={day.isoformat()}")


@login_required
def coverage(request: AppRequest, slug: str) -> HttpResponse:
    municipality, rights = get_municipality_for_user(request.user, slug)
    period = report.Period.parse(request.GET.get("period"))
    return render(
        request,
        "monitoring/report.html",
        {"municipality": municipality, "rights": rights}
        | report.coverage(municipality, period)
        | _period_links(period),
    )


@login_required
def network_report(request: AppRequest, slug: str) -> HttpResponse:
    network, rights = get_network_for_user(request.user, slug)
    period = report.Period.parse(request.GET.get("period"))
    return render(
        request,
        "monitoring/network_report.html",
        {"network": network, "rights": rights}
        | report.share_of_voice(network, period)
        | _period_links(period),
    )


def _period_links(period: report.Period) -> dict[str, object]:
    year = period.year
    quarter = (period.month - 1) // 3 + 1 if period.month else period.quarter
    return {
        "previous": period.previous(),
        "next": period.next(),
        "as_quarter": report.Period(year, quarter=quarter),
        "months": [report.Period(year, month=m) for m in range(1, 13)],
    }
