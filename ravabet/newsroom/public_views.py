"""The public's news pages: a municipality's and a network's lists, an article, its photos."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ravabet.core.files import serve_file
from ravabet.core.http import AppRequest
from ravabet.core.publiccache import public_page
from ravabet.lib.paging import LookaheadPaginator, other_parameters
from ravabet.network.access import rights_in_municipality
from ravabet.network.models import Municipality, Network
from ravabet.search.facets import Scope
from ravabet.search.query import Order, find

from .access import (
    get_photo_to_view,
)
from .forms import (
    PublicFilterForm,
)
from .models import NewsItem, NewsItemQuerySet, Photo
from .search import SEARCH_LIMIT, NewsItemSource

PAGE_SIZE = 12


def _public_list(
    request: AppRequest, items: NewsItemQuerySet, municipalities: Callable[[], frozenset[int]]
) -> dict[str, Any]:
    form = PublicFilterForm(request.GET or None)
    if form.is_valid():
        if form.cleaned_data["q"]:
            # The search core finds the words (in any spelling); kind and category filter
            # here, on the items themselves.
            found = find(
                Scope.public().narrowed(kind=NewsItemSource.kind, municipalities=municipalities()),
                form.cleaned_data["q"],
                Order.NEWEST,  # the list shows them newest first anyway
            )
            items = items.filter(pk__in=[entry.object_id for entry in found[:SEARCH_LIMIT]])
        if form.cleaned_data["kind"]:
            items = items.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["category"]:
            items = items.filter(category=form.cleaned_data["category"])
        if form.cleaned_data["tag"]:
            items = items.filter(tags__icontains=form.cleaned_data["tag"])
    items = items.with_people().prefetch_related("photos").public_order()
    asked = request.GET.get("page")
    page = LookaheadPaginator(items, PAGE_SIZE, asked=asked).get_page(asked)
    return {"form": form, "page": page, "query": other_parameters(request.GET)}


@public_page
def municipality_news(request: AppRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    context = _public_list(
        request,
        NewsItem.objects.published().of_municipality(municipality),
        lambda: frozenset([municipality.pk]),
    )
    context |= {"municipality": municipality, "place": municipality}
    return render(request, "newsroom/public_list.html", context)


@public_page
def network_news(request: AppRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(Network, slug=slug)
    context = _public_list(
        request,
        NewsItem.objects.published().of_network(network),
        lambda: frozenset(network.members.values_list("pk", flat=True)),
    )
    context |= {"network": network, "place": network}
    return render(request, "newsroom/public_list.html", context)


def _json_ld(request: AppRequest, item: NewsItem) -> str:
    photo = item.first_photo()
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": item.title[:110],
        "description": item.summary,
        "datePublished": item.published_at.isoformat() if item.published_at else None,
        "dateModified": item.updated_at.isoformat(),
        "inLanguage": "fa",
        "mainEntityOfPage": request.build_absolute_uri(item.get_absolute_url()),
        "author": {
            "@type": "Organization",
            "name": _("%(name)s Municipality PR office") % {"name": item.municipality.name},
        },
        "publisher": {
            "@type": "Organization",
            "name": _("%(name)s Municipality") % {"name": item.municipality.name},
        },
    }
    if photo:
        data["image"] = [request.build_absolute_uri(photo.page_url)]
    text = json.dumps(data, ensure_ascii=False)
    # Inside <script>, "</script>" or "<!--" in a title must not end the element.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


@public_page
def article(request: AppRequest, slug: str, pk: int) -> HttpResponse:
    item = get_object_or_404(
        NewsItem.objects.with_people().prefetch_related("photos"),
        pk=pk,
        municipality__slug=slug,
    )
    if not item.is_public:
        raise Http404(_("No such news item."))
    related = (
        NewsItem.objects.published()
        .of_municipality(item.municipality)
        .exclude(pk=item.pk)
        .public_order()[:5]
    )
    photo = item.first_photo()
    return render(
        request,
        "newsroom/article.html",
        {
            "item": item,
            "municipality": item.municipality,
            "photos": item.photos.all(),
            "photo": photo,
            "related": related,
            "json_ld": _json_ld(request, item),
            "canonical": request.build_absolute_uri(item.get_absolute_url()),
            "image_url": request.build_absolute_uri(photo.page_url) if photo else "",
            "is_staff": rights_in_municipality(request.user, item.municipality).read,
        },
    )


PHOTO_RENDITIONS = {token: field for field, token in Photo.URL_RENDITIONS.items()}


def photo_file(request: AppRequest, slug: str, pk: int, rendition: str) -> HttpResponse:
    field = PHOTO_RENDITIONS.get(rendition)
    if field is None:
        raise Http404(_("No such photo."))
    photo, public = get_photo_to_view(request.user, slug, pk)
    return serve_file(
        request,
        getattr(photo, field),
        public=public,
        inline=True,
        name=f"news-{photo.item_id}-{photo.pk}-{field}",
    )
