from __future__ import annotations

import os

from django.core.management import call_command

from ravabet.crisis import static
from ravabet.crisis.models import Contact, Incident, Statement


def test_the_demo_has_a_flood_with_two_statements_and_a_closed_power_cut(db):
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)
        call_command("load_demo", stdout=quiet)  # a second run changes nothing
    flood = Incident.objects.get(municipalities__slug="lahijan")
    assert flood.is_open
    numbers = [n or 0 for n in flood.statements.public().values_list("number", flat=True)]
    assert sorted(numbers) == [1, 2]
    assert flood.statements.filter(status="awaiting").count() == 1
    assert flood.rumours.get().answered_by == Statement.objects.get(incident=flood, number=2)
    assert any(s.is_night for s in flood.shifts.all())
    closed = Incident.objects.get(municipalities__slug="rudsar")
    assert not closed.is_open and closed.last_number == 2
    assert Contact.objects.filter(municipality__slug="lahijan").stale().exists()
    assert Contact.objects.filter(municipality__slug="lahijan").count() == 10
    lahijan = flood.municipalities.get()
    static.write_page(lahijan)
    assert "شماره ۲" in static.page_path(lahijan).read_text(encoding="utf-8")
