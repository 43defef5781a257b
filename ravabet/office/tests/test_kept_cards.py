"""The dashboards' cards kept drawn (office/kept.py, core/changes.py): read again without
their queries, and never behind a write, whoever makes it."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from ravabet.core import changes
from ravabet.newsroom.models import NewsItem, Status
from ravabet.newsroom.tests.conftest import make_item
from ravabet.office import kept

pytestmark = [pytest.mark.office_cache, pytest.mark.django_db(transaction=True)]

DASHBOARD = "/office/m/rudsar/"


def view(client, path: str = DASHBOARD) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def reads(sql: list[str], table: str) -> bool:
    return any(q.lstrip().upper().startswith("SELECT") and f'"{table}"' in q for q in sql)


def cards(page: str) -> str:
    """The dashboard's cards, without the page's per-request parts (the CSRF token)."""
    return page.split('<div class="panels">', 1)[1].split("<aside>", 1)[0]


def kept_view(client, path: str = DASHBOARD) -> str:  # type: ignore[no-untyped-def]
    """A view served from kept parts: the first views of a process learn which tables the
    parts read, the next keeps them."""
    for _ in range(3):
        page, sql = view(client, path)
        if not reads(sql, "newsroom_newsitem"):
            return page
    raise AssertionError("the dashboard's parts were drawn again on every view")


def in_review(rudsar, rudsar_reporter, title: str) -> NewsItem:  # type: ignore[no-untyped-def]
    item = make_item(rudsar, rudsar_reporter, title=title)
    NewsItem.objects.filter(pk=item.pk).update(status=Status.IN_REVIEW)
    return item


def test_a_second_view_reads_none_of_the_parts_tables_and_shows_the_same(client_for, rudsar_head):
    client = client_for(rudsar_head)
    drawn, _sql = view(client)
    page = kept_view(client)
    assert cards(page) == cards(drawn)
    _page, sql = view(client)
    for table in ("newsroom_newsitem", "voice_message", "meetings_resolution", "events_event"):
        assert not reads(sql, table), table
    # The page's own parts still run: the access check, the team, the departments.
    assert reads(sql, "network_membership") and reads(sql, "network_department")


def test_a_write_by_any_code_shows_at_once(client_for, rudsar_head, rudsar_reporter, rudsar):
    client = client_for(rudsar_head)
    assert "پل معلق تازه" not in kept_view(client)
    # A plain QuerySet.update(), as a task or the admin might make: no action is told.
    item = in_review(rudsar, rudsar_reporter, "پل معلق تازه")
    assert "پل معلق تازه" in view(client)[0]
    NewsItem.objects.filter(pk=item.pk).update(title="پل معلق بازسازی‌شده")
    page = view(client)[0]
    assert "پل معلق بازسازی‌شده" in page and "پل معلق تازه" not in page
    NewsItem.objects.filter(pk=item.pk).delete()
    assert "پل معلق بازسازی‌شده" not in view(client)[0]


def test_a_write_in_a_transaction_shows_once_it_commits_and_never_if_rolled_back(
    client_for, rudsar_head, rudsar_reporter, rudsar
):
    client = client_for(rudsar_head)
    kept_view(client)
    with pytest.raises(RuntimeError), transaction.atomic():
        in_review(rudsar, rudsar_reporter, "خبری که هرگز ثبت نشد")
        # Drawn inside the transaction, which sees its own row: not kept.
        assert "خبری که هرگز ثبت نشد" in view(client)[0]
        raise RuntimeError
    assert "خبری که هرگز ثبت نشد" not in view(client)[0]
    with transaction.atomic():
        in_review(rudsar, rudsar_reporter, "خبری که ثبت شد")
    assert "خبری که ثبت شد" in view(client)[0]


def test_a_transaction_of_many_writes_changes_a_table_once(rudsar, rudsar_reporter):
    with transaction.atomic():
        for n in range(5):
            in_review(rudsar, rudsar_reporter, f"خبر {n}")
        ours = [
            entry[1]  # (savepoint ids, function, robust)
            for entry in connection.run_on_commit
            if getattr(entry[1], "func", None) is changes.changed
        ]
        newsroom = [f for f in ours if "newsroom_newsitem" in f.args[0]]  # type: ignore[attr-defined]
        assert len(newsroom) == 1


def unseen_write(monkeypatch, item: NewsItem) -> None:  # type: ignore[no-untyped-def]
    """A change no watcher saw: another program on the database, or what time alone
    changes (what is due today)."""
    with monkeypatch.context() as patched:
        patched.setattr(changes, "changed", lambda tables: None)
        NewsItem.objects.filter(pk=item.pk).update(status=Status.IN_REVIEW)
        changes.flush(connection)  # its second change too, while it is unseen


def test_an_evicted_version_draws_the_parts_again(
    client_for, rudsar_head, rudsar_reporter, rudsar, monkeypatch
):
    client = client_for(rudsar_head)
    item = make_item(rudsar, rudsar_reporter, title="تغییر از بیرون")
    kept_view(client)
    unseen_write(monkeypatch, item)
    assert "تغییر از بیرون" not in view(client)[0]  # kept: no write was seen
    # The cache drops every version: a part must not match its old entry by chance.
    cache.delete_many([changes._key(t) for t in changes.watched_tables()])
    assert "تغییر از بیرون" in view(client)[0]


def test_a_kept_part_is_drawn_again_after_its_age_limit(
    client_for, rudsar_head, rudsar_reporter, rudsar, monkeypatch
):
    client = client_for(rudsar_head)
    item = make_item(rudsar, rudsar_reporter, title="خبر دیررس")
    kept_view(client)
    unseen_write(monkeypatch, item)
    assert "خبر دیررس" not in view(client)[0]
    started = kept.time.time()
    monkeypatch.setattr(kept.time, "time", lambda: started + kept.MAX_AGE + 1)
    assert "خبر دیررس" in view(client)[0]


def test_each_person_and_language_has_its_own_kept_parts(client_for, rudsar_head, rudsar_reporter):
    head, reporter = client_for(rudsar_head), client_for(rudsar_reporter)
    persian = kept_view(head)
    # The reporter's rights differ (the workload card asks for their own months): the
    # head's kept parts are not theirs, so their first view draws.
    _page, sql = view(reporter)
    assert reads(sql, "newsroom_newsitem")
    head.cookies["django_language"] = "en"
    english, sql = view(head)
    assert reads(sql, "newsroom_newsitem")
    assert "Published lately" in english and "Published lately" not in persian


def test_another_municipality_never_reads_rudsars_kept_parts(
    client_for, rudsar_head, rudsar_reporter, rudsar, lahijan_head
):
    in_review(rudsar, rudsar_reporter, "خبر داخلی رودسر")
    rudsar_client, lahijan_client = client_for(rudsar_head), client_for(lahijan_head)
    assert "خبر داخلی رودسر" in kept_view(rudsar_client)
    assert lahijan_client.get(DASHBOARD).status_code == 404
    assert "خبر داخلی رودسر" not in kept_view(lahijan_client, "/office/m/lahijan/")
    assert "خبر داخلی رودسر" not in kept_view(lahijan_client, "/office/n/east-gilan/")


@pytest.mark.parametrize(
    ("sql", "tables"),
    [
        ('INSERT INTO "newsroom_newsitem" ("title") VALUES (%s)', {"newsroom_newsitem"}),
        ('INSERT OR IGNORE INTO "voice_message" ("x") VALUES (%s)', {"voice_message"}),
        (
            'UPDATE "voice_message" SET "status" = %s WHERE "id" IN (SELECT "id" FROM '
            '"newsroom_newsitem")',
            {"voice_message"},
        ),
        ('DELETE FROM "events_task" WHERE "id" = %s', {"events_task"}),
        ("WITH x AS (SELECT 1) UPDATE voice_message SET status = 1", {"voice_message"}),
        ('SELECT "id" FROM "voice_message"', set()),
        ('SAVEPOINT "s1"', set()),
        ('UPDATE "django_session" SET "session_data" = %s', set()),
        ('DELETE FROM "ravabet_cache" WHERE "cache_key" = %s', set()),
    ],
)
def test_what_a_statement_writes(sql: str, tables: set[str]) -> None:
    assert changes.tables_written(sql) == tables


def test_a_cache_that_cannot_be_reached_costs_the_drawing_not_the_page(
    client_for, rudsar_head, rudsar_reporter, rudsar, monkeypatch
):
    client = client_for(rudsar_head)
    kept_view(client)

    def down(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(changes.cache, "get_many", down)
    monkeypatch.setattr(changes.cache, "set_many", down)
    in_review(rudsar, rudsar_reporter, "خبر در نبود حافظه")  # its writes succeed too
    page, sql = view(client)
    assert "خبر در نبود حافظه" in page and reads(sql, "newsroom_newsitem")
