"""The office's search: the public's, over everything the user's rights let them see."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from ravabet.core.http import personal_data

from .facets import Scope
from .public_views import search_page


@personal_data
@login_required
def staff_search(request: HttpRequest) -> HttpResponse:
    return search_page(request, Scope.for_user(request.user), "search/staff.html")
