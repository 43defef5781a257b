"""A citizen's message page in the office asks for the user's memberships once: the access
helper's rights serve the check and every flag of the page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ravabet.conftest import membership_queries


@pytest.mark.parametrize(
    ("who", "town", "writes"),
    [("rudsar_head", "rudsar", True), ("lahijan_manager", "lahijan", False)],
)
def test_a_message_page_reads_the_membership_table_once(
    client_for, make_message, request, who, town, writes
):
    message = make_message(request.getfixturevalue(town))
    client = client_for(request.getfixturevalue(who))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("voice:message", args=[message.pk]))
    assert response.status_code == 200
    # The PR head writes and sees the contact details; the manager only reads.
    assert response.context["can_write"] is writes
    assert response.context["can_see_contact"] is writes
    assert len(membership_queries(queries)) == 1


def test_the_contact_details_read_the_membership_table_once(
    client_for, rudsar_head, rudsar, make_message
):
    message = make_message(rudsar)
    with CaptureQueriesContext(connection) as queries:
        response = client_for(rudsar_head).post(reverse("voice:contact-details", args=[message.pk]))
    assert response.status_code == 200
    assert len(membership_queries(queries)) == 1
