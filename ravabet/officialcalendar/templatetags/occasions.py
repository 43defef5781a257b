"""``{% plan_url plan_base entry as url %}``: "plan for it" on one occasion.

``plan_base`` (the events app's page, reversed once per page by the view) is empty when the
events app is not installed, and the template then offers no link.
"""

from __future__ import annotations

from django import template

from ..grid import Entry
from ..links import plan_link

register = template.Library()


@register.simple_tag
def plan_url(base: str, entry: Entry) -> str:
    return plan_link(base, entry.occasion) if base else ""
