"""The newsroom card (news and channel posts) asks as many queries for three times the rows."""

from ravabet.newsroom.actions import submit_for_review
from ravabet.newsroom.models import ChannelPost, PostStatus
from ravabet.office.tests.panel_queries import render_part
from ravabet.outbox.compose import source_name
from ravabet.outbox.models import Transport

from .conftest import make_item, make_published


def _add(municipality, reporter, head, n: int, start: int) -> list[str]:  # type: ignore[no-untyped-def]
    shown = []
    for i in range(start, start + n):
        waiting = make_item(municipality, reporter, title=f"در انتظار {i}")
        submit_for_review(waiting, reporter)
        published = make_published(municipality, reporter, head, title=f"منتشرشده {i}")
        for status, chat in ((PostStatus.FAILED, "failed"), (PostStatus.INTERRUPTED, "cut")):
            ChannelPost.objects.create(
                item=published,
                channel="telegram",
                chat_id=f"@{chat}{i}",
                text="متن",
                status=status,
                reason=f"خطای {i}" if status == PostStatus.FAILED else "",
                # A channel post is an outbox send (ravabet/outbox).
                key=ChannelPost.key_for(published.pk, "telegram", f"@{chat}{i}"),
                source=source_name(ChannelPost),
                transport=Transport.BOT,
                target=f"@{chat}{i}",
            )
        shown += [waiting.title, published.title, f"خطای {i}", f"@cut{i}"]
    return shown


def test_the_card_of_a_municipality(rudsar, rudsar_reporter, rudsar_head):  # type: ignore[no-untyped-def]
    shown = _add(rudsar, rudsar_reporter, rudsar_head, 1, 0)
    few, html = render_part("newsroom", rudsar_head, rudsar)
    assert all(s in html for s in shown)
    shown += _add(rudsar, rudsar_reporter, rudsar_head, 2, 1)
    many, html = render_part("newsroom", rudsar_head, rudsar)
    assert all(s in html for s in shown)
    assert many == few


def test_the_card_of_the_network(  # type: ignore[no-untyped-def]
    east_gilan, rudsar, rudsar_reporter, rudsar_head, lahijan_head
):
    _add(rudsar, rudsar_reporter, rudsar_head, 1, 0)
    few, html = render_part("newsroom", lahijan_head, east_gilan)
    assert "منتشرشده 0" in html
    _add(rudsar, rudsar_reporter, rudsar_head, 2, 1)
    many, html = render_part("newsroom", lahijan_head, east_gilan)
    assert "منتشرشده 2" in html
    assert many == few
