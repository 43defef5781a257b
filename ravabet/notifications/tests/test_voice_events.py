"""A citizen's message: routed, overdue and reopened tell its municipality's PR office."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from ravabet.notifications.models import Kind, Notification
from ravabet.notifications.tasks import notify_deadlines
from ravabet.voice import actions as voice

from .conftest import told


def test_routing_tells_the_pr_office_but_not_who_routed(
    client_for, rudsar, rudsar_head, rudsar_reporter, lahijan_head, rudsar_services, make_message
):
    message = make_message(rudsar)
    response = client_for(rudsar_reporter).post(
        f"/office/voice/{message.pk}/route/", {"department": rudsar_services.pk}
    )
    assert response.status_code == 302
    assert told(rudsar_head) == [(Kind.MESSAGE_ROUTED, message.pk)]
    assert told(rudsar_reporter) == told(lahijan_head) == []
    notification = Notification.objects.get()
    assert notification.url == f"/office/voice/{message.pk}/"
    page = client_for(rudsar_head).get("/office/notifications/").content.decode()
    assert "خدمات شهری" in page
    # The code in Persian digits, isolated left to right: its halves never swap.
    assert f'<bdi dir="ltr">{message.display_code}</bdi>' in page
    english = client_for(rudsar_head)
    english.cookies["django_language"] = "en"
    assert "Urban services" in english.get("/office/notifications/").content.decode()


def test_overdue_is_told_once_per_deadline(
    rudsar, rudsar_head, rudsar_reporter, lahijan_head, make_message
):
    message = make_message(rudsar)
    message.due_on = timezone.localdate() - dt.timedelta(days=1)
    message.save(update_fields=["due_on"])
    assert notify_deadlines() == 2  # the Rudsar head and reporter
    assert notify_deadlines() == 0
    assert told(rudsar_head) == told(rudsar_reporter) == [(Kind.MESSAGE_OVERDUE, message.pk)]
    assert told(lahijan_head) == []
    message.due_on = timezone.localdate() - dt.timedelta(days=1) - dt.timedelta(days=3)
    message.save(update_fields=["due_on"])  # a new deadline (the calendar moved) is new
    assert notify_deadlines() == 2


def test_reopening_by_the_citizen_tells_the_pr_office(
    citizen, rudsar, rudsar_head, rudsar_reporter, make_message
):
    message = make_message(rudsar)
    voice.reply_to_message(message, rudsar_head, "انجام شد")
    citizen.post(
        reverse("voice:reopen", args=[message.code]),
        {"pin": message.new_pin, "reason": "هنوز چاله پر نشده است"},
    )
    message.refresh_from_db()
    assert message.reopened_count == 1
    assert told(rudsar_head) == told(rudsar_reporter) == [(Kind.MESSAGE_REOPENED, message.pk)]
    assert Notification.objects.get(user=rudsar_head).actor is None
