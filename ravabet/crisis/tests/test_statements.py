"""Statements: only verified facts, only the spokesperson approves, numbers with no gap or
repeat, every channel at once, a failed one retried and never sent twice."""

from __future__ import annotations

import pytest
from django.db import connection

from ravabet.crisis import actions
from ravabet.crisis.models import (
    Channel,
    Fact,
    Publication,
    Statement,
    StatementStatus,
    StepStatus,
    Template,
)
from ravabet.crisis.tests.conftest import approved_statement, open_flood
from ravabet.media.models import Delivery, DeliveryStatus
from ravabet.newsroom.models import ChannelPost, NewsItem, PostStatus
from ravabet.newsroom.models import Kind as NewsKind
from ravabet.notifications.models import Kind as Notice
from ravabet.notifications.models import Notification


def test_a_statement_cites_only_verified_facts(client_for, flood, lahijan_head):
    fact = actions.add_fact(flood, lahijan_head, text="یک نفر مصدوم شد", source="شنیده‌ها")
    statement = actions.draft_statement(flood, lahijan_head, template=Template.HOLDING)
    assert list(statement.facts.all()) == []  # the unverified fact is not cited
    client = client_for(lahijan_head)
    response = client.post(
        statement.get_absolute_url(),
        {
            "title": statement.title,
            "known": statement.known,
            "doing": "کار می‌کنیم",
            "next_update": "ساعت ۱۸",
            "facts": [fact.pk],
        },
    )
    assert response.status_code == 400
    assert "تأیید" in response.content.decode()
    statement.refresh_from_db()
    assert statement.doing != "کار می‌کنیم"  # nothing half-saved
    with pytest.raises(actions.CrisisError):
        actions.save_statement(statement, lahijan_head, facts=[fact])


def test_only_the_spokesperson_approves(client_for, lahijan, lahijan_head, lahijan_manager):
    incident = open_flood(lahijan, lahijan_head, spokesperson=lahijan_manager)
    statement = actions.draft_statement(incident, lahijan_head, template=Template.HOLDING)
    client = client_for(lahijan_head)
    response = client.post(f"/office/crisis/statements/{statement.pk}/approve/", follow=True)
    assert "سخنگو" in response.content.decode()
    statement.refresh_from_db()
    assert statement.status == StatementStatus.DRAFT
    # Publishing without approval is refused with its reason.
    response = client.post(f"/office/crisis/statements/{statement.pk}/publish/", follow=True)
    assert "تأیید نکرده" in response.content.decode()
    assert Statement.objects.get(pk=statement.pk).number is None
    # Sent for approval, the spokesperson hears of it and approves (a manager: read-only).
    client.post(f"/office/crisis/statements/{statement.pk}/submit/")
    assert Notification.objects.filter(
        user=lahijan_manager, kind=Notice.STATEMENT_AWAITING
    ).exists()
    client_for(lahijan_manager).post(f"/office/crisis/statements/{statement.pk}/approve/")
    statement.refresh_from_db()
    assert statement.status == StatementStatus.APPROVED
    assert statement.approved_by == lahijan_manager


