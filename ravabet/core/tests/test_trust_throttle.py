"""Issue 9, part 3: throttles that hold and do not lock out the innocent.

The login pause survives any amount of other cache traffic, is per account and address
together (a stranger cannot lock the owner out), covers the admin's login too, ends after
the configured time, and reads X-Forwarded-For only from a trusted proxy.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from string import ascii_lowercase

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.test import Client
from django.utils import timezone

from ravabet.conftest import PASSWORD, make_user
from ravabet.core import throttle
from ravabet.core.addresses import client_ip
from ravabet.core.models import RateCounter
from ravabet.core.tasks import PERIODIC, prune_rate_counters
from ravabet.core.tests.test_settings import PRODUCTION, _manage

ATTACKER = "203.0.113.5"
OTHER = "198.51.100.7"
OWNER = "198.51.100.7"
PROXY = "10.0.0.2"
PAUSED = "تلاش‌های ناموفق"


def at(address: str, forwarded_for: str | None = None) -> Client:
    if forwarded_for is None:
        return Client(REMOTE_ADDR=address)
    return Client(REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=forwarded_for)


def log_in(client: Client, username: str, password: str, url: str = "/login/") -> str:
    response = client.post(url, {"username": username, "password": password})
    return response.content.decode() if response.status_code == 200 else ""


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail_five_times(client: Client, username: str = "rudsar-reporter", url: str = "/login/"):
    for _ in range(5):
        client.post(url, {"username": username, "password": "wrong"})


def fill_the_cache(writes: int = 10_000) -> None:
    # What ordinary traffic does to the database cache (MAX_ENTRIES): it culls, the keys
    # first in order, so the other keys' names are spread over the whole alphabet. Redis
    # (RAVABET_CACHE=redis) evicts under memory pressure or forgets all on a restart: that.
    cache.set("a-key-written-before", 1, 3600)
    if "redis" in str(settings.CACHES["default"]["BACKEND"]).lower():
        cache.clear()
        writes = 0
    options: dict[str, int] = settings.CACHES["default"].get("OPTIONS", {})  # type: ignore[assignment]
    most = options.get("MAX_ENTRIES", 300)
    writes = max(writes, 2 * most) if writes else 0
    for start in range(0, writes, 1000):
        keys = {f"{ascii_lowercase[i % 26]}-other-{i}": i for i in range(start, start + 1000)}
        cache.set_many(keys, 3600)
    assert cache.get("a-key-written-before") is None  # the writes did evict


@pytest.fixture
def site_admin(db):
    admin = make_user("site-admin")
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    return admin


def test_a_paused_pair_survives_ten_thousand_other_cache_writes(rudsar_reporter):
    attacker = at(ATTACKER)
    fail_five_times(attacker)
    fill_the_cache()
    page = log_in(attacker, "rudsar-reporter", PASSWORD)
    assert PAUSED in page
    assert not logged_in(attacker)
    # And no new guesses are counted while it holds: still paused after more tries.
    fail_five_times(attacker)
    assert PAUSED in log_in(attacker, "rudsar-reporter", PASSWORD)


def test_a_paused_address_survives_thousands_of_other_cache_writes(rudsar_reporter, settings):
    settings.LOGIN_FAILURES_PER_IP = 6
    attacker = at(ATTACKER)
    for i in range(6):
        attacker.post("/login/", {"username": f"guess-{i}", "password": "wrong"})
    fill_the_cache(3000)  # ten times what the cache holds; the pair test does 10,000
    assert PAUSED in log_in(attacker, "rudsar-reporter", PASSWORD)
    assert not logged_in(attacker)


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out_elsewhere(rudsar_reporter):
    fail_five_times(at(ATTACKER))
    owner = at(OWNER)
    assert log_in(owner, "rudsar-reporter", PASSWORD) == ""  # redirected into the office
    assert logged_in(owner)


def test_a_paused_pair_is_refused_even_with_the_right_password(rudsar_reporter, rudsar_head):
    attacker = at(ATTACKER)
    fail_five_times(attacker)
    response = attacker.post("/login/", {"username": "rudsar-reporter", "password": PASSWORD})
    assert response.status_code == 200  # the form, saying why; not a bare error page
    page = response.content.decode()
    assert PAUSED in page
    assert "۱۵ دقیقه" in page
    assert 'name="username"' in page
    assert not logged_in(attacker)
    # Only that pair: another account from the same address (an office's NAT) still gets in.
    assert log_in(attacker, "rudsar-head", PASSWORD) == ""
    assert logged_in(attacker)


def test_the_fifth_failure_already_says_the_login_is_paused(rudsar_reporter):
    attacker = at(ATTACKER)
    for _ in range(4):
        assert PAUSED not in log_in(attacker, "rudsar-reporter", "wrong")
    response = attacker.post("/login/", {"username": "rudsar-reporter", "password": "wrong"})
    assert response.status_code == 200
    assert PAUSED in response.content.decode()


def test_the_admin_login_is_paused_per_pair_too(site_admin):
    attacker = at(ATTACKER)
    fail_five_times(attacker, "site-admin", "/admin/login/")
    assert PAUSED in log_in(attacker, "site-admin", PASSWORD, "/admin/login/")
    assert not logged_in(attacker)
    # The site's own login is the same lock: the admin's page is no way around it.
    assert PAUSED in log_in(attacker, "site-admin", PASSWORD)
    owner = at(OWNER)
    assert log_in(owner, "site-admin", PASSWORD, "/admin/login/") == ""
    assert logged_in(owner)


def test_a_city_behind_one_address_is_not_locked_out_by_twenty_failures(rudsar_reporter):
    # Twenty people behind one NAT mistype their own passwords: nobody else is shut out.
    city = at(ATTACKER)
    for i in range(20):
        city.post("/login/", {"username": f"clerk-{i}", "password": "wrong"})
    assert log_in(city, "rudsar-reporter", PASSWORD) == ""
    assert logged_in(city)


def test_the_pause_ends_after_the_configured_time(rudsar_reporter, settings):
    settings.LOGIN_THROTTLE_SECONDS = 600
    attacker = at(ATTACKER)
    fail_five_times(attacker)
    assert PAUSED in log_in(attacker, "rudsar-reporter", PASSWORD)
    assert "۱۰ دقیقه" in log_in(attacker, "rudsar-reporter", PASSWORD)  # minutes, from the setting
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=599))
    assert PAUSED in log_in(attacker, "rudsar-reporter", PASSWORD)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=2))
    assert log_in(attacker, "rudsar-reporter", PASSWORD) == ""
    assert logged_in(attacker)


def test_the_address_pause_ends_after_the_configured_time(rudsar_reporter, settings):
    settings.LOGIN_FAILURES_PER_IP = 3
    attacker = at(ATTACKER)
    for i in range(3):
        attacker.post("/login/", {"username": f"guess-{i}", "password": "wrong"})
    assert PAUSED in log_in(attacker, "rudsar-reporter", PASSWORD)
    window = timedelta(seconds=settings.LOGIN_THROTTLE_SECONDS)
    RateCounter.objects.update(
        window_start=F("window_start") - 2 * window, expires_at=F("expires_at") - 2 * window
    )
    assert log_in(attacker, "rudsar-reporter", PASSWORD) == ""


def test_a_forged_forwarded_for_is_ignored_without_a_trusted_proxy(rudsar_reporter, settings):
    settings.TRUSTED_PROXIES = []
    attacker = at(ATTACKER)
    # A new forged address on every try cannot spread the guesses over many counters...
    for i in range(5):
        attacker.post(
            "/login/",
            {"username": "rudsar-reporter", "password": "wrong"},
            headers={"X-Forwarded-For": f"192.0.2.{i}"},
        )
    assert PAUSED in log_in(attacker, "rudsar-reporter", PASSWORD)
    # ...nor put them on the owner's address.
    for _ in range(5):
        attacker.post(
            "/login/",
            {"username": "rudsar-reporter", "password": "wrong"},
            headers={"X-Forwarded-For": OWNER},
        )
    owner = at(OWNER)
    assert log_in(owner, "rudsar-reporter", PASSWORD) == ""
    assert logged_in(owner)


def test_forwarded_for_is_honoured_behind_a_trusted_proxy(rudsar_reporter, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    through_proxy = at(PROXY)
    for _ in range(5):
        # The client wrote the owner's address; the proxy appended the one it saw.
        through_proxy.post(
            "/login/",
            {"username": "rudsar-reporter", "password": "wrong"},
            headers={"X-Forwarded-For": f"{OWNER}, {ATTACKER}"},
        )
    attacker = at(PROXY, ATTACKER)
    assert PAUSED in log_in(attacker, "rudsar-reporter", PASSWORD)
    # The owner, through the same proxy, is a different address: not paused.
    owner = at(PROXY, OWNER)
    assert log_in(owner, "rudsar-reporter", PASSWORD) == ""
    assert logged_in(owner)


def test_the_client_address_is_read_from_the_right(settings):
    class Request:
        def __init__(self, remote: str, forwarded: str | None = None) -> None:
            self.META = {"REMOTE_ADDR": remote}
            if forwarded is not None:
                self.META["HTTP_X_FORWARDED_FOR"] = forwarded

    settings.TRUSTED_PROXIES = []
    assert client_ip(Request(ATTACKER, OWNER)) == ATTACKER
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1/32"]
    # Two proxies (a load balancer, then nginx on this host): the client is left of them.
    assert client_ip(Request("127.0.0.1", f"{OWNER}, {ATTACKER}, 10.1.2.3")) == ATTACKER
    assert client_ip(Request("127.0.0.1", f"{ATTACKER}:51234")) == ATTACKER
    assert client_ip(Request("127.0.0.1", "[2001:db8::7]:443")) == "2001:db8::7"
    # A connection that did not come through a trusted proxy: its header is nobody's word.
    assert client_ip(Request(ATTACKER, OWNER)) == ATTACKER
    # Garbage where a proxy would have written an address: stop at the last trusted hop.
    assert client_ip(Request("10.0.0.2", f"{OWNER}, not-an-address")) == "10.0.0.2"
    assert client_ip(Request("10.0.0.2")) == "10.0.0.2"
    assert client_ip(Request("::ffff:203.0.113.5")) == ATTACKER
    assert client_ip(Request("")) == ""
    assert client_ip(None) == ""


def test_an_ipv6_sender_is_counted_per_slash_64(db):
    for suffix in range(3):
        throttle.hit("test:scope", f"2001:db8:1:2::{suffix + 1}", 600)
    assert throttle.is_limited("test:scope", "2001:db8:1:2:ffff::9", 3, 600)
    assert not throttle.is_limited("test:scope", "2001:db8:1:3::1", 1, 600)


def test_counters_hold_no_address_and_old_ones_are_pruned(db):
    throttle.hit("test:scope", ATTACKER, 600)
    row = RateCounter.objects.get()
    assert ATTACKER not in row.key_hash
    assert row.count == 1
    throttle.hit("test:scope", ATTACKER, 600)
    assert RateCounter.objects.get().count == 2  # one row per sender, incremented
    assert prune_rate_counters in PERIODIC
    prune_rate_counters.call()
    assert RateCounter.objects.count() == 1  # its window is still running
    RateCounter.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    prune_rate_counters.call()
    assert not RateCounter.objects.exists()


def test_a_window_opens_at_the_first_hit_and_a_new_one_after_it(db):
    for _ in range(3):
        throttle.hit("test:scope", ATTACKER, 600)
    assert throttle.count("test:scope", ATTACKER, 600) == 3
    assert throttle.is_limited("test:scope", ATTACKER, 3, 600)
    RateCounter.objects.update(window_start=F("window_start") - timedelta(seconds=601))
    assert throttle.count("test:scope", ATTACKER, 600) == 0
    throttle.hit("test:scope", ATTACKER, 600)
    row = RateCounter.objects.get()
    assert row.count == 1
    assert row.window_start > timezone.now() - timedelta(seconds=5)
    assert row.expires_at == row.window_start + timedelta(seconds=600)


@pytest.mark.django_db(transaction=True)
def test_hits_at_the_same_moment_all_count():
    from django.db import connection, connections

    if connection.vendor == "sqlite":
        pytest.skip("in-memory SQLite locks whole tables; the UPDATE is one statement there too")
    barrier = threading.Barrier(6)

    def hit() -> None:
        try:
            barrier.wait()
            throttle.hit("test:scope", ATTACKER, 600)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert throttle.count("test:scope", ATTACKER, 600) == 6


def test_take_counts_up_to_the_limit_then_refuses_and_counts_nothing(db):
    assert [throttle.take("test:scope", ATTACKER, 2, 600) for _ in range(4)] == [
        True,
        True,
        False,
        False,
    ]
    assert throttle.count("test:scope", ATTACKER, 600) == 2
    RateCounter.objects.update(window_start=F("window_start") - timedelta(seconds=601))
    assert throttle.take("test:scope", ATTACKER, 2, 600)  # a new window
    assert throttle.count("test:scope", ATTACKER, 600) == 1


def test_a_take_keeps_the_window_and_expiry_and_a_new_window_resets_them(db):
    throttle.take("test:scope", ATTACKER, 5, 600)
    first = RateCounter.objects.get()
    throttle.take("test:scope", ATTACKER, 5, 600)
    same = RateCounter.objects.get()
    assert (same.count, same.window_start, same.expires_at) == (
        2,
        first.window_start,
        first.expires_at,
    )
    RateCounter.objects.update(window_start=F("window_start") - timedelta(seconds=601))
    throttle.take("test:scope", ATTACKER, 5, 600)
    renewed = RateCounter.objects.get()
    assert renewed.count == 1 and renewed.window_start > first.window_start
    assert renewed.expires_at - renewed.window_start == timedelta(seconds=600)


def test_any_limited_asks_for_several_senders_in_one_query(db, django_assert_num_queries):
    throttle.take("test:a", ATTACKER, 2, 600)
    throttle.take("test:a", ATTACKER, 2, 600)  # full
    throttle.take("test:b", OTHER, 2, 600)  # one left
    with django_assert_num_queries(1):
        assert throttle.any_limited([("test:b", OTHER, 2, 600), ("test:a", ATTACKER, 2, 600)])
    assert not throttle.any_limited([("test:b", OTHER, 2, 600), ("test:a", OTHER, 2, 600)])
    # The same sender in another scope is another counter.
    assert not throttle.any_limited([("test:b", ATTACKER, 2, 600)])
    # A window that ended limits no more.
    RateCounter.objects.update(window_start=F("window_start") - timedelta(seconds=601))
    assert not throttle.any_limited([("test:a", ATTACKER, 2, 600)])
    assert throttle.any_limited([("test:a", ATTACKER, 0, 600)])  # allowed nothing


def test_a_take_in_a_transaction_that_rolls_back_is_taken_back(db):
    from django.db import transaction

    throttle.take("test:scope", ATTACKER, 2, 600)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert throttle.take("test:scope", ATTACKER, 2, 600)
        raise RuntimeError("the action failed")
    assert throttle.count("test:scope", ATTACKER, 600) == 1


@pytest.mark.django_db(transaction=True)
def test_takes_at_the_same_moment_never_pass_more_than_the_limit():
    from django.db import connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("threads need a database server (SQLite serialises)")
    barrier = threading.Barrier(8)
    taken: list[bool] = []

    def take() -> None:
        try:
            barrier.wait()
            with transaction.atomic():  # as an action takes it: the row locked to the commit
                taken.append(throttle.take("test:scope", ATTACKER, 3, 600))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken) == [False] * 5 + [True] * 3
    assert throttle.count("test:scope", ATTACKER, 600) == 3


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("RAVABET_TRUSTED_PROXIES", "10.0.0.300", "RAVABET_TRUSTED_PROXIES"),
        ("RAVABET_TRUSTED_PROXIES", "10.0.0.1/8", "RAVABET_TRUSTED_PROXIES"),
        ("RAVABET_LOGIN_FAILURES_PER_IP", "0", "RAVABET_LOGIN_FAILURES_PER_IP"),
    ],
)
def test_a_bad_throttle_or_proxy_setting_stops_start_up_plainly(variable, value, named):
    result = _manage("check", **PRODUCTION, **{variable: value})
    assert result.returncode != 0
    assert named in result.stderr
    assert "Traceback" not in result.stderr


def test_a_good_trusted_proxy_list_passes_the_deploy_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        RAVABET_BEHIND_PROXY="1",
        RAVABET_TRUSTED_PROXIES="10.0.0.0/8, 2001:db8::/32",
    )
    assert result.returncode == 0, result.stdout + result.stderr
