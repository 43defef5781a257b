"""Where the occasions pages point: the public calendar, or an office's, and "plan for it"."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from ravabet.network.models import Municipality

from .occasions import Occasion

# The events app's page for a new event; it takes ?date=<ISO>&occasion=<title>.
PLAN_URL_NAME = "events:event_new"


@dataclass(frozen=True)
class Links:
    """The calendar's own pages, public (no municipality) or in an office."""

    municipality: Municipality | None = None

    def _reverse(self, view: str, *args: int) -> str:
        if self.municipality is None:
            return reverse(f"officialcalendar:{view}", args=args)
        return reverse(f"officialcalendar:office-{view}", args=[self.municipality.slug, *args])

    def month(self, year: int, month: int) -> str:
        return self._reverse("month", year, month)

    def list(self, year: int, month: int) -> str:
        return self._reverse("list", year, month)

    def year(self, year: int) -> str:
        return self._reverse("year", year)

    def today(self) -> str:
        return self._reverse("today")


def plan_base(municipality: Municipality | None) -> str | None:
    """The events app's "new event" page of ``municipality``, or None without the events app."""
    if municipality is None:
        return None
    try:
        return reverse(PLAN_URL_NAME, args=[municipality.slug])
    except NoReverseMatch:
        return None


def plan_link(base: str, occasion: Occasion) -> str:
    query = urlencode({"date": occasion.date.isoformat(), "occasion": occasion.title})
    return f"{base}?{query}"


def plan_url(municipality: Municipality | None, occasion: Occasion) -> str | None:
    """ "Plan for it": a new event on the occasion's date, named after it (None: no events app)."""
    base = plan_base(municipality)
    return None if base is None else plan_link(base, occasion)
