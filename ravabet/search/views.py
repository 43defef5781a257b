from __future__ import annotations

from functools import cached_property
from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .forms import SearchForm
from .models import SearchEntry, SearchEntryQuerySet
from .query import hits, match

PAGE_SIZE = 20
RESULT_CAP = 1000


class CappedPaginator(Paginator):
    """Pages over at most `cap` results, counting no further than one past the cap.

    A common word matches a large part of the archive; counting it all costs more than
    ranking the first page, and nobody reads past page fifty. `capped` says there are more.
    """

    cap = RESULT_CAP

    @cached_property
    def found(self) -> int:
        # Counting over a subquery sliced to cap + 1 rows stops the scan there.
        matches = cast(SearchEntryQuerySet, self.object_list)
        return matches.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.found, self.cap)

    @property
    def capped(self) -> bool:
        return self.found > self.cap


def _search(request: HttpRequest, entries: SearchEntryQuerySet, template: str) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page = None
    results = []
    if form.is_valid() and form.cleaned_data["q"]:
        found = match(entries.filter(**form.filters()), form.cleaned_data["q"])
        # The normalized texts are wide and unused by the page: left out, the database
        # sorts the matches without carrying every body along.
        found = found.defer("title_norm", "body_norm")
        page = CappedPaginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
        # Excerpts for the shown rows only, in a second small query.
        results = hits(list(page.object_list), form.cleaned_data["q"])
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
