from __future__ import annotations

from ravabet.crisis import demo, static
from ravabet.crisis.models import Contact, Incident, Statement
from ravabet.media import demo as media_demo
from ravabet.network import demo as network_demo


def test_the_demo_has_a_flood_with_two_statements_and_a_closed_power_cut(db):
    # What it builds on (the whole `load_demo` is the network app's test), then twice.
    network_demo.load()
    media_demo.load()
    demo.load()
    demo.load()  # a second run changes nothing
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
