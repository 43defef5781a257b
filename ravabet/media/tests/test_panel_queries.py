"""Media's part of the newsroom card asks as many queries for three times the rows."""

from ravabet.media.models import Delivery, DeliveryStatus, Distribution
from ravabet.newsroom.tests.conftest import make_published
from ravabet.office.tests.panel_queries import render_part
from ravabet.outbox.compose import source_name
from ravabet.outbox.models import Transport


def _add(municipality, reporter, head, n: int, start: int) -> list[str]:  # type: ignore[no-untyped-def]
    shown = []
    for i in range(start, start + n):
        item = make_published(municipality, reporter, head, title=f"اطلاعیه {i}")
        distribution = Distribution.objects.create(
            item=item, created_by=head, from_email="pr@rudsar.example", base_url="http://testserver"
        )
        for status in (DeliveryStatus.FAILED, DeliveryStatus.INTERRUPTED):
            Delivery.objects.create(
                distribution=distribution,
                name=f"خبرنگار {i}",
                email=f"{status}{i}@example.org",
                status=status,
                reason="550 mailbox unavailable" if status == DeliveryStatus.FAILED else "",
                # A delivery is an outbox send (ravabet/outbox).
                key=Delivery.key_for(distribution.pk, f"{status}{i}@example.org"),
                source=source_name(Delivery),
                transport=Transport.EMAIL,
                target=f"{status}{i}@example.org",
            )
        shown += [item.title, f"failed{i}@example.org", f"interrupted{i}@example.org"]
    return shown


def test_the_card_of_a_municipality(rudsar, rudsar_reporter, rudsar_head):  # type: ignore[no-untyped-def]
    shown = _add(rudsar, rudsar_reporter, rudsar_head, 1, 0)
    few, html = render_part("media", rudsar_head, rudsar)
    assert all(s in html for s in shown)
    shown += _add(rudsar, rudsar_reporter, rudsar_head, 2, 1)
    many, html = render_part("media", rudsar_head, rudsar)
    assert all(s in html for s in shown)
    assert many == few


def test_the_card_of_a_network_asks_nothing(east_gilan, lahijan_head):  # type: ignore[no-untyped-def]
    assert render_part("media", lahijan_head, east_gilan)[0] == 0
