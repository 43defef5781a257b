"""Working days on the Iranian week: Friday off, Thursday per municipality, days off skipped.

The days off are the official calendar's (ravabet/officialcalendar, with the corrections
that hold for the municipality's networks) and the office's own local ones (Holiday).
"""

from __future__ import annotations

import datetime as dt

from ravabet.network.models import Municipality
from ravabet.officialcalendar.official import OfficialCalendar

from .models import Holiday, VoiceSettings

FRIDAY = 4  # date.weekday(): Monday is 0
THURSDAY = 3


def holidays_for(municipality: Municipality, start: dt.date, end: dt.date) -> set[dt.date]:
    """Official and local days off from ``start`` to ``end`` inclusive."""
    official = OfficialCalendar.for_municipality(municipality).closure_dates(start, end)
    local = Holiday.objects.filter(
        municipality=municipality, date__gte=start, date__lte=end
    ).values_list("date", flat=True)
    return set(official).union(local)


class WorkingWeek:
    """One municipality's working days over a window, for counting many deadlines at once."""

    def __init__(self, municipality: Municipality, start: dt.date, end: dt.date) -> None:
        self.thursday_off = VoiceSettings.for_municipality(municipality).thursday_off
        self.start, self.end = start, end
        self.days_off = holidays_for(municipality, start, end)

    def is_working_day(self, day: dt.date) -> bool:
        if not self.start <= day <= self.end:
            raise ValueError(f"{day} is outside the window {self.start}..{self.end}")
        weekday = day.weekday()
        return not (
            weekday == FRIDAY or (self.thursday_off and weekday == THURSDAY) or day in self.days_off
        )

    def add(self, start: dt.date, days: int) -> dt.date:
        """The date ``days`` working days after ``start`` (which itself does not count)."""
        current = start
        remaining = days
        while remaining > 0:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def count(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``."""
        return sum(
            self.is_working_day(start + dt.timedelta(days=n))
            for n in range(1, (end - start).days + 1)
        )


def window_for(start: dt.date, days: int) -> dt.date:
    # Generous: even Nowruz cannot hold off more than a fortnight of working days.
    return start + dt.timedelta(days=days * 3 + 30)


def add_working_days(municipality: Municipality, start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (which itself does not count)."""
    return WorkingWeek(municipality, start, window_for(start, days)).add(start, days)
