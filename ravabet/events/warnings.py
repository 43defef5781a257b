"""What is worth knowing about a day before planning something on it: Friday, an official
day off, a mourning day for a festive event. Warnings, never errors: the office decides.

Mourning days are read from the official calendar's occasions: the martyrdoms, deaths
and mourning days of the Hijri calendar (Tasua, Ashura, Arbaeen, …) and the official
days off that mark a death (14 Khordad).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from ravabet.lib.jalali import format_date
from ravabet.network.models import Municipality, Network
from ravabet.officialcalendar.occasions import HIJRI, Occasion
from ravabet.officialcalendar.official import OfficialCalendar

from .models import FESTIVE_KINDS

# Words in an occasion's title that mark mourning.
MOURNING_WORDS = (
    "شهادت",
    "رحلت",
    "وفات",
    "ارتحال",
    "تاسوعا",
    "عاشورا",
    "اربعین",
    "ضربت خوردن",
)

FRIDAY = 4  # date.weekday()


def is_mourning(occasion: Occasion) -> bool:
    if not any(word in occasion.title for word in MOURNING_WORDS):
        return False
    # A Jalali-dated anniversary of someone's martyrdom is remembered, not mourned; the
    # Hijri ones and the official days off are.
    return occasion.calendar == HIJRI or occasion.holiday


def calendar_for(place: Municipality | Network) -> OfficialCalendar:
    if isinstance(place, Network):
        return OfficialCalendar.for_network(place)
    return OfficialCalendar.for_municipality(place)


def mourning_on(calendar: OfficialCalendar, day: dt.date) -> list[Occasion]:
    return [o for o in calendar.occasions(day, day) if is_mourning(o)]


def date_warnings(
    place: Municipality | Network,
    start_date: dt.date,
    kind: str,
    end_date: dt.date | None = None,
    calendar: OfficialCalendar | None = None,
) -> list[str]:
    """Warnings for an event of ``kind`` held from ``start_date`` to ``end_date``."""
    calendar = calendar or calendar_for(place)
    end_date = end_date or start_date
    found: list[str] = []
    day = start_date
    days = calendar.days(start_date, end_date)
    while day <= end_date:
        when = format_date(day, weekday=True)
        if day.weekday() == FRIDAY:
            found.append(_("%(day)s is a Friday.") % {"day": when})
        official = days.get(day)
        if official is not None and official.holiday:
            found.append(
                _("%(day)s is an official holiday: %(occasion)s.")
                % {"day": when, "occasion": "، ".join(official.holiday_titles)}
            )
        if kind in FESTIVE_KINDS and official is not None:
            mourning = [o.title for o in official.occasions if is_mourning(o)]
            if mourning:
                found.append(
                    _(
                        "%(day)s is a day of mourning (%(occasion)s): a celebration on it may "
                        "offend."
                    )
                    % {"day": when, "occasion": "، ".join(mourning)}
                )
        day += dt.timedelta(days=1)
        if (day - start_date).days > 31:
            break
    return found
