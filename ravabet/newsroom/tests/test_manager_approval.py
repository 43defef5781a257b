"""A manager's approval after the PR head's (issue 11, section 2): the setting, the queue,
approving and returning, every way of publishing refused without it, and who may do what."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from ravabet.conftest import make_user
from ravabet.network.models import Membership, Role
from ravabet.newsroom import actions
from ravabet.newsroom.models import (
    ApprovalRecord,
    ApprovalStep,
    Kind,
    NewsItem,
    NewsroomSettings,
    Revision,
    Status,
)
from ravabet.office.tests.panel_queries import render_part

from .conftest import make_item

STATEMENT = {
    "kind": "statement",
    "category": "public_relations",
    "surtitle": "",
    "title": "بیانیه شهرداری لاهیجان درباره طرح توسعه میدان شهدا",
    "lead": "شهرداری لاهیجان درباره طرح توسعه میدان شهدا توضیح می‌دهد.",
    "body": "این طرح پس از تصویب شورا اجرا می‌شود.",
    "tags": "",
}


@pytest.fixture
def lahijan_reporter(lahijan):  # type: ignore[no-untyped-def]
    user = make_user("lahijan-reporter", "نرگس", "کاظمی")
    Membership.objects.create(user=user, role=Role.PR_STAFF, municipality=lahijan)
    return user


@pytest.fixture
def rudsar_manager(rudsar):  # type: ignore[no-untyped-def]
    user = make_user("rudsar-manager", "بهرام", "نیکو")
    Membership.objects.create(user=user, role=Role.MANAGER, municipality=rudsar)
    return user


@pytest.fixture
def statements_need_approval(lahijan, lahijan_manager):  # type: ignore[no-untyped-def]
    return NewsroomSettings.objects.create(
        municipality=lahijan, manager_approval_kinds=[Kind.STATEMENT, Kind.PRESS_RELEASE]
    )


@pytest.fixture
def statement(lahijan, lahijan_reporter, statements_need_approval):  # type: ignore[no-untyped-def]
    return make_item(lahijan, lahijan_reporter, kind=Kind.STATEMENT, title=STATEMENT["title"])


@pytest.fixture
def awaiting(statement, lahijan_head):  # type: ignore[no-untyped-def]
    actions.approve_item(statement, lahijan_head)
    statement.refresh_from_db()
    assert statement.status == Status.AWAITING_MANAGER
    return statement


def _refresh(item: NewsItem) -> NewsItem:
    item.refresh_from_db()
    return item


# The setting ----------------------------------------------------------------------


def test_the_head_lists_the_kinds_and_sees_who_approves(
    client_for, lahijan_head, lahijan_manager, lahijan
):
    client = client_for(lahijan_head)
    page = client.get("/office/m/lahijan/news/settings/").content.decode()
    assert "کامران جعفری" in page  # the manager, named on the page
    response = client.post(
        "/office/m/lahijan/news/settings/",
        {"channel": "telegram", "manager_approval_kinds": ["statement", "press_release"]},
    )
    assert response.status_code == 302
    config = NewsroomSettings.objects.get(municipality=lahijan)
    assert config.manager_approval_kinds == ["press_release", "statement"]
    page = client.get("/office/m/lahijan/news/settings/").content.decode()
    ticked = re.findall(
        r'<input type="checkbox" name="manager_approval_kinds" value="(\w+)"[^>]*checked', page
    )
    assert sorted(ticked) == ["press_release", "statement"]
    # Unticking every kind turns the step off.
    client.post("/office/m/lahijan/news/settings/", {"channel": "telegram"})
    assert NewsroomSettings.objects.get(municipality=lahijan).manager_approval_kinds == []


def test_without_a_manager_the_step_cannot_be_turned_on(client_for, rudsar_head, rudsar):
    response = client_for(rudsar_head).post(
        "/office/m/rudsar/news/settings/",
        {"channel": "telegram", "manager_approval_kinds": ["statement"]},
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'class="error"' in page
    assert "نقش مدیر" in page  # "no member with the manager role"
    assert not NewsroomSettings.objects.filter(municipality=rudsar).exists()


def test_an_unknown_kind_is_refused(client_for, lahijan_head, lahijan_manager, lahijan):
    response = client_for(lahijan_head).post(
        "/office/m/lahijan/news/settings/",
        {"channel": "telegram", "manager_approval_kinds": ["gossip"]},
    )
    assert response.status_code == 200 and 'class="error"' in response.content.decode()
    assert not NewsroomSettings.objects.filter(municipality=lahijan).exists()


def test_the_settings_are_the_heads_not_the_managers(
    client_for, lahijan_manager, lahijan_reporter, lahijan
):
    assert client_for(lahijan_manager).get("/office/m/lahijan/news/settings/").status_code == 403
    assert client_for(lahijan_reporter).post("/office/m/lahijan/news/settings/").status_code == 403


# The workflow ---------------------------------------------------------------------


def test_the_heads_approval_of_a_listed_kind_waits_for_the_manager(
    client_for, lahijan_head, statement
):
    client = client_for(lahijan_head)
    page = client.get(f"/office/news/{statement.pk}/").content.decode()
    assert "تأیید و ارسال برای مدیر" in page  # "Approve and send to the manager"
    client.post(f"/office/news/{statement.pk}/approve/")
    item = _refresh(statement)
    assert (item.status, item.approved_by) == (Status.AWAITING_MANAGER, lahijan_head)
    assert item.manager_approved_at is None
    record = ApprovalRecord.objects.get(item=item)
    assert (record.step, record.actor) == (ApprovalStep.REQUESTED, lahijan_head)
    page = client.get(f"/office/news/{item.pk}/").content.decode()
    assert 'data-testid="awaiting-manager"' in page
    assert 'data-testid="manager-approve"' not in page  # the head is no manager


def test_a_kind_not_listed_is_approved_as_before(lahijan, lahijan_reporter, lahijan_head):
    NewsroomSettings.objects.create(municipality=lahijan, manager_approval_kinds=["statement"])
    news = make_item(lahijan, lahijan_reporter, kind=Kind.NEWS)
    actions.approve_item(news, lahijan_head)
    assert _refresh(news).status == Status.APPROVED
    actions.publish_item(news, lahijan_head)
    assert _refresh(news).status == Status.PUBLISHED
    assert not ApprovalRecord.objects.exists()


def test_the_manager_approves_from_the_queue_and_the_head_publishes(
    client_for, lahijan_manager, lahijan_head, awaiting, citizen
):
    manager = client_for(lahijan_manager)
    queue = manager.get("/office/m/lahijan/news/manager-approvals/").content.decode()
    assert awaiting.title in queue and 'data-testid="manager-approve"' in queue
    response = manager.post(f"/office/news/{awaiting.pk}/manager-approve/")
    assert response.status_code == 302
    assert response["Location"] == "/office/m/lahijan/news/manager-approvals/"
    item = _refresh(awaiting)
    assert item.status == Status.APPROVED
    assert item.manager_approved_by == lahijan_manager
    assert item.manager_approved_at is not None
    assert abs((timezone.now() - item.manager_approved_at).total_seconds()) < 60
    assert list(item.approval_records.values_list("step", "actor")) == [
        (ApprovalStep.APPROVED, lahijan_manager.pk),
        (ApprovalStep.REQUESTED, lahijan_head.pk),
    ]
    queue = manager.get("/office/m/lahijan/news/manager-approvals/").content.decode()
    assert awaiting.title not in queue and 'data-testid="queue-empty"' in queue
    head = client_for(lahijan_head)
    page = head.get(f"/office/news/{item.pk}/").content.decode()
    assert 'data-testid="approval-history"' in page and "کامران جعفری" in page
    assert 'data-testid="manager-approval"' in page
    head.post(f"/office/news/{item.pk}/publish/", {"at": ""})
    assert _refresh(item).status == Status.PUBLISHED
    assert item.title in citizen.get("/m/lahijan/news/").content.decode()


def test_the_manager_returns_with_a_reason(
    client_for, lahijan_manager, lahijan_head, lahijan_reporter, awaiting
):
    manager = client_for(lahijan_manager)
    revisions = awaiting.revisions.count()
    response = manager.post(f"/office/news/{awaiting.pk}/manager-return/", {"reason": "   "})
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert _refresh(awaiting).status == Status.AWAITING_MANAGER
    reason = "رقم بودجه طرح با مصوبه شورا یکی نیست؛ اصلاح شود."
    response = manager.post(f"/office/news/{awaiting.pk}/manager-return/", {"reason": reason})
    assert response.status_code == 302
    item = _refresh(awaiting)
    assert (item.status, item.approved_by, item.manager_approved_at) == (
        Status.IN_REVIEW,
        None,
        None,
    )
    assert item.revisions.count() == revisions  # the text and its revisions stay
    record = item.approval_records.first()
    assert record is not None
    assert (record.step, record.actor, record.reason) == (
        ApprovalStep.RETURNED,
        lahijan_manager,
        reason,
    )
    for user in (lahijan_head, lahijan_reporter):
        page = client_for(user).get(f"/office/news/{item.pk}/").content.decode()
        assert 'data-testid="manager-returned"' in page and reason in page
    # Both approvals again: the head's, then the manager's.
    client_for(lahijan_head).post(f"/office/news/{item.pk}/approve/")
    assert _refresh(item).status == Status.AWAITING_MANAGER


def test_the_manager_cannot_return_what_does_not_wait(client_for, lahijan_manager, statement):
    response = client_for(lahijan_manager).post(
        f"/office/news/{statement.pk}/manager-return/", {"reason": "دلیل"}, follow=True
    )
    assert "در انتظار تأیید مدیر ارشد نیست" in response.content.decode()
    assert _refresh(statement).status == Status.DRAFT
    assert not ApprovalRecord.objects.exists()


# Every way of publishing ----------------------------------------------------------


def test_publish_now_is_refused_while_it_waits(client_for, lahijan_head, awaiting):
    response = client_for(lahijan_head).post(
        f"/office/news/{awaiting.pk}/publish/", {"at": ""}, follow=True
    )
    assert "در انتظار تأیید مدیر" in response.content.decode()
    item = _refresh(awaiting)
    assert item.status == Status.AWAITING_MANAGER and item.published_at is None
    with pytest.raises(actions.WorkflowError):
        actions.publish_item(item, lahijan_head)
    assert _refresh(item).status == Status.AWAITING_MANAGER


def test_a_status_set_by_hand_does_not_publish_without_the_manager(lahijan_head, awaiting):
    """Approved by some other path (a shell, an admin page) without the manager's approval:
    the one rule in actions still refuses to publish it, now or on schedule."""
    NewsItem.objects.filter(pk=awaiting.pk).update(
        status=Status.APPROVED, publish_at=timezone.now() - timedelta(minutes=1)
    )
    item = _refresh(awaiting)
    with pytest.raises(actions.WorkflowError, match="مدیر"):
        actions.publish_item(item, lahijan_head)
    assert actions.publish_if_due(item.pk) is False
    assert _refresh(item).status == Status.APPROVED


def test_turned_on_after_approval_the_head_sends_it_to_the_manager(
    client_for, lahijan, lahijan_reporter, lahijan_head, lahijan_manager
):
    item = make_item(lahijan, lahijan_reporter, kind=Kind.PRESS_RELEASE)
    actions.approve_item(item, lahijan_head)
    assert _refresh(item).status == Status.APPROVED
    NewsroomSettings.objects.create(municipality=lahijan, manager_approval_kinds=["press_release"])
    head = client_for(lahijan_head)
    response = head.post(f"/office/news/{item.pk}/publish/", {"at": ""}, follow=True)
    assert "به تأیید مدیر ارشد نیاز دارد" in response.content.decode()
    assert _refresh(item).status == Status.APPROVED
    page = head.get(f"/office/news/{item.pk}/").content.decode()
    assert 'data-testid="request-manager"' in page and 'data-testid="publish"' not in page
    head.post(f"/office/news/{item.pk}/request-manager/")
    assert _refresh(item).status == Status.AWAITING_MANAGER
    assert (
        client_for(lahijan_manager).post(f"/office/news/{item.pk}/request-manager/").status_code
        == 403
    )


@pytest.mark.db_queue
def test_scheduled_while_waiting_is_published_once_the_manager_approves(
    client_for,
    lahijan_head,
    lahijan_manager,
    awaiting,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    at = timezone.now() + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_item(awaiting, lahijan_head, at=at)
    item = _refresh(awaiting)
    assert (item.status, item.publish_at) == (Status.AWAITING_MANAGER, at)
    page = client_for(lahijan_head).get(f"/office/news/{item.pk}/").content.decode()
    assert "زمان‌بندی" in page
    # The moment passes with no manager's approval: nothing is published.
    from django_tasks_db.models import DBTaskResult

    NewsItem.objects.filter(pk=item.pk).update(publish_at=timezone.now() - timedelta(minutes=5))
    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))
    run_tasks()
    assert _refresh(item).status == Status.AWAITING_MANAGER
    # The manager approves later: it is published at once, dated at the approval.
    with django_capture_on_commit_callbacks(execute=True):
        client_for(lahijan_manager).post(f"/office/news/{item.pk}/manager-approve/")
    assert run_tasks() == 1
    item = _refresh(item)
    assert item.status == Status.PUBLISHED
    assert item.manager_approved_at is not None and item.published_at == item.manager_approved_at


@pytest.mark.db_queue
def test_scheduled_after_the_managers_approval_runs_at_its_time(
    lahijan_head, lahijan_manager, awaiting, run_tasks, django_capture_on_commit_callbacks
):
    actions.approve_as_manager(awaiting, lahijan_manager)
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_item(awaiting, lahijan_head, at=timezone.now() + timedelta(hours=2))
    from django_tasks_db.models import DBTaskResult

    NewsItem.objects.filter(pk=awaiting.pk).update(publish_at=timezone.now())
    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))
    assert run_tasks() == 1
    assert _refresh(awaiting).status == Status.PUBLISHED


# A change to the text after the manager's approval --------------------------------


def test_the_heads_edit_after_the_managers_approval_asks_for_it_again(
    client_for, lahijan_head, lahijan_manager, awaiting
):
    actions.approve_as_manager(awaiting, lahijan_manager)
    head = client_for(lahijan_head)
    # Saved again with the same text: the approval stands.
    head.post(
        f"/office/news/{awaiting.pk}/edit/",
        STATEMENT | {"title": awaiting.title, "lead": awaiting.lead, "body": awaiting.body},
    )
    item = _refresh(awaiting)
    assert item.status == Status.APPROVED and item.manager_approved_by == lahijan_manager
    head.post(f"/office/news/{item.pk}/edit/", STATEMENT | {"body": "متن دیگری برای بیانیه."})
    item = _refresh(item)
    assert item.status == Status.AWAITING_MANAGER
    assert (item.manager_approved_by, item.manager_approved_at) == (None, None)
    assert item.approved_by == lahijan_head
    assert list(item.approval_records.values_list("step", flat=True)[:2]) == [
        ApprovalStep.REQUESTED,
        ApprovalStep.VOIDED,
    ]
    with pytest.raises(actions.WorkflowError):
        actions.publish_item(item, lahijan_head)


def test_a_writers_edit_after_the_managers_approval_goes_back_to_review(
    client_for, lahijan_reporter, lahijan_manager, awaiting
):
    actions.approve_as_manager(awaiting, lahijan_manager)
    client_for(lahijan_reporter).post(
        f"/office/news/{awaiting.pk}/edit/", STATEMENT | {"title": "عنوان تازه بیانیه"}
    )
    item = _refresh(awaiting)
    assert (item.status, item.approved_by, item.manager_approved_at) == (
        Status.IN_REVIEW,
        None,
        None,
    )


def test_changing_the_kind_to_a_listed_one_after_approval_waits_for_the_manager(
    client_for, lahijan, lahijan_reporter, lahijan_head, statements_need_approval
):
    item = make_item(lahijan, lahijan_reporter, kind=Kind.NEWS)
    actions.approve_item(item, lahijan_head)
    client_for(lahijan_head).post(
        f"/office/news/{item.pk}/edit/",
        STATEMENT | {"title": item.title, "lead": item.lead, "body": item.body},
    )
    assert _refresh(item).status == Status.AWAITING_MANAGER


def test_a_published_approved_text_is_not_changed(
    client_for, lahijan_head, lahijan_manager, awaiting
):
    actions.approve_as_manager(awaiting, lahijan_manager)
    actions.publish_item(awaiting, lahijan_head)
    head = client_for(lahijan_head)
    response = head.post(
        f"/office/news/{awaiting.pk}/edit/", STATEMENT | {"body": "متن عوض‌شده."}, follow=True
    )
    assert "پس بگیرید" in response.content.decode()  # "withdraw it with a correction note"
    item = _refresh(awaiting)
    assert item.status == Status.PUBLISHED and "عوض‌شده" not in item.body
    assert item.manager_approved_by == lahijan_manager
    # Nor through an older revision.
    Revision.objects.create(
        item=item, number=9, title=item.title, body="<p>متن قدیمی</p>", author=lahijan_head
    )
    response = head.post(f"/office/news/{item.pk}/revisions/9/restore/", follow=True)
    assert "پس بگیرید" in response.content.decode()
    assert "قدیمی" not in _refresh(item).body
    assert item.revisions.count() == 2


def test_a_waiting_item_is_not_deleted(client_for, lahijan_reporter, awaiting):
    client_for(lahijan_reporter).post(f"/office/news/{awaiting.pk}/delete/")
    assert NewsItem.objects.filter(pk=awaiting.pk).exists()


def test_the_head_can_still_return_a_waiting_item_to_the_writer(client_for, lahijan_head, awaiting):
    client_for(lahijan_head).post(f"/office/news/{awaiting.pk}/return/")
    item = _refresh(awaiting)
    assert (item.status, item.approved_by) == (Status.DRAFT, None)


# Who may do what ------------------------------------------------------------------


@pytest.mark.parametrize("url", ["manager-approve", "manager-return", "request-manager"])
def test_another_municipalitys_manager_gets_404(client_for, rudsar_manager, awaiting, url):
    response = client_for(rudsar_manager).post(
        f"/office/news/{awaiting.pk}/{url}/", {"reason": "x"}
    )
    assert response.status_code == 404
    assert _refresh(awaiting).status == Status.AWAITING_MANAGER


def test_another_municipalitys_queue_is_404(client_for, rudsar_manager, rudsar_head, lahijan):
    assert (
        client_for(rudsar_manager).get("/office/m/lahijan/news/manager-approvals/").status_code
        == 404
    )
    assert (
        client_for(rudsar_head).get("/office/m/lahijan/news/manager-approvals/").status_code == 404
    )


@pytest.mark.parametrize("url", ["manager-approve", "manager-return"])
def test_a_reporter_or_the_head_cannot_approve_as_manager(
    client_for, lahijan_reporter, lahijan_head, awaiting, url
):
    for user in (lahijan_reporter, lahijan_head):
        response = client_for(user).post(f"/office/news/{awaiting.pk}/{url}/", {"reason": "x"})
        assert response.status_code == 403
    assert _refresh(awaiting).status == Status.AWAITING_MANAGER
    assert awaiting.approval_records.count() == 1


def test_a_manager_is_not_the_pr_heads_approver(client_for, lahijan_manager, statement):
    client = client_for(lahijan_manager)
    assert client.post(f"/office/news/{statement.pk}/approve/").status_code == 403
    assert client.post(f"/office/news/{statement.pk}/publish/", {"at": ""}).status_code == 403
    assert _refresh(statement).status == Status.DRAFT


def test_one_person_does_not_give_both_approvals(
    client_for, lahijan, lahijan_head, lahijan_manager, statement
):
    """A PR head who is also a manager approves as head; a second manager approves."""
    Membership.objects.create(user=lahijan_head, role=Role.MANAGER, municipality=lahijan)
    client = client_for(lahijan_head)
    client.post(f"/office/news/{statement.pk}/approve/")
    assert _refresh(statement).status == Status.AWAITING_MANAGER
    response = client.post(f"/office/news/{statement.pk}/manager-approve/", follow=True)
    assert "شخص دیگری" in response.content.decode()
    assert _refresh(statement).status == Status.AWAITING_MANAGER
    client_for(lahijan_manager).post(f"/office/news/{statement.pk}/manager-approve/")
    assert _refresh(statement).manager_approved_by == lahijan_manager


def test_the_staff_see_the_queue_without_the_buttons(client_for, lahijan_reporter, awaiting):
    page = client_for(lahijan_reporter).get("/office/m/lahijan/news/manager-approvals/")
    assert page.status_code == 200
    html = page.content.decode()
    assert awaiting.title in html and 'data-testid="manager-approve"' not in html


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/office/m/lahijan/news/manager-approvals/"),
        ("post", "/office/news/{pk}/manager-approve/"),
        ("post", "/office/news/{pk}/manager-return/"),
        ("post", "/office/news/{pk}/request-manager/"),
    ],
)
def test_anonymous_is_sent_to_login(citizen, awaiting, method, url):
    response = getattr(citizen, method)(url.format(pk=awaiting.pk))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert _refresh(awaiting).status == Status.AWAITING_MANAGER


def test_the_queue_asks_as_many_queries_for_three_times_the_items(
    client_for,
    lahijan,
    lahijan_reporter,
    lahijan_head,
    lahijan_manager,
    statements_need_approval,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n: int) -> None:
        for i in range(n):
            item = make_item(lahijan, lahijan_reporter, kind=Kind.STATEMENT, title=f"بیانیه {i}")
            actions.approve_item(item, lahijan_head)

    client = client_for(lahijan_manager)
    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get("/office/m/lahijan/news/manager-approvals/")
    add(4)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/office/m/lahijan/news/manager-approvals/").content.decode()
    assert page.count('data-testid="queue-item"') == 6
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_dashboard_card_lists_what_waits_for_the_manager(
    lahijan, lahijan_manager, lahijan_reporter, lahijan_head, statements_need_approval
):
    def add(start: int, n: int) -> None:
        for i in range(start, start + n):
            item = make_item(
                lahijan, lahijan_reporter, kind=Kind.STATEMENT, title=f"منتظر مدیر {i}"
            )
            actions.approve_item(item, lahijan_head)

    add(0, 1)
    few, html = render_part("newsroom", lahijan_manager, lahijan)
    assert "منتظر مدیر 0" in html and "/manager-approvals/" in html
    add(1, 2)
    many, html = render_part("newsroom", lahijan_manager, lahijan)
    assert "منتظر مدیر 2" in html
    assert many == few


# The database keeps the rules -----------------------------------------------------


def test_the_database_refuses_a_waiting_item_with_a_managers_approval(awaiting):
    with pytest.raises(IntegrityError), transaction.atomic():
        NewsItem.objects.filter(pk=awaiting.pk).update(manager_approved_at=timezone.now())


def test_the_database_refuses_a_return_without_a_reason_or_an_unknown_step(
    awaiting, lahijan_manager
):
    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovalRecord.objects.create(
            item=awaiting, step=ApprovalStep.RETURNED, actor=lahijan_manager
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovalRecord.objects.create(item=awaiting, step="lost", actor=lahijan_manager)
