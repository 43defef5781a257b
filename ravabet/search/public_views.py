"""The public search: what anyone may find, in every published record."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ravabet.lib.paging import LookaheadPaginator, count_limit, page_number

from .facets import Scope
from .forms import SearchForm
from .query import RESULT_CAP, Order, find, hits

PAGE_SIZE = 20


def search_page(request: HttpRequest, scope: Scope, template: str) -> HttpResponse:
    form = SearchForm(request.GET or None, scope=scope)
    page = None
    results = []
    searched = form.is_valid() and bool(form.cleaned_data["q"].strip())
    if searched:
        order = form.cleaned_data["order"] or Order.RELEVANCE
        asked = request.GET.get("page")
        # Counting stops a few pages past the one asked for (never past RESULT_CAP): a count
        # is as costly as reading what it counts, and "more than 100" says as much as "3,412".
        # The results count one further, so that the paginator sees whether there is more.
        cap = count_limit(asked, PAGE_SIZE, most=RESULT_CAP) + 1
        # The one statement puts in order as far as the page shown ends.
        ordered = page_number(asked) * PAGE_SIZE
        found = find(
            form.scope(scope), form.cleaned_data["q"], order, cap, excerpts=True, ordered=ordered
        )
        paginator = LookaheadPaginator(found, PAGE_SIZE, asked=asked, most=RESULT_CAP)
        page = paginator.get_page(asked)
        # Excerpts for the shown rows only, from the text the rows were read with.
        results = hits(list(page.object_list), form.cleaned_data["q"])
    context = {"form": form, "page": page, "results": results, "searched": searched}
    return render(request, template, context)


def public_search(request: HttpRequest) -> HttpResponse:
    return search_page(request, Scope.public(), "search/public.html")
