"""Demo citizens' messages for every demo municipality, and one Open311 key each.

Messages are keyed on their form token (demo-<slug>-<n>), the key on its client name, so a
second run changes nothing and prints the same keys.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import random

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ravabet.lib import jalali
from ravabet.network.models import Membership, Municipality, Role

from . import actions
from .models import Category, Channel, Kind, Message, Status

DEMO_SLUGS = ("lahijan", "rudsar", "rudboneh", "shalman", "kelachay", "astaneh-ashrafiyeh")
PER_MUNICIPALITY = 36
API_CLIENT = "demo Open311 client"
# Street problems others benefit from seeing; staff conduct can never be public.
PUBLIC_CATEGORIES = ("cleaning-waste", "green-space", "traffic-roads", "urban-services")

TEXTS: dict[str, list[tuple[str, str]]] = {
    # category code: (kind, text)
    "cleaning-waste": [
        ("complaint", "زباله‌های کوچه شهید بهشتی از دوشنبه جمع‌آوری نشده و بوی نامطبوع پیچیده است."),
        (
            "complaint",
            "سطل‌های زباله کنار بازار روز سرریز شده‌اند؛ لطفاً جمع‌آوری زباله را زودتر انجام دهید.",
        ),
        ("request", "درخواست نصب سطل زباله در ابتدای کوچه گلستان را داریم."),
        (
            "complaint",
            "جمع‌آوری زباله در محله ما شب‌ها دیر انجام می‌شود و گربه‌ها کیسه‌ها را پاره می‌کنند.",
        ),
    ],
    "green-space": [
        ("request", "درختان پارک ساحلی نیاز به هرس دارند و شاخه‌ها روی پیاده‌رو افتاده است."),
        ("praise", "از گل‌کاری زیبای میدان اصلی و زحمات کارکنان فضای سبز سپاسگزاریم."),
        ("complaint", "آبیاری فضای سبز بلوار در ظهر انجام می‌شود و آب هدر می‌رود."),
        ("suggestion", "پیشنهاد می‌کنم در پارک محله وسایل ورزشی برای سالمندان نصب شود."),
    ],
    "traffic-roads": [
        ("complaint", "چاله بزرگ آسفالت در خیابان امام خطرناک شده و چند موتورسوار زمین خورده‌اند."),
        ("request", "خط‌کشی عابر پیاده جلوی مدرسه کمرنگ شده است؛ درخواست خط‌کشی دوباره داریم."),
        ("complaint", "چراغ روشنایی کوچه مسجد چند شب است خاموش است."),
        ("suggestion", "پیشنهاد نصب سرعت‌گیر در ورودی کوچه مدرسه را دارم."),
    ],
    "urban-services": [
        ("complaint", "آب‌گرفتگی معبر بعد از باران دیشب؛ جوی‌ها گرفته است و لایروبی جوی لازم است."),
        ("request", "لایروبی جوی کنار خیابان فردوسی قبل از فصل بارندگی انجام شود."),
        ("question", "ساعت کار بازار روز جمعه‌ها چگونه است؟"),
    ],
    "building-permits": [
        ("question", "برای تمدید پروانه ساختمان چه مدارکی لازم است و چقدر زمان می‌برد؟"),
        ("complaint", "ساخت‌وساز همسایه نخاله‌ها را در کوچه رها کرده و رفت‌وآمد سخت شده است."),
        ("question", "پیگیری پرونده پایان‌کار من از کدام واحد است؟"),
    ],
    "culture-sport": [
        ("praise", "جشنواره فرهنگی هفته گذشته بسیار خوب برگزار شد؛ دست مریزاد."),
        ("request", "درخواست برگزاری کلاس‌های ورزشی تابستانه برای نوجوانان در سالن محله داریم."),
        ("suggestion", "پیشنهاد می‌کنم کتابخانه سیار شهرداری به روستاهای اطراف هم برود."),
    ],
    "staff-conduct": [
        ("complaint", "برخورد یکی از مأموران پارکبان با شهروندان مناسب نبود."),
        ("praise", "از پاسخگویی محترمانه و سریع همکاران واحد درآمد تشکر می‌کنم."),
    ],
    "other": [
        ("question", "آیا شهرداری برنامه‌ای برای ایستگاه دوچرخه دارد؟"),
        ("suggestion", "پیشنهاد راه‌اندازی بازارچه محصولات محلی در روزهای تعطیل."),
    ],
}
NAMES = [
    "مریم احمدی",
    "رضا کریمی",
    "زهرا موسوی",
    "علی رستمی",
    "فاطمه نیک‌پور",
    "حسن قاسمی",
    "سمیرا پاکزاد",
    "محسن جعفری",
    "لیلا شفیعی",
    "جواد عباسی",
]
REPLIES = [
    "پیام شما به واحد مربوط ارجاع شد و کار انجام شد. از همراهی شما سپاسگزاریم.",
    "کارشناسان واحد مربوط بازدید کردند و مشکل برطرف شد.",
    "درخواست شما در برنامه کاری این هفته قرار گرفت.",
    "پاسخ پرسش شما: مدارک لازم در سامانه شهرداری فهرست شده است و کارشناسان آماده راهنمایی هستند.",
]
# A spread over the workflow: (status, answered, rated)
STATES = [
    (Status.NEW, False, False),
    (Status.ROUTED, False, False),
    (Status.IN_PROGRESS, False, False),
    (Status.ANSWERED, True, True),
    (Status.ANSWERED, True, False),
    (Status.CLOSED, True, True),
]


def demo_api_key(municipality: Municipality) -> str:
    """The same demo key on every run (derived from the secret), never stored in the clear."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"voice-demo-{municipality.slug}".encode(), hashlib.sha256
    ).hexdigest()
    return f"rv_demo_{municipality.slug}_{digest[:20]}"


