"""The bell in the header of every page a signed-in person sees: one COUNT query."""

from __future__ import annotations

from typing import Any

from django import template

from ..models import Notification

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context: template.Context) -> dict[str, Any]:
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {"show": True, "unread": Notification.objects.for_user(user).unread().count()}
