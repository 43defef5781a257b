"""Working days on the Iranian week: Friday off, Thursday per municipality, holidays skipped."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from ravabet.network.models import Municipality

from .models import Holiday, VoiceSettings

FRIDAY = 4  # date.weekday(): Monday is 0
THURSDAY = 3


def holidays_for(municipality: Municipality, start: dt.date, end: dt.date) -> set[dt.date]:
    return set(
        Holiday.objects.filter(
            Q(municipality__isnull=True) | Q(municipality=municipality),
            date__gte=start,
            date__lte=end,
        ).values_list("date", flat=True)
    )


def add_working_days(municipality: Municipality, start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (which itself does not count)."""
    thursday_off = VoiceSettings.for_municipality(municipality).thursday_off
    # Generous window: even Nowruz cannot hold off more than a fortnight of working days.
    holidays = holidays_for(municipality, start, start + dt.timedelta(days=days * 3 + 30))
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        weekday = current.weekday()
        if weekday == FRIDAY or (thursday_off and weekday == THURSDAY) or current in holidays:
            continue
        remaining -= 1
    return current
