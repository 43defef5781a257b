"""The demo leaves the bells of its people ringing, and loading it twice adds nothing."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from ravabet.notifications.models import Notification


def test_demo_people_have_unread_notifications_once(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo notifications:" in out.getvalue()
    unread = Notification.objects.unread()
    for username in ("rudsar-head", "lahijan-head", "rudsar-reporter"):
        assert unread.filter(user__username=username).exists(), username
    count = Notification.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert Notification.objects.count() == count
