"""A meeting page computes the user's rights once, from one read of the membership table,
whoever reads it: the secretariat, a member's PR office, an office's own meeting."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ravabet.conftest import membership_queries


@pytest.mark.parametrize("who", ["lahijan_head", "rudsar_head", "observer"])
def test_a_held_meetings_page_reads_the_membership_table_once(client_for, held, who, request):
    client = client_for(request.getfixturevalue(who))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(held.get_absolute_url())
    assert response.status_code == 200
    assert len(membership_queries(queries)) == 1


def test_a_planned_meetings_page_reads_it_once_and_offers_a_member_the_proposal_form(
    client_for, planned, rudsar_head
):
    with CaptureQueriesContext(connection) as queries:
        response = client_for(rudsar_head).get(planned.get_absolute_url())
    assert response.status_code == 200
    assert response.context["proposal_form"] is not None
    assert response.context["item_form"] is None
    assert len(membership_queries(queries)) == 1


def test_an_offices_own_meeting_reads_it_once(client_for, own_meeting, rudsar_head):
    with CaptureQueriesContext(connection) as queries:
        response = client_for(rudsar_head).get(own_meeting.get_absolute_url())
    assert response.status_code == 200
    assert response.context["rights"].write
    assert len(membership_queries(queries)) == 1


def test_a_resolution_page_reads_it_once(client_for, rudsar_resolution, rudsar_head):
    with CaptureQueriesContext(connection) as queries:
        response = client_for(rudsar_head).get(rudsar_resolution.get_absolute_url())
    assert response.status_code == 200
    assert response.context["form"] is not None  # the owner's PR head reports on it
    assert response.context["close_form"] is None
    assert len(membership_queries(queries)) == 1
