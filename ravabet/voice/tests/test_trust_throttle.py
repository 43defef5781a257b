"""Issue 9, part 3: the public form's and the tracking page's limits hold, per real sender."""

from __future__ import annotations

import threading

import pytest
from django.test import Client
from django.urls import reverse

from ravabet.core.tests.test_trust_throttle import fill_the_cache
from ravabet.voice.actions import hash_ip
from ravabet.voice.models import Message

from .test_contact import form_data

PROXY = "10.0.0.2"


@pytest.fixture
def production_cache(settings):  # type: ignore[no-untyped-def]
    # These need a cache production can have (never one private to the process): the
    # database's by default, Redis when the suite runs with RAVABET_CACHE=redis (CI's
    # PostgreSQL pass). fill_the_cache evicts from either as each does.
    assert settings.CACHES["default"]["BACKEND"] in {
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    }


def test_a_form_limit_survives_ten_thousand_other_cache_writes(
    rudsar, settings, production_cache
) -> None:  # type: ignore[no-untyped-def]
    settings.RAVABET_VOICE_LIMITS = {"ip": (1, 600)}
    citizen = Client(REMOTE_ADDR="203.0.113.5")
    url = reverse("voice:contact", args=["rudsar"])
    assert citizen.post(url, form_data(rudsar)).status_code == 302
    fill_the_cache()
    again = citizen.post(url, form_data(rudsar, form_token="b" * 32, mobile="09351112233"))
    assert again.status_code == 429
    assert Message.objects.count() == 1


def test_the_tracking_limit_survives_thousands_of_other_cache_writes(
    rudsar, settings, production_cache, make_message
) -> None:  # type: ignore[no-untyped-def]
    settings.RAVABET_VOICE_LIMITS = {"track": (3, 600)}
    message = make_message(rudsar)
    guesser = Client(REMOTE_ADDR="203.0.113.5")
    for _ in range(3):
        guesser.get(reverse("voice:track"), {"code": "22222222"})
    fill_the_cache(3000)  # ten times what the cache holds
    response = guesser.get(reverse("voice:track"), {"code": message.code})
    assert response.status_code == 200  # held back, not redirected to the message
    assert "چند دقیقه صبر کنید" in response.content.decode()


def test_behind_a_trusted_proxy_each_citizen_has_their_own_limit(rudsar, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAVABET_VOICE_LIMITS = {"ip": (1, 600)}
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    url = reverse("voice:contact", args=["rudsar"])
    first = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    second = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert first.post(url, form_data(rudsar)).status_code == 302
    other = form_data(rudsar, form_token="b" * 32, mobile="09351112233")
    assert second.post(url, other).status_code == 302  # not the whole town as one address
    again = form_data(rudsar, form_token="c" * 32, mobile="09131112233")
    assert first.post(url, again).status_code == 429
    assert Message.objects.count() == 2
    stored = set(Message.objects.values_list("ip_hash", flat=True))
    assert stored == {hash_ip("203.0.113.5"), hash_ip("198.51.100.7")}


def test_a_forged_forwarded_for_does_not_dodge_the_limit(rudsar, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAVABET_VOICE_LIMITS = {"ip": (1, 600)}
    settings.TRUSTED_PROXIES = []
    url = reverse("voice:contact", args=["rudsar"])
    sender = Client(REMOTE_ADDR="203.0.113.5")
    first = sender.post(url, form_data(rudsar), headers={"X-Forwarded-For": "192.0.2.1"})
    assert first.status_code == 302
    forged = sender.post(
        url,
        form_data(rudsar, form_token="b" * 32, mobile="09351112233"),
        headers={"X-Forwarded-For": "192.0.2.2"},
    )
    assert forged.status_code == 429
    assert Message.objects.get().ip_hash == hash_ip("203.0.113.5")


@pytest.mark.parametrize("scope", ["ip", "mobile"])
@pytest.mark.django_db(transaction=True)
def test_a_burst_over_the_limit_stores_only_what_the_limit_allows(rudsar, settings, scope) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("threads need a database server (SQLite serialises)")
    settings.RAVABET_VOICE_LIMITS = {scope: (3, 600)}
    url = reverse("voice:contact", args=["rudsar"])
    barrier = threading.Barrier(8)
    statuses: list[int] = []

    def post(n: int) -> None:
        # One address with eight numbers, or one number from eight addresses.
        same_ip = scope == "ip"
        sender = Client(REMOTE_ADDR="203.0.113.5" if same_ip else f"198.51.100.{n + 1}")
        data = form_data(
            rudsar, form_token=f"{n:032x}", mobile=f"091211122{n:02d}" if same_ip else "09121112233"
        )
        try:
            barrier.wait()
            statuses.append(sender.post(url, data).status_code)
        finally:
            connections.close_all()  # this thread's connection

    threads = [threading.Thread(target=post, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302] * 3 + [429] * 5
    assert Message.objects.count() == 3