def test_publishing_goes_to_every_channel_and_numbers_run(
    client_for,
    flood,
    lahijan_head,
    lahijan_manager,
    lahijan_channel,
    bot_api,
    journalists,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    client = client_for(lahijan_head)
    first = approved_statement(flood, lahijan_head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/office/crisis/statements/{first.pk}/publish/")
    run_tasks()
    first.refresh_from_db()
    assert (first.status, first.number) == (StatementStatus.PUBLISHED, 1)
    steps = {p.channel: p.status for p in Publication.objects.filter(statement=first)}
    assert steps == dict.fromkeys(Channel.values, StepStatus.DONE)
    item = NewsItem.objects.get()
    assert item.kind == NewsKind.STATEMENT and item.status == "published"
    assert "شماره ۱" in item.title
    assert len(bot_api.calls) == 1
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "hamid@example.org",
        "sara@example.org",
    ]
    # The banner on the public pages.
    assert "شماره ۱" in client_for(lahijan_head).get("/m/lahijan/").content.decode()
    # A double submit is told it went out; nothing goes out twice.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/office/crisis/statements/{first.pk}/publish/", follow=True)
    assert "پیش‌تر" in response.content.decode()
    run_tasks()
    assert len(bot_api.calls) == 1 and len(smtp_server.messages) == 2
    second = approved_statement(flood, lahijan_head)
    actions.publish_statement(second, lahijan_head, base_url="http://testserver")
    assert Statement.objects.get(pk=second.pk).number == 2
    assert Notification.objects.filter(
        user=lahijan_manager, kind=Notice.STATEMENT_PUBLISHED
    ).exists()


def test_a_failed_channel_is_retried_and_never_sent_twice(
    client_for,
    flood,
    lahijan_head,
    lahijan_channel,
    bot_api,
    journalists,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    bot_api.fail_with = (502, "Bad Gateway")
    statement = approved_statement(flood, lahijan_head)
    client = client_for(lahijan_head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/office/crisis/statements/{statement.pk}/publish/")
    run_tasks()
    post = ChannelPost.objects.get()
    assert post.status == PostStatus.FAILED
    # The others went out.
    assert len(smtp_server.messages) == 2
    assert NewsItem.objects.get().status == "published"
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "Bad Gateway" in page
    assert page.count('data-testid="retry"') == 1  # only the failed channel offers it
    bot_api.fail_with = None
    messenger = Publication.objects.get(statement=statement, channel=Channel.MESSENGER)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/office/crisis/publications/{messenger.pk}/retry/")
    run_tasks()
    post.refresh_from_db()
    assert post.status == PostStatus.SENT
    assert len(bot_api.calls) == 1
    # A second retry finds nothing failed and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/office/crisis/publications/{messenger.pk}/retry/", follow=True)
    run_tasks()
    assert "دوباره فرستاده نمی‌شود" in response.content.decode()
    assert len(bot_api.calls) == 1
    journalists_step = Publication.objects.get(statement=statement, channel=Channel.JOURNALISTS)
    assert journalists_step.distribution is not None
    assert set(
        Delivery.objects.filter(distribution=journalists_step.distribution).values_list(
            "status", flat=True
        )
    ) == {DeliveryStatus.SENT}


def test_a_channel_not_set_up_is_said_and_the_rest_go_out(flood, lahijan_head):
    statement = approved_statement(flood, lahijan_head)
    actions.publish_statement(statement, lahijan_head, base_url="http://testserver")
    steps = {p.channel: p for p in Publication.objects.filter(statement=statement)}
    assert steps[Channel.NEWSROOM].status == StepStatus.DONE
    assert steps[Channel.MESSENGER].status == StepStatus.SKIPPED
    assert steps[Channel.MESSENGER].reason
    assert steps[Channel.JOURNALISTS].status == StepStatus.SKIPPED


def test_a_published_statement_is_superseded_never_changed(client_for, flood, lahijan_head):
    first = approved_statement(flood, lahijan_head)
    actions.publish_statement(first, lahijan_head, base_url="http://testserver")
    with pytest.raises(actions.CrisisError):
        actions.save_statement(Statement.objects.get(pk=first.pk), lahijan_head, facts=[])
    response = client_for(lahijan_head).post(
        first.get_absolute_url(),
        {"title": "تغییر", "known": "x", "doing": "y", "next_update": "z"},
    )
    assert response.status_code == 400
    assert Statement.objects.get(pk=first.pk).title != "تغییر"
    newer = actions.draft_statement(
        flood, lahijan_head, template=Template.UPDATE, supersedes=Statement.objects.get(pk=first.pk)
    )
    actions.approve_statement(newer, lahijan_head)
    actions.publish_statement(newer, lahijan_head, base_url="http://testserver")
    assert Statement.objects.get(pk=first.pk).status == StatementStatus.SUPERSEDED
    assert Statement.objects.get(pk=newer.pk).number == 2


def test_retracting_a_fact_lists_the_statements_citing_it(client_for, flood, lahijan_head):
    statement = approved_statement(flood, lahijan_head)
    actions.publish_statement(statement, lahijan_head, base_url="http://testserver")
    fact = Fact.objects.get()
    response = client_for(lahijan_head).post(
        f"/office/crisis/facts/{fact.pk}/retract/", {"reason": "آتش‌نشانی اصلاح کرد"}, follow=True
    )
    assert statement.title in response.content.decode()
    fact.refresh_from_db()
    assert fact.status == "retracted" and fact.retracted_by == lahijan_head


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="threads need a database server (SQLite serialises)"
)
def test_concurrent_publishes_get_numbers_without_gaps(transactional_db, lahijan, lahijan_head):
    import threading

    from django.db import connections

    incident = open_flood(lahijan, lahijan_head)
    statements = [approved_statement(incident, lahijan_head) for _ in range(8)]
    errors: list[Exception] = []
    barrier = threading.Barrier(len(statements))

    def publish(statement: Statement) -> None:
        try:
            barrier.wait()
            actions.publish_statement(statement, lahijan_head, base_url="http://testserver")
        except Exception as error:  # recorded, asserted below
            errors.append(error)
        finally:
            connections.close_all()  # the thread's own connection

    threads = [threading.Thread(target=publish, args=(s,)) for s in statements]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Statement.objects.filter(incident=incident).values_list("number", flat=True))  # type: ignore[type-var]
    assert numbers == list(range(1, 9))


def test_a_forged_supersedes_is_told_not_a_500(client_for, flood, lahijan_head):
    client = client_for(lahijan_head)
    for value in ("abc", "99999", "1e3"):
        response = client.post(
            f"/office/crisis/{flood.pk}/statements/",
            {"template": "update", "supersedes": value},
            follow=True,
        )
        assert response.status_code == 200
    assert not Statement.objects.exists()
    assert (
        client.post(f"/office/crisis/{flood.pk}/statements/", {"template": "x"}).status_code == 400
    )
