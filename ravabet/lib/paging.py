"""Paging that counts no further than a few pages past the page asked for.

An archive's list or search can hold hundreds of thousands of rows; counting them all
costs as much as reading them, on every page view, to print a number nobody needs.
Counting to a few pages ahead is enough to draw the pager, and it grows as people page on.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.http import QueryDict

PAGES_AHEAD = 4
# Past any archive's end; a larger number asked for is read as this (the paginator then
# shows the last page), so the count's LIMIT stays a number the database takes.
LAST_PAGE_ASKABLE = 100_000


def other_parameters(query: QueryDict) -> str:
    """The page's other parameters (its filters), for the pager's links to keep."""
    kept = query.copy()
    kept.pop("page", None)
    return kept.urlencode()


def page_number(asked: object) -> int:
    try:
        return min(max(int(str(asked)), 1), LAST_PAGE_ASKABLE)
    except (TypeError, ValueError):
        return 1


def count_limit(
    asked: object, per_page: int, *, ahead: int = PAGES_AHEAD, most: int | None = None
) -> int:
    """How many rows to count for the page asked for: a few pages on, never past ``most``."""
    limit = (page_number(asked) + ahead) * per_page
    return limit if most is None else min(limit, most)


class LookaheadPaginator(Paginator):
    """Pages over a QuerySet (counted through a slice) or any sized sequence.

    A sequence that counts itself, such as search results, is asked for its length: make
    it count one past ``count_limit`` so that the paginator can tell there is more.
    """

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        *,
        asked: object,
        ahead: int = PAGES_AHEAD,
        most: int | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        self.limit = count_limit(asked, per_page, ahead=ahead, most=most)

    @cached_property
    def found(self) -> int:
        """The rows, counted up to one past the limit."""
        rows = self.object_list
        if hasattr(rows, "order_by"):  # a QuerySet: counting a slice stops the scan there
            return int(rows.order_by()[: self.limit + 1].count())
        return min(len(rows), self.limit + 1)

    @cached_property
    def count(self) -> int:
        return min(self.found, self.limit)

    @property
    def capped(self) -> bool:
        """Whether there are more rows than were counted."""
        return self.found > self.limit
