"""Shared named actors for every app's tests.

A small network of three municipalities, with the people the tests talk about by name:
the Lahijan PR head (also the secretariat), a Rudsar reporter, the Rudsar PR head,
a Lahijan manager (read-only), a governorate observer and an anonymous citizen.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.dispatch import receiver
from django.test import Client
from django.test.signals import setting_changed
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_sendfile.utils import _get_sendfile as sendfile_backend

from ravabet.network.actions import save_department, save_municipality
from ravabet.network.models import Department, Membership, Municipality, Network, Role, User

PASSWORD = "a-long-test-password"

# Under pytest-xdist (`make test` runs two processes) each process is "gw0", "gw1"...: each
# gets its own Redis database (the RQ queue's keys cannot be prefixed) and cache prefix, so
# one process's flush or worker never touches the other's. The database is pytest-django's
# test_<name>_gwN; uploads go to each test's tmp_path.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER:
    _index = int(XDIST_WORKER.removeprefix("gw") or 0)
    _base, _db = django_settings.REDIS_URL.rsplit("/", 1)
    django_settings.REDIS_URL = f"{_base}/{int(_db) + _index}"
    for _cache in django_settings.CACHES.values():
        _cache["KEY_PREFIX"] = f"{_cache.get('KEY_PREFIX', '')}-{XDIST_WORKER}"
        if "redis" in str(_cache["BACKEND"]):
            _cache["LOCATION"] = django_settings.REDIS_URL
    for _queue in getattr(django_settings, "RQ_QUEUES", {}).values():
        _queue["URL"] = django_settings.REDIS_URL


def uses_rq() -> bool:
    return "RQBackend" in django_settings.TASKS["default"]["BACKEND"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "db_queue: about the database queue itself (its rows, a dead worker): run on "
        "django_tasks_db whatever RAVABET_TASKS says",
    )
    config.addinivalue_line(
        "markers", "public_cache: public pages served from the cache (off in other tests)"
    )
    config.addinivalue_line(
        "markers", "office_cache: dashboards' cards kept drawn (off in other tests)"
    )


@pytest.fixture(autouse=True)
def _test_settings(settings, request, tmp_path_factory):  # type: ignore[no-untyped-def]
    # The crisis pages a publication writes go to a temporary folder, not the checkout.
    settings.CRISIS_STATIC_ROOT = tmp_path_factory.getbasetemp() / "crisis-static"
    # A deliberately slow password hash would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Production's manifest storage needs collectstatic; tests serve files as they are.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Django sends the files' bytes, whatever the environment says a web server would do.
    settings.SENDFILE_BACKEND = "django_sendfile.backends.simple"
    sendfile_backend.cache_clear()
    # Public pages are drawn afresh in tests, so a test counts its view's own queries and
    # reads response.context; the tests marked public_cache (core/tests/test_publiccache.py)
    # serve them from the cache, as production does.
    settings.PUBLIC_CACHE = bool(request.node.get_closest_marker("public_cache"))
    # Likewise the dashboards' kept cards (office/kept.py): on in the tests marked office_cache.
    settings.OFFICE_CACHE = bool(request.node.get_closest_marker("office_cache"))


@pytest.fixture(autouse=True)
def _site_language() -> Iterator[None]:
    """Each test starts in the site's language (Persian), whatever the last test in this
    process activated: a task run in the test's thread, or a test calling activate(),
    leaves its language active for the thread, and which test runs next in a process
    depends on how xdist shares them out."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache_and_queue(request: pytest.FixtureRequest, settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Each test starts with an empty cache and queue, as its database starts empty.

    The database is rolled back after a test but a cache (Redis, or the cache table under
    transaction=True) and an RQ queue are not: a page cached or a job queued by one test
    must not reach the next. Tests about the database queue itself run on it.
    """
    if request.node.get_closest_marker("db_queue"):
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    wants_db = [n for n in ("transactional_db", "db") if n in request.fixturenames]
    if wants_db:
        request.getfixturevalue(wants_db[0])  # database access first, as the test has it
    if wants_db or request.node.get_closest_marker("django_db"):
        from django.core.cache import cache

        cache.clear()
    if uses_rq():
        import django_rq

        django_rq.get_queue("default").connection.flushdb()
    yield


@receiver(setting_changed)
def _sendfile_root_follows_media_root(setting: str, value: object, **kwargs: object) -> None:
    # Tests put uploads in a temporary MEDIA_ROOT; files are only sent from inside it.
    if setting == "MEDIA_ROOT":
        django_settings.SENDFILE_ROOT = str(value)
    if setting == "SENDFILE_BACKEND":
        sendfile_backend.cache_clear()


def make_municipality(slug: str, name: str, name_en: str, county: str) -> Municipality:
    return save_municipality(
        Municipality(slug=slug, name=name, name_en=name_en, county=county, province="گیلان")
    )


def make_user(username: str, first: str = "", last: str = "") -> User:
    return User.objects.create_user(username, password=PASSWORD, first_name=first, last_name=last)


def membership_queries(queries: CaptureQueriesContext) -> list[str]:
    """The captured queries that read the membership table (rights come from one)."""
    table = Membership._meta.db_table
    return [q["sql"] for q in queries.captured_queries if table in q["sql"]]


@pytest.fixture
def lahijan(db) -> Municipality:  # type: ignore[no-untyped-def]
    return make_municipality("lahijan", "لاهیجان", "Lahijan", "لاهیجان")


@pytest.fixture
def rudsar(db) -> Municipality:  # type: ignore[no-untyped-def]
    return make_municipality("rudsar", "رودسر", "Rudsar", "رودسر")


@pytest.fixture
def kelachay(db) -> Municipality:  # type: ignore[no-untyped-def]
    return make_municipality("kelachay", "کلاچای", "Kelachay", "رودسر")


@pytest.fixture
def east_gilan(lahijan: Municipality, rudsar: Municipality, kelachay: Municipality) -> Network:
    network = Network.objects.create(
        slug="east-gilan",
        name="شبکه روابط عمومی شهرداری‌های شرق گیلان",
        name_en="Eastern Gilan Municipal PR Network",
        province="گیلان",
        host=lahijan,
    )
    network.members.add(lahijan, rudsar, kelachay)
    return network


@pytest.fixture
def lahijan_green(lahijan: Municipality) -> Department:
    return save_department(Department(municipality=lahijan, name="فضای سبز", name_en="Green space"))


@pytest.fixture
def rudsar_services(rudsar: Municipality) -> Department:
    return save_department(
        Department(municipality=rudsar, name="خدمات شهری", name_en="Urban services")
    )


@pytest.fixture
def lahijan_head(east_gilan: Network, lahijan: Municipality) -> User:
    user = make_user("lahijan-head", "مهدی", "رضوانی")
    Membership.objects.create(user=user, role=Role.PR_HEAD, municipality=lahijan)
    Membership.objects.create(user=user, role=Role.SECRETARIAT, network=east_gilan)
    return user


@pytest.fixture
def lahijan_manager(east_gilan: Network, lahijan: Municipality) -> User:
    user = make_user("lahijan-manager", "کامران", "جعفری")
    Membership.objects.create(user=user, role=Role.MANAGER, municipality=lahijan)
    return user


@pytest.fixture
def rudsar_head(east_gilan: Network, rudsar: Municipality) -> User:
    user = make_user("rudsar-head", "علی", "نوروزی")
    Membership.objects.create(user=user, role=Role.PR_HEAD, municipality=rudsar)
    return user


@pytest.fixture
def rudsar_reporter(east_gilan: Network, rudsar: Municipality) -> User:
    user = make_user("rudsar-reporter", "نگار", "صفری")
    Membership.objects.create(user=user, role=Role.PR_STAFF, municipality=rudsar)
    return user


@pytest.fixture
def observer(east_gilan: Network) -> User:
    user = make_user("observer", "بهرام", "اسدی")
    Membership.objects.create(user=user, role=Role.OBSERVER, network=east_gilan)
    return user


@pytest.fixture
def citizen(client: Client) -> Client:
    """An anonymous visitor: no account, no session."""
    return client


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    def login(user: User) -> Client:
        logged_in = Client()
        logged_in.force_login(user)
        return logged_in

    return login


@dataclass
class SMTPServer:
    """A real SMTP server on a free local port; `messages` are what it received."""

    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    refuse: bool = False  # answer every RCPT with a temporary failure, like a full mailbox


class _Collector:
    def __init__(self, server: SMTPServer) -> None:
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if self.server.refuse:
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        message = message_from_bytes(envelope.content, policy=email_policy.default)
        assert isinstance(message, EmailMessage)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.server.messages.append(message)
        return "250 Message accepted"


@pytest.fixture
def smtp_server(settings) -> Iterator[SMTPServer]:  # type: ignore[no-untyped-def]
    """Django's SMTP backend pointed at a real server running in this process."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = SMTPServer("127.0.0.1", port)
    controller = Controller(_Collector(server), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def run_tasks() -> Callable[[], int]:
    """Run every queued task the way the worker does (database queue), then return.

    Tasks are enqueued on commit: in a test wrapped in a transaction, enqueue inside
    `django_capture_on_commit_callbacks(execute=True)` first.
    """
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    def run() -> int:
        if uses_rq():
            return run_rq()
        waiting = DBTaskResult.objects.ready().count()
        # The worker closes connections it thinks stale, as a request does; inside the
        # test's transaction that would drop it, so (as Django's test client does for
        # requests) keep it open.
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        return waiting

    def run_rq() -> int:
        # RQ's worker in burst mode (it stops when the queue is empty), in this process
        # (SimpleWorker does not fork), so the tasks see the test's transaction.
        import django_rq
        from django_tasks_rq.backend import Job
        from rq import SimpleWorker

        queue = django_rq.get_queue("default", job_class=Job)
        ran = 0
        while queue.count:
            ran += queue.count
            with mock.patch("django.db.close_old_connections"):
                SimpleWorker([queue], connection=queue.connection, job_class=Job).work(
                    burst=True, with_scheduler=False, logging_level="WARNING"
                )
        return ran

    return run


# The browser: Debian's chromium driven by Playwright. Without /usr/bin/chromium the browser
# tests are skipped with a reason; under CI (RAVABET_REQUIRE_BROWSER=1) that is a failure.
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("RAVABET_REQUIRE_BROWSER") == "1":
            pytest.fail("CI requires the browser tests, but /usr/bin/chromium is not installed.")
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the live server's ORM
    # calls happen in its own thread, and fixtures finish before the loop starts.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            page.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.base = live_server.url
    yield page
    context.close()


def screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("RAVABET_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


# The suite's own byte-for-byte copy of the seed report (../shared/seed/), for tests of
# import, search and the meeting's news draft.
SEED_REPORT = Path(__file__).parent / "lib" / "tests" / "fixtures" / "000_b80ab759598c050b.txt"
