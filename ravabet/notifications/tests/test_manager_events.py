"""The manager's approval step tells the people it waits on: the managers when the PR head
has approved, the head and the writer when the manager approves or returns it."""

from __future__ import annotations

import pytest

from ravabet.conftest import make_user
from ravabet.network.models import Membership, Role
from ravabet.newsroom.models import Kind as NewsKind
from ravabet.newsroom.models import NewsroomSettings
from ravabet.notifications.models import Kind, Notification

from .conftest import make_item, told


@pytest.fixture
def rudsar_manager(rudsar):  # type: ignore[no-untyped-def]
    user = make_user("rudsar-manager", "بهرام", "نیکو")
    Membership.objects.create(user=user, role=Role.MANAGER, municipality=rudsar)
    return user


@pytest.fixture
def statement(rudsar, rudsar_reporter, rudsar_manager):  # type: ignore[no-untyped-def]
    NewsroomSettings.objects.create(municipality=rudsar, manager_approval_kinds=["statement"])
    item = make_item(rudsar, rudsar_reporter)
    item.kind = NewsKind.STATEMENT
    item.save(update_fields=["kind"])
    return item


def test_the_heads_approval_tells_the_manager_not_yet_the_writer(
    client_for, statement, rudsar_head, rudsar_manager, rudsar_reporter, lahijan_manager
):
    client_for(rudsar_head).post(f"/office/news/{statement.pk}/approve/")
    assert told(rudsar_manager) == [(Kind.NEWS_AWAITING_MANAGER, statement.pk)]
    assert told(rudsar_reporter) == []  # not approved yet: it waits for the manager
    assert told(lahijan_manager) == []  # another municipality's manager
    page = client_for(rudsar_manager).get("/office/notifications/").content.decode()
    assert statement.title in page


def test_the_managers_approval_tells_the_head_and_the_writer(
    client_for, statement, rudsar_head, rudsar_manager, rudsar_reporter
):
    client_for(rudsar_head).post(f"/office/news/{statement.pk}/approve/")
    client_for(rudsar_manager).post(f"/office/news/{statement.pk}/manager-approve/")
    assert told(rudsar_head) == [(Kind.NEWS_MANAGER_APPROVED, statement.pk)]
    assert told(rudsar_reporter) == [(Kind.NEWS_MANAGER_APPROVED, statement.pk)]


def test_a_return_tells_the_head_and_the_writer_with_the_reason(
    client_for, statement, rudsar_head, rudsar_manager, rudsar_reporter
):
    client_for(rudsar_head).post(f"/office/news/{statement.pk}/approve/")
    reason = "رقم بودجه با مصوبه شورا یکی نیست"
    client_for(rudsar_manager).post(
        f"/office/news/{statement.pk}/manager-return/", {"reason": reason}
    )
    assert told(rudsar_head) == [(Kind.NEWS_MANAGER_RETURNED, statement.pk)]
    assert told(rudsar_reporter) == [(Kind.NEWS_MANAGER_RETURNED, statement.pk)]
    page = client_for(rudsar_reporter).get("/office/notifications/").content.decode()
    assert reason in page
    assert Notification.objects.filter(user=rudsar_manager).count() == 1  # only the request
