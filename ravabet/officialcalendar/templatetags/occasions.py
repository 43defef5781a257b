"""``{% plan_url municipality entry as url %}``: "plan for it", when the events app is there."""

from __future__ import annotations

from django import template

from ravabet.network.models import Municipality

from ..grid import Entry
from ..links import plan_url as _plan_url

register = template.Library()


@register.simple_tag
def plan_url(municipality: Municipality | None, entry: Entry) -> str:
    return _plan_url(municipality, entry.occasion) or ""
