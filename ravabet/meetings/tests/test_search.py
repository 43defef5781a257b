"""Approved minutes are found by the network's members, through the staff search page."""

import pytest

from ravabet.meetings import actions
from ravabet.meetings.tests.conftest import close_comments


@pytest.fixture
def approved(held, lahijan_head):
    item = held.agenda.first()
    actions.save_minutes(
        item, "<p>پیشنهاد راه‌اندازی کتابخانه‌های تخصصی روابط عمومی مطرح شد.</p>", 0, lahijan_head
    )
    actions.approve_minutes(close_comments(held), lahijan_head)
    return held


@pytest.mark.parametrize("query", ["کتابخانه‌های", "کتابخانه های", "كتابخانههاي"])
def test_network_members_find_approved_minutes(client_for, rudsar_head, observer, approved, query):
    for user in (rudsar_head, observer):
        page = client_for(user).get("/office/search/", {"q": query}).content.decode()
        assert approved.title in page, (user, query)


def test_outsiders_and_the_public_do_not(client_for, outsider, citizen, approved):
    assert (
        approved.title
        not in client_for(outsider).get("/office/search/", {"q": "کتابخانه"}).content.decode()
    )
    assert approved.title not in citizen.get("/search/", {"q": "کتابخانه"}).content.decode()


def test_unapproved_minutes_are_not_found(client_for, rudsar_head, held, lahijan_head):
    item = held.agenda.first()
    actions.save_minutes(item, "<p>کتابخانه</p>", 0, lahijan_head)
    assert (
        held.title
        not in client_for(rudsar_head).get("/office/search/", {"q": "کتابخانه"}).content.decode()
    )
