"""The meetings card asks as many queries for three times the rows."""

import datetime as dt

from django.utils import timezone

from ravabet.meetings import actions
from ravabet.meetings.models import Meeting, OwnerKind, Resolution
from ravabet.office.tests.panel_queries import render_part

from .conftest import in_days


def _add(held, head, owner, n: int, start: int) -> list[str]:  # type: ignore[no-untyped-def]
    texts = []
    for i in range(start, start + n):
        text = f"مصوبه شماره {i}"
        kind = OwnerKind.MUNICIPALITY if owner else OwnerKind.SECRETARIAT
        actions.create_resolution(
            Resolution(
                meeting=held,
                text=text,
                owner_kind=kind,
                owner_municipality=owner,
                deadline=timezone.localdate() + dt.timedelta(days=i - 2),
            )
        )
        actions.plan_meeting(
            Meeting(
                network=held.network, title=f"نشست {i}", starts_at=in_days(1 + i), place="لاهیجان"
            ),
            head,
        )
        texts.append(text)
    return texts


def test_the_municipal_card(rudsar_head, rudsar, lahijan_head, held):  # type: ignore[no-untyped-def]
    texts = _add(held, lahijan_head, rudsar, 2, 0)
    few, html = render_part("meetings", rudsar_head, rudsar)
    assert all(t in html for t in texts)
    texts += _add(held, lahijan_head, rudsar, 4, 2)
    many, html = render_part("meetings", rudsar_head, rudsar)
    assert all(t in html for t in texts)
    assert many == few


def test_the_secretariat_card(lahijan_head, east_gilan, held):  # type: ignore[no-untyped-def]
    texts = _add(held, lahijan_head, None, 2, 0)
    few, html = render_part("meetings", lahijan_head, east_gilan)
    assert all(t in html for t in texts)
    texts += _add(held, lahijan_head, None, 4, 2)
    many, html = render_part("meetings", lahijan_head, east_gilan)
    assert all(t in html for t in texts)
    assert many == few
