"""Who to reach for every member office; an open flood in Lahijan with two statements
published, a draft waiting for the spokesperson, a rumour answered and a night shift; and
a closed power cut in Rudsar with its review. Keyed on the incidents' titles and the
contacts' names, so a second run changes nothing."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from ravabet.network.models import Municipality, Network, User

from . import actions
from .models import Contact, Incident, Rumour, Shift, Template

FLOOD = "آبگرفتگی معابر مرکزی لاهیجان پس از بارش شدید"
POWER_CUT = "قطعی برق گسترده در رودسر"

CONTACTS = [
    ("fire", "ایستگاه مرکزی آتش‌نشانی", "افسر کشیک", "125", 20),
    ("red_crescent", "جمعیت هلال‌احمر شهرستان", "مسئول امداد و نجات", "112", 40),
    ("governorate", "فرمانداری", "معاون سیاسی و امنیتی", "013-4222-1000", 200),
    ("crisis_hq", "ستاد مدیریت بحران شهرستان", "دبیر ستاد", "013-4222-1100", 60),
    ("water", "شرکت آب و فاضلاب", "اتفاقات آب", "122", 10),
    ("power", "شرکت توزیع نیروی برق", "اتفاقات برق", "121", 130),
    ("gas", "شرکت گاز", "امداد گاز", "194", None),
    ("health", "اورژانس", "هماهنگی پیش‌بیمارستانی", "115", 30),
    ("internal", "دفتر شهردار", "مدیر دفتر", "013-4222-0001", 5),
    ("media", "صدا و سیمای مرکز گیلان", "دبیر خبر", "013-3333-0000", 100),
]


def load() -> list[str]:
    # The statements' templates are written in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        return _load()


def _contacts() -> int:
    today = timezone.localdate()
    added = 0
    for municipality in Municipality.objects.order_by("pk"):
        for organisation, name, role, phone, days in CONTACTS:
            _contact, new = Contact.objects.get_or_create(
                municipality=municipality,
                name=name,
                defaults={
                    "organisation": organisation,
                    "role": role,
                    "phone": phone,
                    "last_verified_on": today - dt.timedelta(days=days) if days else None,
                },
            )
            added += new
    return added


def _publish(incident: Incident, by: User, template: str, base_url: str) -> None:
    statement = actions.draft_statement(incident, by, template=template)
    actions.approve_statement(statement, incident.spokesperson)
    actions.publish_statement(statement, by, base_url=base_url)


@transaction.atomic
def _load() -> list[str]:
    added = _contacts()
    network = Network.objects.filter(slug="east-gilan").first()
    lahijan = Municipality.objects.filter(slug="lahijan").first()
    rudsar = Municipality.objects.filter(slug="rudsar").first()
    if network is None or lahijan is None or rudsar is None:
        return [f"Demo crisis room: {added} contacts; no network for incidents."]
    if Incident.objects.filter(title=FLOOD).exists():
        return [f"Demo crisis room: {added} contacts added; incidents already loaded."]
    head = User.objects.get(username="lahijan-head")
    reporter = User.objects.get(username="lahijan-reporter")
    base_url = settings.SITE_URL or "http://127.0.0.1:8000"
    now = timezone.now()

    flood = actions.open_incident(
        Incident(
            title=FLOOD,
            kind="flood",
            severity="serious",
            description="بارش بیش از ۸۰ میلی‌متر باران در سه ساعت؛ خیابان شیخ زاهد و میدان "
            "شهدا آبگرفته است.",
            spokesperson=head,
            started_at=now - dt.timedelta(hours=3),
        ),
        head,
        municipalities=[lahijan],
        team=[(reporter, "writer")],
    )
    verified = [
        ("خیابان شیخ زاهد و میدان شهدا تا ارتفاع ۴۰ سانتی‌متر زیر آب است.", "افسر کشیک آتش‌نشانی"),
        ("سه دستگاه پمپ مکنده در میدان شهدا به کار افتاده است.", "معاون خدمات شهری"),
    ]
    for text, source in verified:
        actions.verify_fact(actions.add_fact(flood, reporter, text=text, source=source), head)
    wrong = actions.add_fact(
        flood, reporter, text="پل خشتی آسیب دیده است.", source="تماس یک شهروند"
    )
    _publish(flood, head, Template.HOLDING, base_url)
    actions.retract_fact(wrong, head, reason="بازدید میدانی: پل سالم است.")
    rumour = actions.add_rumour(
        Rumour(
            incident=flood,
            text="سد شیخ زاهد شکسته و آب به سمت شهر می‌آید.",
            where_seen="یک کانال تلگرامی محلی",
            seen_at=now - dt.timedelta(hours=1),
        ),
        reporter,
    )
    _publish(flood, head, Template.RUMOUR, base_url)
    rumour.status = "false"
    rumour.answered_by = flood.statements.filter(number=2).first()
    actions.update_rumour(rumour, head)
    # The room was opened twenty minutes into the flood and spoke half an hour later.
    Incident.objects.filter(pk=flood.pk).update(opened_at=now - dt.timedelta(hours=2, minutes=40))
    for number, ago in ((1, 130), (2, 50)):
        flood.statements.filter(number=number).update(
            published_at=now - dt.timedelta(minutes=ago),
            approved_at=now - dt.timedelta(minutes=ago + 5),
        )
    draft = actions.draft_statement(flood, reporter, template=Template.UPDATE)
    actions.submit_statement(draft, reporter)
    tonight = timezone.localtime(now).replace(hour=22, minute=0, second=0, microsecond=0)
    actions.add_shift(
        Shift(
            incident=flood,
            user=reporter,
            starts_at=tonight,
            ends_at=tonight + dt.timedelta(hours=8),
            duty="پایش کانال‌ها و پاسخ به تماس‌ها",
        ),
        head,
    )
    actions.add_shift(
        Shift(
            incident=flood,
            user=head,
            starts_at=now - dt.timedelta(hours=3),
            ends_at=tonight,
            duty="سخنگو",
        ),
        head,
    )

    rudsar_head = User.objects.get(username="rudsar-head")
    cut = actions.open_incident(
        Incident(
            title=POWER_CUT,
            kind="power_cut",
            severity="minor",
            description="قطعی برق در محله‌های غربی رودسر به دلیل طوفان.",
            spokesperson=rudsar_head,
            started_at=now - dt.timedelta(days=6),
        ),
        rudsar_head,
        municipalities=[rudsar],
    )
    fact = actions.add_fact(
        cut, rudsar_head, text="برق محله‌های غربی تا ساعت ۲۰ وصل می‌شود.", source="اتفاقات برق"
    )
    actions.verify_fact(fact, rudsar_head)
    _publish(cut, rudsar_head, Template.HOLDING, base_url)
    _publish(cut, rudsar_head, Template.ALL_CLEAR, base_url)
    actions.close_incident(cut, rudsar_head)
    return [
        f"Demo crisis room: {added} contacts, an open flood in Lahijan, a closed cut in Rudsar."
    ]
