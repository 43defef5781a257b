"""The Rudsar reporter's last month, drafted from the news they wrote and the event they
covered, with a night call and a Friday ceremony added by hand and waiting for their
confirmation; and, for the network's aggregate, the month before confirmed by every PR
person of the network. Keyed on the reporter's last month existing: a second run changes
nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone, translation

from ravabet.events.models import Coverage, CoverageRole
from ravabet.events.models import Event as CalendarEvent
from ravabet.events.models import Kind as EventKind
from ravabet.events.models import Status as EventStatus
from ravabet.lib import jalali
from ravabet.network.models import PR_ROLES, Membership, Municipality, User
from ravabet.newsroom.actions import save_news_item
from ravabet.newsroom.models import NewsItem, Revision

from . import actions
from .models import Entry, Kind, Place, Source, WorkMonth


def _previous(year: int, month: int) -> tuple[int, int]:
    return (year, month - 1) if month > 1 else (year - 1, 12)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=jalali.TEHRAN).astimezone(dt.UTC)


def _weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    while day.weekday() != weekday:
        day += dt.timedelta(days=1)
    return day


def load() -> list[str]:
    with translation.override("fa"):
        return _load()


@transaction.atomic
def _load() -> list[str]:
    reporter = User.objects.filter(username="rudsar-reporter").first()
    rudsar = Municipality.objects.filter(slug="rudsar").first()
    if reporter is None or rudsar is None:
        return ["Demo workload: no Rudsar reporter to log for."]
    last = _previous(*actions.this_month())
    if WorkMonth.objects.filter(
        person=reporter, municipality=rudsar, year=last[0], month=last[1]
    ).exists():
        return ["Demo workload: already loaded."]
    first, end = jalali.month_bounds(*last)

    # What Ravabet recorded last month: a news item written over two days, and a ceremony
    # covered in the field one evening.
    item = NewsItem(
        municipality=rudsar,
        title="آغاز عملیات لایروبی رودخانه‌های سطح شهر رودسر پیش از فصل بارش",
        lead="با آغاز فصل بارندگی، عملیات لایروبی و پاکسازی بستر رودخانه‌های شهر آغاز شد.",
        body="<p>معاون خدمات شهری شهرداری رودسر از آغاز عملیات لایروبی خبر داد.</p>",
    )
    save_news_item(item, reporter)
    save_news_item(item, reporter, note="اصلاح تیتر")
    day1 = _weekday_on_or_after(first + dt.timedelta(days=3), 5)  # a Saturday
    revisions = list(Revision.objects.filter(item=item).order_by("number"))
    for revision, at in zip(revisions, (_at(day1, 9, 40), _at(day1, 20, 15)), strict=False):
        Revision.objects.filter(pk=revision.pk).update(created_at=at)

    event_day = _weekday_on_or_after(first + dt.timedelta(days=8), 2)  # a Wednesday
    event = CalendarEvent(
        municipality=rudsar,
        kind=EventKind.CEREMONY,
        title="آیین افتتاح پارک ساحلی رودسر",
        place="ساحل رودسر",
        status=EventStatus.HELD,
        created_by=User.objects.filter(username="rudsar-head").first() or reporter,
    )
    event.set_days(event_day, event_day, dt.time(17, 0), dt.time(21, 30))
    event.save()
    Coverage.objects.create(event=event, role=CoverageRole.REPORTER, user=reporter)

    month = actions.open_month(reporter, rudsar, *last)
    actions.draft_month(month)
    night = _weekday_on_or_after(first + dt.timedelta(days=12), 0)
    friday = _weekday_on_or_after(first + dt.timedelta(days=15), 4)
    for kind, place, start, stop, title, asked in (
        (
            Kind.ON_CALL,
            Place.FIELD,
            _at(night, 23, 10),
            _at(night + dt.timedelta(days=1), 1, 40),
            "تماس شبانه شهردار: آبگرفتگی خیابان امام و تهیه خبر فوری",
            True,
        ),
        (
            Kind.CEREMONY,
            Place.FIELD,
            _at(friday, 9, 0),
            _at(friday, 13, 0),
            "پوشش مراسم روز جمعه بزرگداشت شهدای شهر",
            True,
        ),
    ):
        if stop <= timezone.now() and start.date() <= end:
            actions.save_entry(
                month,
                Entry(
                    kind=kind,
                    place=place,
                    starts_at=start,
                    ends_at=stop,
                    title=title,
                    after_hours_request=asked,
                ),
            )

    # The month before: every PR person of the network confirmed a plain month (office
    # mornings, two evening events, one Friday), so the network's aggregate has people.
    before = _previous(*last)
    b_first, b_end = jalali.month_bounds(*before)
    people = Membership.objects.filter(role__in=list(PR_ROLES), municipality__isnull=False)
    for n, m in enumerate(people.select_related("user", "municipality").order_by("pk")):
        work = actions.open_month(m.user, m.municipality, *before)  # type: ignore[arg-type]
        if work.confirmed:
            continue
        rows = []
        day = b_first
        while day <= b_end:
            if day.weekday() != 4:  # not Friday
                rows.append(
                    Entry(
                        month=work,
                        kind=Kind.NEWS,
                        place=Place.OFFICE,
                        starts_at=_at(day, 7, 30),
                        ends_at=_at(day, 14, 30 + n % 3 * 10),
                        title="کار روزانه دفتر روابط عمومی",
                        source=Source.MANUAL,
                    )
                )
            if day.weekday() in (1, 3):
                rows.append(
                    Entry(
                        month=work,
                        kind=Kind.COVERAGE,
                        place=Place.FIELD,
                        starts_at=_at(day, 17, 0),
                        ends_at=_at(day, 20, 0 + n % 4 * 10),
                        title="پوشش خبری برنامه عصر",
                        source=Source.MANUAL,
                    )
                )
            day += dt.timedelta(days=1)
        Entry.objects.bulk_create(rows)
        WorkMonth.objects.filter(pk=work.pk).update(
            confirmed_at=timezone.now(), drafted_at=timezone.now()
        )
    return [
        "Demo workload loaded: the Rudsar reporter's last month drafted and waiting for "
        "confirmation, and the month before confirmed by the network's PR people."
    ]
