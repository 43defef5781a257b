"""Media monitoring for the demo: eastern Gilan's news sites as sources (the network's and
Rudsar's), watch lists for Rudsar and Lahijan, and a day of press items put in directly —
the demo's feeds live on example addresses that cannot be read from here, so reading
them fails gracefully and says so on the source's page. Three outlets carry one Rudsar
story (a cluster), two carry Rudsar's latest press release (pickups), one negative item
is a clipping with an open right-of-reply task. Keyed on the network's first source, so
a second run changes nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ravabet.media.models import Distribution
from ravabet.network.models import Municipality, Network, User
from ravabet.newsroom.models import Kind as NewsKind
from ravabet.newsroom.models import NewsItem
from ravabet.newsroom.models import Status as NewsStatus

from . import pipeline, text
from .actions import clip_item, open_reply, save_watch, subscribe
from .fetcher import Entry
from .models import MAX_POLL, Item, Pickup, Source, Tone, WatchKind

NETWORK_SOURCES = [
    ("گیلان امروز", "https://gilan-emrooz.example/rss"),
    ("خبرگزاری ایرنا - گیلان", "https://irna-gilan.example/feed"),
    ("شرق گیلان نیوز", "https://sharghe-gilan.example/atom.xml"),
]
RUDSAR_SOURCES = [("رودسر خبر", "https://rudsar-khabar.example/rss")]

WATCHES: dict[str, list[tuple[str, str, list[str], list[str]]]] = {
    "rudsar": [
        ("شهرداری رودسر", WatchKind.MUNICIPALITY, ["شهرداری شهر رودسر"], []),
        ("شهردار رودسر", WatchKind.MAYOR, ["مهدی رحیمی‌پور"], []),
        ("پیاده‌راه ساحلی رودسر", WatchKind.PROJECT, ["پیاده راه ساحلی"], []),
        ("محله چاکسر", WatchKind.DISTRICT, ["چاکسر"], ["جاده چاکسر"]),
    ],
    "lahijan": [
        ("شهرداری لاهیجان", WatchKind.MUNICIPALITY, [], []),
        ("شهردار لاهیجان", WatchKind.MAYOR, ["کامران جعفری"], []),
        ("استخر لاهیجان", WatchKind.PROJECT, ["دریاچه استخر"], []),
    ],
}

STORY = (
    "مهدي رحيميپور شهردار رودسر در بازدید از پروژه پیاده‌راه ساحلی گفت عملیات اجرایی این "
    "طرح با اعتباری بالغ بر ۱۲۰ میلیارد ریال تا پایان پاییز به پایان می‌رسد و بخش نخست آن "
    "برای مسافران نوروزی آماده خواهد شد. وی با اشاره به مشارکت شهروندان در طراحی این پروژه "
    "افزود نظرات کسبه محلی و اهالی محله‌های ساحلی در طرح نهایی لحاظ شده و نورپردازی، مبلمان "
    "شهری و مسیر دوچرخه نیز در این مرحله اجرا می‌شود."
)
ITEMS = [
    # (source index, hours ago, title, summary)
    (0, 9, "پیاده‌راه ساحلی رودسر تا پایان پاییز آماده می‌شود", STORY),
    (
        1,
        7,
        "شهردار رودسر: بخش نخست پیاده‌راه برای نوروز آماده است",
        "رودسر - ایرنا: " + STORY[: int(len(STORY) * 0.8)],
    ),
    (2, 5, "۱۲۰ میلیارد ریال برای پیاده‌راه ساحلی رودسر", "به گزارش شرق گیلان نیوز، " + STORY[60:]),
    (
        3,
        4,
        "گلایه اهالی چاکسر از آب‌گرفتگی معابر",
        "اهالی محله چاکسر رودسر از آب‌گرفتگی معابر پس از بارش‌های اخیر گلایه دارند و می‌گویند "
        "شهرداری رودسر به مشکل کانال‌های آب باران بی‌توجهی کرده است.",
    ),
    (
        0,
        3,
        "برگزاری جشنواره چای در لاهیجان",
        "جشنواره چای بهاره با حضور شهردار لاهیجان و کشاورزان منطقه در دریاچه استخر برگزار شد.",
    ),
    (
        1,
        2,
        "بازسازی مسیر پیاده‌روی دریاچه استخر",
        "شهرداری لاهیجان از آغاز بازسازی مسیر پیاده‌روی دریاچه استخر خبر داد.",
    ),
]


def load() -> list[str]:
    network = Network.objects.filter(slug="east-gilan").first()
    rudsar = Municipality.objects.filter(slug="rudsar").first()
    if network is None or rudsar is None:
        return ["Demo monitoring: no network to watch for."]
    if Source.objects.filter(network=network).exists():
        return ["Demo monitoring: already loaded."]
    return _load(network, rudsar)


@transaction.atomic
def _load(network: Network, rudsar: Municipality) -> list[str]:
    now = timezone.now()
    head = User.objects.filter(username="rudsar-head").first()
    # Never read: the example addresses cannot be reached; a person can press "Read now".
    later = now + dt.timedelta(seconds=MAX_POLL)
    sources = [
        Source.objects.create(network=network, name=n, feed_url=u, next_poll_at=later)
        for n, u in NETWORK_SOURCES
    ] + [
        Source.objects.create(municipality=rudsar, name=n, feed_url=u, next_poll_at=later)
        for n, u in RUDSAR_SOURCES
    ]
    for slug, watches in WATCHES.items():
        place = Municipality.objects.filter(slug=slug).first()
        if place is None:
            continue
        for name, kind, aliases, exclusions in watches:
            save_watch(place, name=name, kind=kind, aliases=aliases, exclusions=exclusions)
    release = (
        # A press release the office wrote, not a crisis room's statement.
        NewsItem.objects.filter(
            municipality=rudsar, status=NewsStatus.PUBLISHED, kind=NewsKind.PRESS_RELEASE
        )
        .order_by("-published_at")
        .first()
    )
    entries = []
    for at, hours, title, summary in ITEMS:
        entries.append((sources[at], hours, title, summary))
    if release is not None and head is not None:
        sent_at = now - dt.timedelta(hours=8)
        distribution = Distribution.objects.create(
            item=release,
            created_by=head,
            from_email="press.rudsar@example.org",
            base_url="http://127.0.0.1:8000",
        )
        Distribution.objects.filter(pk=distribution.pk).update(created_at=sent_at)
        carried = " ".join([release.title, release.lead, pipeline._plain(release.body)])
        entries.append((sources[1], 6, release.title, carried))
        entries.append((sources[3], 4, "رودسر: " + release.title, "به گزارش رودسر خبر، " + carried))
    near = pipeline.near_duplicates()
    match = pipeline.matcher()
    for number, (source, hours, title, summary) in enumerate(entries):
        entry = Entry(
            url=f"{source.feed_url.rsplit('/', 1)[0]}/news/{1000 + number}",
            guid="",
            title=title,
            summary=summary,
            published_at=now - dt.timedelta(hours=hours),
            date_guessed=False,
        )
        pipeline.store_entry(source, entry, text.canonical_url(entry.url), now, near, match)
    for source in sources:
        Source.objects.filter(pk=source.pk).update(
            item_count=source.items.count(), last_success_at=now - dt.timedelta(hours=1)
        )
    complaint = Item.objects.filter(title__startswith="گلایه اهالی چاکسر").first()
    if complaint is not None and head is not None:
        clipping = clip_item(
            complaint,
            rudsar,
            head,
            tone=Tone.NEGATIVE,
            notes="پاسخ خدمات شهری درباره لایروبی کانال‌ها تا فردا آماده شود.",
        )
        open_reply(clipping, owner=head, deadline=timezone.localdate() + dt.timedelta(days=2))
        subscribe(rudsar, head, True)
    mayor = User.objects.filter(username="rudsar-manager").first()
    if mayor is not None:
        subscribe(rudsar, mayor, True)
    return [
        f"Demo monitoring: {len(sources)} sources, {Item.objects.count()} items, "
        f"{Pickup.objects.count()} pickups."
    ]
