from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

from ravabet.conftest import make_municipality, make_user
from ravabet.events import actions
from ravabet.events.models import Event, Kind, Status
from ravabet.lib import jalali
from ravabet.media.models import Journalist
from ravabet.network.models import Membership, Municipality, Network, Role, User


@pytest.fixture
def outsider(db) -> User:  # type: ignore[no-untyped-def]
    """The PR head of a municipality outside the network."""
    astara = make_municipality("astara", "آستارا", "Astara", "آستارا")
    user = make_user("astara-head", "پرویز", "کریمی")
    Membership.objects.create(user=user, role=Role.PR_HEAD, municipality=astara)
    return user


@pytest.fixture
def rudsar_manager(rudsar) -> User:  # type: ignore[no-untyped-def]
    user = make_user("rudsar-manager", "رضا", "قاسمی")
    Membership.objects.create(user=user, role=Role.MANAGER, municipality=rudsar)
    return user


def working_day_after(days: int) -> dt.date:
    """A Saturday at least ``days`` days from today (a Saturday is rarely a holiday)."""
    day = timezone.localdate() + dt.timedelta(days=days)
    while day.weekday() != 5:
        day += dt.timedelta(days=1)
    return day


def journalist_day() -> dt.date:
    """The coming 17 Mordad, Journalist Day (this Jalali year's, or next year's if past)."""
    today = timezone.localdate()
    year = jalali.to_jalali(today)[0]
    day = jalali.from_jalali(year, 5, 17)
    return day if day >= today else jalali.from_jalali(year + 1, 5, 17)


def make_event(
    place: Municipality | Network,
    by: User,
    *,
    day: dt.date | None = None,
    kind: str = Kind.PRESS_CONFERENCE,
    public: bool = True,
    status: str = Status.PLANNED,
    title: str = "نشست خبری شهردار",
    time: dt.time | None = dt.time(10, 0),
) -> Event:
    owner = {"network": place} if isinstance(place, Network) else {"municipality": place}
    event = Event(
        kind=kind, title=title, place="سالن شهرداری", is_public=public, status=status, **owner
    )
    day = day or working_day_after(30)
    event.set_days(day, day, time, dt.time(11, 30) if time else None)
    event, _clamped = actions.create_event(event, by)
    return event


@pytest.fixture
def press_conference(rudsar, rudsar_head, rudsar_reporter) -> Event:  # type: ignore[no-untyped-def]
    return make_event(rudsar, rudsar_head)


@pytest.fixture
def journalists(rudsar) -> list[Journalist]:  # type: ignore[no-untyped-def]
    return [
        Journalist.objects.create(
            municipality=rudsar, name="سارا احمدی", email="sara@example.org", consent=True
        ),
        Journalist.objects.create(
            municipality=rudsar, name="حمید کاظمی", email="hamid@example.org", consent=True
        ),
        Journalist.objects.create(
            municipality=rudsar, name="بی‌رضایت", email="no@example.org", consent=False
        ),
    ]


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    """Tests read English messages unless they ask for Persian (the site's default)."""
    with translation.override("en"):
        yield


@pytest.fixture
def client_for():  # type: ignore[no-untyped-def]
    """Logged in, reading English (the language switch's cookie)."""

    def login(user: User, lang: str = "en") -> Client:
        logged_in = Client()
        logged_in.force_login(user)
        logged_in.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
        return logged_in

    return login
