"""A quarter's recorded work for some municipalities, written in bulk: news published,
citizens' messages with their replies, resolutions owned, events held. For the tests and
the benchmark (bench/bench_diagnosis.py); the figures it makes are known in advance."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from ravabet.events.models import Event
from ravabet.events.models import Status as EventStatus
from ravabet.lib.jalali import TEHRAN, JalaliQuarter, from_jalali
from ravabet.meetings.models import Meeting, OwnerKind, Resolution, ResolutionStatus
from ravabet.network.models import Municipality, Network, User
from ravabet.newsroom.models import NewsItem
from ravabet.newsroom.models import Status as NewsStatus
from ravabet.voice.models import Category, Message
from ravabet.voice.models import Status as VoiceStatus


@dataclass(frozen=True)
class Work:
    """Per member and quarter: news per month, messages (replied after `reply_hours`, the
    first `late` of them after their deadline), resolutions (`on_time` of them done by the
    deadline), events held (`reported` of them reported)."""

    news_per_month: int = 4
    messages: int = 6
    reply_hours: int = 24
    late: int = 1
    resolutions: int = 2
    on_time: int = 1
    events: int = 2
    reported: int = 1


# Tracking codes unique across calls (random ones collide within a year of 1,400 members).
_codes = (f"B{n:07d}" for n in itertools.count(int(uuid.uuid4().int % 10**6)))


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TEHRAN).astimezone(dt.UTC)


def record(
    network: Network,
    members: Sequence[Municipality | int],
    quarter: JalaliQuarter,
    author: User,
    work: Work = Work(),
) -> None:
    ids = [m if isinstance(m, int) else m.pk for m in members]
    categories = dict(
        Category.objects.filter(municipality_id__in=ids).values_list("municipality_id", "pk")
    )
    missing = [pk for pk in ids if pk not in categories]
    Category.objects.bulk_create(
        Category(municipality_id=pk, code="general", name="عمومی") for pk in missing
    )
    if missing:
        categories = dict(
            Category.objects.filter(municipality_id__in=ids).values_list("municipality_id", "pk")
        )
    news: list[NewsItem] = []
    messages: list[Message] = []
    events: list[Event] = []
    resolutions: list[Resolution] = []
    months = [from_jalali(quarter.year, m, 5) for m in quarter.months()]
    meeting = Meeting.objects.create(
        network=network,
        title=f"نشست فصلی {quarter.year}-{quarter.number}",
        starts_at=_at(months[0]),
        quarter_year=quarter.year,
        quarter_number=quarter.number,
        is_quarterly=True,
        status="held",
        created_by=author,
    )
    for pk in ids:
        for day in months:
            for n in range(work.news_per_month):
                at = _at(day + dt.timedelta(days=n))
                news.append(
                    NewsItem(
                        municipality_id=pk,
                        author=author,
                        title=f"خبر {n}",
                        status=NewsStatus.PUBLISHED,
                        published_at=at,
                    )
                )
        for n in range(work.messages):
            received = _at(months[n % 3] + dt.timedelta(days=n % 20))
            due = received.astimezone(TEHRAN).date() + dt.timedelta(days=7)
            replied = received + dt.timedelta(hours=work.reply_hours if n >= work.late else 24 * 9)
            messages.append(
                Message(
                    municipality_id=pk,
                    category_id=categories[pk],
                    code=next(_codes),
                    kind="complaint",
                    channel="web",
                    status=VoiceStatus.ANSWERED,
                    text="پیام",
                    received_at=received,
                    due_on=due,
                    first_reply_at=replied,
                    answered_at=replied,
                )
            )
        for n in range(work.resolutions):
            deadline = months[1] + dt.timedelta(days=n)
            done_on = (
                deadline - dt.timedelta(days=1)
                if n < work.on_time
                else deadline + dt.timedelta(days=5)
            )
            resolutions.append(
                Resolution(
                    meeting=meeting,
                    text=f"مصوبه {n}",
                    owner_kind=OwnerKind.MUNICIPALITY,
                    owner_municipality_id=pk,
                    deadline=deadline,
                    status=ResolutionStatus.DONE,
                    closed_at=_at(done_on),
                )
            )
        for n in range(work.events):
            day = months[n % 3] + dt.timedelta(days=2 + n)
            events.append(
                Event(
                    municipality_id=pk,
                    title=f"مراسم {n}",
                    kind="ceremony",
                    start_date=day,
                    end_date=day,
                    starts_at=_at(day),
                    ends_at=_at(day, 12),
                    status=EventStatus.REPORTED if n < work.reported else EventStatus.HELD,
                    report="گزارش" if n < work.reported else "",
                )
            )
    NewsItem.objects.bulk_create(news, batch_size=2000)
    Message.objects.bulk_create(messages, batch_size=2000)
    Resolution.objects.bulk_create(resolutions, batch_size=2000)
    Event.objects.bulk_create(events, batch_size=2000)
