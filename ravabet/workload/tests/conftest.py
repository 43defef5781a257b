"""The Rudsar reporter's last month as Ravabet recorded it: a news item written on a
Saturday morning, a ceremony covered one evening."""

from __future__ import annotations

import datetime as dt

import pytest

from ravabet.events.models import Coverage, CoverageRole, Event
from ravabet.events.models import Kind as EventKind
from ravabet.events.models import Status as EventStatus
from ravabet.lib import jalali
from ravabet.network.models import Membership, Municipality, Role, User
from ravabet.newsroom.actions import save_news_item
from ravabet.newsroom.models import NewsItem, Revision
from ravabet.workload import actions
from ravabet.workload.models import Entry, Kind, Place, WorkMonth


def previous_month() -> tuple[int, int]:
    year, month = actions.this_month()
    return (year, month - 1) if month > 1 else (year - 1, 12)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=jalali.TEHRAN).astimezone(dt.UTC)


def weekday_in(year_month: tuple[int, int], weekday: int, after: int = 0) -> dt.date:
    day = jalali.month_bounds(*year_month)[0] + dt.timedelta(days=after)
    while day.weekday() != weekday:
        day += dt.timedelta(days=1)
    return day


@pytest.fixture
def last_month() -> tuple[int, int]:
    return previous_month()


@pytest.fixture
def written(rudsar, rudsar_reporter, last_month) -> NewsItem:
    """A news item the reporter saved twice on a Saturday morning (09:30 and 10:00)."""
    item = NewsItem(municipality=rudsar, title="لایروبی رودخانه‌های شهر رودسر", lead="آغاز شد")
    save_news_item(item, rudsar_reporter)
    save_news_item(item, rudsar_reporter, note="اصلاح")
    saturday = weekday_in(last_month, weekday=5)
    for revision, when in zip(
        Revision.objects.filter(item=item).order_by("number"),
        (at(saturday, 9, 30), at(saturday, 10, 0)),
        strict=True,
    ):
        Revision.objects.filter(pk=revision.pk).update(created_at=when)
    return item


@pytest.fixture
def covered(rudsar, rudsar_head, rudsar_reporter, last_month) -> Event:
    """A ceremony on a Wednesday evening, 17:00 to 21:30, covered by the reporter."""
    day = weekday_in(last_month, weekday=2, after=7)
    event = Event(
        municipality=rudsar,
        kind=EventKind.CEREMONY,
        title="آیین افتتاح پارک ساحلی",
        status=EventStatus.HELD,
        created_by=rudsar_head,
    )
    event.set_days(day, day, dt.time(17, 0), dt.time(21, 30))
    event.save()
    Coverage.objects.create(event=event, role=CoverageRole.REPORTER, user=rudsar_reporter)
    return event


@pytest.fixture
def month(rudsar, rudsar_reporter, last_month) -> WorkMonth:
    return actions.open_month(rudsar_reporter, rudsar, *last_month)


@pytest.fixture
def kelachay_staff(east_gilan, kelachay) -> User:
    user = User.objects.create_user("kelachay-reporter", password="x" * 20)
    Membership.objects.create(user=user, role=Role.PR_STAFF, municipality=kelachay)
    return user


def manual(month: WorkMonth, day: dt.date, start: int, end: int, **fields: object) -> Entry:
    entry = Entry(
        kind=str(fields.pop("kind", Kind.FIELD_VISIT)),
        place=str(fields.pop("place", Place.FIELD)),
        starts_at=at(day, start),
        ends_at=at(day, end) if end > start else at(day + dt.timedelta(days=1), end),
        title=str(fields.pop("title", "بازدید میدانی")),
        **fields,  # type: ignore[arg-type]
    )
    return actions.save_entry(month, entry)


def confirmed_people(
    municipality: Municipality, count: int, last_month: tuple[int, int], hours: int = 8
) -> list[User]:
    """``count`` PR people of the office, each with a confirmed month of weekday mornings."""
    people = []
    first, last = jalali.month_bounds(*last_month)
    taken = User.objects.count()
    for n in range(count):
        user = User.objects.create_user(f"{municipality.slug}-pr-{taken + n}", password="x" * 20)
        Membership.objects.create(user=user, role=Role.PR_STAFF, municipality=municipality)
        work = actions.open_month(user, municipality, *last_month)
        rows = []
        day = first
        while day <= last:
            if day.weekday() != 4:
                rows.append(
                    Entry(
                        month=work,
                        kind=Kind.NEWS,
                        place=Place.OFFICE,
                        starts_at=at(day, 7),
                        ends_at=at(day, 7 + hours),
                        title="کار روزانه",
                        source="manual",
                    )
                )
            day += dt.timedelta(days=1)
        Entry.objects.bulk_create(rows)
        actions.confirm_month(work)
        people.append(user)
    return people
