"""Issue 11, 3.14: agenda items move up and down (htmx swaps the list; without JavaScript
the form posts and the page comes back), positions stay 1…n, and moves made from pages
loaded at the same time both apply, in turn, without ties or gaps."""

from __future__ import annotations

from ravabet.meetings import actions
from ravabet.meetings.models import AgendaItem


def _titles(meeting) -> list[str]:  # type: ignore[no-untyped-def]
    return list(meeting.agenda.order_by("position", "pk").values_list("title", flat=True))


def _positions(meeting) -> list[int]:  # type: ignore[no-untyped-def]
    return list(meeting.agenda.order_by("position", "pk").values_list("position", flat=True))


def test_move_down_and_up_without_javascript(client_for, lahijan_head, planned):
    client = client_for(lahijan_head)
    before = _titles(planned)
    first = planned.agenda.order_by("position", "pk").first()
    response = client.post(f"/office/meetings/items/{first.pk}/move/", {"direction": "down"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/office/meetings/{planned.pk}/#agenda")
    assert _titles(planned) == [before[1], before[0], *before[2:]]
    assert _positions(planned) == list(range(1, len(before) + 1))
    client.post(f"/office/meetings/items/{first.pk}/move/", {"direction": "up"})
    assert _titles(planned) == before
    # The first cannot go higher, the last not lower; nothing breaks.
    client.post(f"/office/meetings/items/{first.pk}/move/", {"direction": "up"})
    last = planned.agenda.order_by("position", "pk").last()
    client.post(f"/office/meetings/items/{last.pk}/move/", {"direction": "down"})
    assert _titles(planned) == before
    assert (
        client.post(f"/office/meetings/items/{first.pk}/move/", {"direction": "x"}).status_code
        == 302
    )
    assert _titles(planned) == before


def test_htmx_gets_only_the_agenda_list(client_for, lahijan_head, planned):
    second = planned.agenda.order_by("position", "pk")[1]
    response = client_for(lahijan_head).post(
        f"/office/meetings/items/{second.pk}/move/",
        {"direction": "up"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<ol class="agenda" id="agenda-list"')
    assert html.index(second.title) < html.index(_titles(planned)[1])


def test_moves_from_two_stale_pages_both_apply(lahijan_head, planned):
    items = list(planned.agenda.order_by("position", "pk"))
    # Two people loaded the page; each moves the third item up from what they saw.
    stale_a = AgendaItem.objects.get(pk=items[2].pk)
    stale_b = AgendaItem.objects.get(pk=items[2].pk)
    actions.move_agenda_item(stale_a, "up")
    actions.move_agenda_item(stale_b, "up")
    assert _titles(planned)[0] == items[2].title
    assert _positions(planned) == list(range(1, len(items) + 1))


def test_added_and_carried_items_keep_the_numbering(client_for, lahijan_head, planned):
    client_for(lahijan_head).post(
        f"/office/meetings/{planned.pk}/agenda/", {"title": "بند تازه", "duration_minutes": "10"}
    )
    assert _titles(planned)[-1] == "بند تازه"
    assert _positions(planned) == list(range(1, planned.agenda.count() + 1))


def test_a_held_meetings_agenda_does_not_move(client_for, lahijan_head, held):
    before = _titles(held)
    second = held.agenda.order_by("position", "pk")[1]
    client_for(lahijan_head).post(f"/office/meetings/items/{second.pk}/move/", {"direction": "up"})
    assert _titles(held) == before
