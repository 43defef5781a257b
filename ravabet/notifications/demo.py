"""Demo notifications: the other apps' demos made news items wait for review and routed
citizens' messages (their actions notify); here the deadlines that are near or past are
told. Safe to run again: each notification exists once per occasion."""

from __future__ import annotations

from .models import Notification
from .tasks import notify_deadlines


def load() -> list[str]:
    made = notify_deadlines()
    unread = Notification.objects.unread().count()
    return [f"Demo notifications: {made} added, {unread} unread in all."]
