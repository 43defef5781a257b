"""The citizens' voice card asks as many queries for three times the rows."""

from ravabet.office.tests.panel_queries import render_part
from ravabet.voice import actions


def _add(make_message, municipality, head, n: int) -> None:  # type: ignore[no-untyped-def]
    for _ in range(n):
        make_message(municipality)
        rated = make_message(municipality)
        actions.reply_to_message(rated, head, "انجام شد")
        actions.rate_message(rated, 4)


def test_the_card_of_a_municipality(make_message, rudsar, rudsar_head):  # type: ignore[no-untyped-def]
    _add(make_message, rudsar, rudsar_head, 1)
    few, html = render_part("voice", rudsar_head, rudsar)
    assert "۱ پیام تازه" in html
    _add(make_message, rudsar, rudsar_head, 2)
    many, html = render_part("voice", rudsar_head, rudsar)
    assert "۳ پیام تازه" in html
    assert many == few


def test_the_card_of_a_network_asks_nothing(east_gilan, observer):  # type: ignore[no-untyped-def]
    queries, html = render_part("voice", observer, east_gilan)
    assert queries == 0
    assert "/east-gilan/" in html


def test_the_card_counts_no_further_than_it_says(  # type: ignore[no-untyped-def]
    make_message, rudsar, rudsar_head, monkeypatch
):
    from ravabet.voice import panel

    monkeypatch.setattr(panel, "COUNTED", 2)
    for _ in range(2):
        make_message(rudsar)
    _queries, html = render_part("voice", rudsar_head, rudsar)
    assert "۲ پیام تازه" in html
    assert "بیش از" not in html
    make_message(rudsar)
    _queries, html = render_part("voice", rudsar_head, rudsar)
    assert "بیش از ۲ پیام تازه" in html