def _load_municipality(municipality: Municipality) -> None:
    categories = {c.code: c for c in actions.ensure_categories(municipality)}
    Category.objects.filter(municipality=municipality, code__in=PUBLIC_CATEGORIES).update(
        is_public=True
    )
    departments = list(municipality.departments.all())
    # The categories were made with the municipality, before its departments: the demo's
    # categories meet the department of the same name, as an office would set them.
    by_name = {d.name: d for d in departments}
    for category in categories.values():
        if category.department_id is None and category.name in by_name:
            category.department = by_name[category.name]
            category.save(update_fields=["department"])
    head = (
        Membership.objects.filter(municipality=municipality, role=Role.PR_HEAD)
        .select_related("user")
        .first()
    )
    rng = random.Random(municipality.slug)  # noqa: S311  (demo data, not security)
    now = timezone.now()
    year, month, _day = jalali.to_jalali(timezone.localdate())
    first_month = (year, month - 2) if month > 2 else (year - 1, month + 10)
    start = dt.datetime.combine(
        jalali.from_jalali(*first_month, 1), dt.time(8), tzinfo=jalali.TEHRAN
    )
    span = (now - start).total_seconds()
    pool = [(code, kind, text) for code, items in TEXTS.items() for kind, text in items]
    for n in range(PER_MUNICIPALITY):
        token = f"demo-{municipality.slug}-{n}"
        if Message.objects.filter(form_token=token).exists():
            continue
        code, kind, text = pool[n % len(pool)]
        received = start + dt.timedelta(seconds=rng.uniform(0, span))
        status, answered, rated = STATES[n % len(STATES)]
        channel = rng.choice(
            [Channel.WEB] * 5 + [Channel.PHONE, Channel.IN_PERSON, Channel.LETTER, Channel.OPEN311]
        )
        message, _created = actions.submit_message(
            municipality,
            actions.Submission(
                kind=kind if kind in Kind.values else Kind.COMPLAINT,
                category=categories[code],
                text=text,
                channel=channel,
                name=rng.choice(NAMES),
                mobile=f"0912{rng.randint(1000000, 9999999)}",
                consent=True,
                # About half the web senders agree to publication (Open311 without a key).
                public_consent=channel == Channel.WEB and n % 2 == 0,
                form_token=token,
            ),
        )
        message.received_at = received
        message.due_on = actions.add_working_days(
            municipality, timezone.localdate(received), categories[code].deadline_days
        )
        message.save(update_fields=["received_at", "due_on"])
        if status != Status.NEW and departments:
            actions.route_message(message, rng.choice(departments), by=head.user if head else None)
        if status == Status.IN_PROGRESS:
            actions.change_status(message, Status.IN_PROGRESS)
        if answered and head:
            actions.reply_to_message(message, head.user, rng.choice(REPLIES), tell_citizen=False)
            replied = min(received + dt.timedelta(hours=rng.uniform(4, 24 * 9)), now)
            message.first_reply_at = message.answered_at = replied
            message.save(update_fields=["first_reply_at", "answered_at"])
            message.replies.update(created_at=replied)
            if status == Status.CLOSED:
                actions.change_status(message, Status.CLOSED)
            if rated:
                actions.rate_message(message, rng.choice([5, 5, 4, 4, 3, 2]), "")


@transaction.atomic
def load() -> list[str]:
    lines = ["", "Open311 (GeoReport v2) at /open311/v2/ — demo api_key per jurisdiction_id:"]
    for municipality in Municipality.objects.filter(slug__in=DEMO_SLUGS).order_by("slug"):
        _load_municipality(municipality)
        key = demo_api_key(municipality)
        actions.issue_api_key(municipality, API_CLIENT, key)
        lines.append(f"  {municipality.slug:<20} api_key={key}")
    return lines
