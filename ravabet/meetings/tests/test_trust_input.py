"""Issue 9 §5 for meetings: an agenda item named by a strange number is no error page."""

from __future__ import annotations

import datetime as dt

import pytest

from ravabet.lib.jalali import format_numeric
from ravabet.meetings.models import Resolution


@pytest.mark.parametrize("item", ["²", "1²", str(10**30)])  # digits int() refuses; huge
def test_a_resolution_for_an_odd_agenda_item_number_is_recorded(
    client_for, lahijan_head, held, item
):  # type: ignore[no-untyped-def]
    before = Resolution.objects.count()
    response = client_for(lahijan_head).post(
        f"/office/meetings/{held.pk}/resolutions/",
        {
            "text": "مصوبه",
            "owner_kind": "secretariat",
            "deadline": format_numeric(held.starts_at + dt.timedelta(days=30)),
            "item": item,
        },
    )
    assert response.status_code == 302
    assert Resolution.objects.count() == before + 1
    assert Resolution.objects.latest("pk").item is None
