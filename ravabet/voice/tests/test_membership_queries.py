"""A citizen's message page in the office asks for the user's memberships once: the access
helper's rights serve the check and every flag of the page."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ravabet.conftest import membership_queries


def test_a_message_page_reads_the_membership_table_once(
    client_for, rudsar_head, rudsar, make_message
):
    message = make_message(rudsar)
    client = client_for(rudsar_head)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("voice:message", args=[message.pk]))
    assert response.status_code == 200
    assert response.context["can_write"] and response.context["can_see_contact"]
    assert len(membership_queries(queries)) == 1


def test_a_managers_message_page_too_and_it_stays_read_only(
    client_for, lahijan_manager, lahijan, make_message
):
    message = make_message(lahijan)
    with CaptureQueriesContext(connection) as queries:
        response = client_for(lahijan_manager).get(reverse("voice:message", args=[message.pk]))
    assert response.status_code == 200
    assert not response.context["can_write"] and not response.context["can_see_contact"]
    assert len(membership_queries(queries)) == 1


def test_the_contact_details_read_the_membership_table_once(
    client_for, rudsar_head, rudsar, make_message
):
    message = make_message(rudsar)
    with CaptureQueriesContext(connection) as queries:
        response = client_for(rudsar_head).get(reverse("voice:contact-details", args=[message.pk]))
    assert response.status_code == 200
    assert len(membership_queries(queries)) == 1
