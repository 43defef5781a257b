from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .forms import SearchForm
from .models import SearchEntry, SearchEntryQuerySet
from .query import hits, match

PAGE_SIZE = 20


def _search(request: HttpRequest, entries: SearchEntryQuerySet, template: str) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page = None
    results = []
    if form.is_valid() and form.cleaned_data["q"]:
        found = match(entries.filter(**form.filters()), form.cleaned_data["q"])
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
        results = hits(list(page.object_list))
    return render(
        request,
        template,
        {"form": form, "page": page, "results": results},
    )


def public_search(request: HttpRequest) -> HttpResponse:
    return _search(request, SearchEntry.objects.public(), "search/public.html")


@login_required
def staff_search(request: HttpRequest) -> HttpResponse:
    return _search(request, SearchEntry.objects.visible_to(request.user), "search/staff.html")
