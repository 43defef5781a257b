from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ravabet.voice import actions
from ravabet.voice.models import Rating, Status


def test_tracking_shows_status_and_replies_never_contact_or_notes(
    citizen: Client,
    rudsar,
    rudsar_head,
    make_message,  # type: ignore[no-untyped-def]
) -> None:
    message = make_message(rudsar, national_code="2740291876")
    actions.add_note(message, rudsar_head, "یادداشت محرمانه داخلی")
    actions.reply_to_message(message, rudsar_head, "پیمانکار نظافت امروز اعزام شد.")
    citizen.post(message.get_tracking_url(), {"pin": message.new_pin})  # the citizen's PIN
    html = citizen.get(message.get_tracking_url()).content.decode()
    assert "پیمانکار نظافت امروز اعزام شد" in html
    assert message.display_code in html
    for secret in (
        "یادداشت محرمانه",
        "مریم احمدی",
        "09121234567",
        "۰۹۱۲۱۲۳۴۵۶۷",
        "2740291876",
        "۲۷۴۰۲۹۱۸۷۶",
    ):
        assert secret not in html


def test_lookup_by_code_in_persian_digits(citizen: Client, rudsar, make_message) -> None:  # type: ignore[no-untyped-def]
    message = make_message(rudsar)
    response = citizen.get(reverse("voice:track"), {"code": message.display_code})
    assert response["Location"] == message.get_tracking_url()
    missing = citizen.get(reverse("voice:track"), {"code": "۲۲۲۲-۲۲۲۲"})
    assert missing.status_code == 200
    assert citizen.get("/track/22222222/").status_code == 404


def test_rating_only_after_an_answer(citizen: Client, rudsar, rudsar_head, make_message) -> None:  # type: ignore[no-untyped-def]
    message = make_message(rudsar)
    url = reverse("voice:rate", args=[message.code])
    pin = message.new_pin  # the citizen proves it is theirs
    citizen.post(url, {"score": "4", "pin": pin})
    assert not Rating.objects.exists()
    actions.reply_to_message(message, rudsar_head, "انجام شد")
    citizen.post(url, {"score": "9", "pin": pin})
    assert not Rating.objects.exists()
    citizen.post(url, {"score": "4", "comment": "سریع بود", "pin": pin})
    assert Rating.objects.get(message=message).score == 4


def test_reopen_within_the_window_only(citizen: Client, rudsar, rudsar_head, make_message) -> None:  # type: ignore[no-untyped-def]
    message = make_message(rudsar)
    actions.reply_to_message(message, rudsar_head, "انجام شد")
    # Without a reason nothing happens, and the form says why.
    refused = citizen.post(reverse("voice:reopen", args=[message.code]), {"pin": message.new_pin})
    assert refused.status_code == 400
    assert 'name="reason"' in refused.content.decode() and "has-error" in refused.content.decode()
    message.refresh_from_db()
    assert message.status == Status.ANSWERED
    reason = "هنوز زباله‌ها جمع نشده است"
    citizen.post(
        reverse("voice:reopen", args=[message.code]), {"pin": message.new_pin, "reason": reason}
    )
    message.refresh_from_db()
    assert message.status == Status.IN_PROGRESS
    assert message.reopened_count == 1
    event = message.events.get(kind="reopened")
    assert event.reason == reason and event.by_citizen and event.actor is None

    actions.reply_to_message(message, rudsar_head, "دوباره انجام شد")
    message.answered_at = timezone.now() - dt.timedelta(days=15)
    message.save(update_fields=["answered_at"])
    citizen.post(
        reverse("voice:reopen", args=[message.code]), {"pin": message.new_pin, "reason": reason}
    )
    message.refresh_from_db()
    assert message.status == Status.ANSWERED


def test_merged_duplicate_tells_its_citizen(citizen: Client, rudsar, make_message) -> None:  # type: ignore[no-untyped-def]
    original = make_message(rudsar)
    duplicate = make_message(rudsar, mobile="09351112233")
    actions.merge_message(duplicate, original)
    html = citizen.get(duplicate.get_tracking_url()).content.decode()
    assert 'data-testid="merged"' in html
    assert original.get_tracking_url() in html


def test_code_lookups_are_rate_limited_per_address(
    citizen: Client, rudsar, settings, make_message
) -> None:  # type: ignore[no-untyped-def]
    settings.RAVABET_VOICE_LIMITS = {"track": (3, 600)}
    message = make_message(rudsar)
    for _ in range(3):
        citizen.get(reverse("voice:track"), {"code": "22222222"})
    response = citizen.get(reverse("voice:track"), {"code": message.code})
    assert response.status_code == 200  # not redirected: held back
    assert "چند دقیقه صبر کنید" in response.content.decode()
