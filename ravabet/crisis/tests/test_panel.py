from __future__ import annotations

from ravabet.crisis.models import Contact
from ravabet.crisis.tests.conftest import approved_statement, open_flood
from ravabet.office.tests.panel_queries import render_part


def test_the_crisis_part_shows_open_incidents_in_fixed_queries(lahijan, east_gilan, lahijan_head):
    Contact.objects.create(municipality=lahijan, organisation="fire", name="کشیک", phone="125")
    incident = open_flood(lahijan, lahijan_head)
    approved_statement(incident, lahijan_head)
    few, html = render_part("crisis", lahijan_head, lahijan)
    assert incident.title in html and "مخاطب" in html
    for _n in range(4):
        open_flood(lahijan, lahijan_head)
    many, _html = render_part("crisis", lahijan_head, lahijan)
    assert many == few <= 2
    network_queries, network_html = render_part("crisis", lahijan_head, east_gilan)
    assert incident.title in network_html and network_queries == 1
