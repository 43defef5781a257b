"""The shared-experience card asks as many queries for three times the rows."""

from ravabet.experience.models import Experience
from ravabet.office.tests.panel_queries import render_part


def _add(network, municipality, author, n: int, start: int) -> list[str]:  # type: ignore[no-untyped-def]
    titles = [f"تجربه شماره {i}" for i in range(start, start + n)]
    for title in titles:
        Experience.objects.create(
            network=network,
            municipality=municipality,
            author=author,
            title=title,
            problem="مشکل",
            action="اقدام",
            result="نتیجه",
        )
    return titles


def test_the_card_of_a_municipality_and_of_the_network(  # type: ignore[no-untyped-def]
    east_gilan, rudsar, rudsar_head, lahijan_head
):
    for user, place in ((rudsar_head, rudsar), (lahijan_head, east_gilan)):
        Experience.objects.all().delete()
        titles = _add(east_gilan, rudsar, rudsar_head, 1, 0)
        few, html = render_part("experience", user, place)
        assert all(t in html for t in titles)
        titles += _add(east_gilan, rudsar, rudsar_head, 2, 1)
        many, html = render_part("experience", user, place)
        assert all(t in html for t in titles)
        assert many == few
