from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .facets import Scope
from .forms import SearchForm
from .query import RESULT_CAP, Order, Results, find, hits

PAGE_SIZE = 20
# Counting stops a few pages past the one asked for (never past RESULT_CAP): a count is
# as costly as reading what it counts, and "more than 100" says as much as "3,412".
PAGES_AHEAD = 4


class ResultsPaginator(Paginator):
    """Pages over search results, which count no further than their cap."""

    @property
    def capped(self) -> bool:
        return cast(Results, self.object_list).capped

    @property
    def cap(self) -> int:
        return cast(Results, self.object_list).cap


def _search(request: HttpRequest, scope: Scope, template: str) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page = None
    results = []
    if form.is_valid() and form.cleaned_data["q"]:
        order = form.cleaned_data["order"] or Order.RELEVANCE
        found = find(form.scope(scope), form.cleaned_data["q"], order, _cap(request))
        page = ResultsPaginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
        # Excerpts for the shown rows only, in a second small query.
        results = hits(list(page.object_list), form.cleaned_data["q"])
    return render(request, template, {"form": form, "page": page, "results": results})


def _cap(request: HttpRequest) -> int:
    try:
        number = max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        number = 1
    return min((number + PAGES_AHEAD) * PAGE_SIZE, RESULT_CAP)


def public_search(request: HttpRequest) -> HttpResponse:
    return _search(request, Scope.public(), "search/public.html")


@login_required
def staff_search(request: HttpRequest) -> HttpResponse:
    return _search(request, Scope.for_user(request.user), "search/staff.html")
