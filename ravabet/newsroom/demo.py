"""Demo news for every demo municipality: published items with photos, a few in review.

Keyed on (municipality, title), so a second run changes nothing. Photos are drawn with
Pillow at load time rather than shipped as binaries.
"""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from ravabet.network.models import Municipality, User
from ravabet.search.actions import index_object

from .actions import add_photo, approve_item, publish_item, save_news_item, submit_for_review
from .models import Category, Kind, NewsItem
from .photos import process_photo

PUBLISHED = [
    (
        Kind.NEWS,
        Category.URBAN_SERVICES,
        "معاون خدمات شهری خبر داد",
        "آغاز عملیات لکه‌گیری و آسفالت معابر اصلی {name}",
        "عملیات لکه‌گیری و روکش آسفالت خیابان‌های اصلی شهر {name} از صبح امروز با حضور "
        "شهردار آغاز شد و تا پایان ماه ادامه دارد.",
        [
            "معاون خدمات شهری شهرداری {name} گفت: در این مرحله بیش از ۱۲ هزار متر مربع از "
            "معابر فرسوده لکه‌گیری و روکش می‌شود.",
            "وی افزود: برای کاهش مزاحمت برای شهروندان، کار در ساعات کم‌تردد شب انجام می‌شود "
            "و از همراهی رانندگان سپاسگزاریم.",
        ],
        "آسفالت، خدمات شهری",
    ),
    (
        Kind.NEWS,
        Category.CULTURE,
        "همزمان با هفته فرهنگ",
        "برگزاری جشنواره فرهنگی «{name}، شهر من» در پارک شهر",
        "جشنواره فرهنگی «{name}، شهر من» با نمایشگاه صنایع دستی، اجرای موسیقی محلی گیلان و "
        "برنامه‌های ویژه کودکان در پارک شهر برگزار می‌شود.",
        [
            "مدیر امور فرهنگی شهرداری {name} گفت: این جشنواره سه روز، از ساعت ۱۶ تا ۲۲، "
            "برای همه شهروندان رایگان برپاست.",
            "وی از هنرمندان و تولیدکنندگان محلی خواست برای داشتن غرفه با روابط عمومی "
            "شهرداری تماس بگیرند.",
        ],
        "جشنواره، فرهنگ، گردشگری",
    ),
    (
        Kind.PHOTO_REPORT,
        Category.ENVIRONMENT,
        "گزارش تصویری",
        "کاشت دو هزار نهال در کمربند سبز {name}",
        "با مشارکت دانش‌آموزان و گروه‌های مردمی، دو هزار نهال بومی در کمربند سبز شهر "
        "{name} کاشته شد.",
        [
            "رئیس سازمان سیما، منظر و فضای سبز شهرداری {name} گفت: نهال‌ها از گونه‌های "
            "سازگار با اقلیم گیلان مانند توسکا و بلوط انتخاب شده‌اند.",
        ],
        "فضای سبز، محیط زیست",
    ),
    (
        Kind.PRESS_RELEASE,
        Category.TRAFFIC,
        "",
        "اطلاعیه شهرداری {name} درباره محدودیت‌های ترافیکی پایان هفته",
        "به اطلاع شهروندان گرامی می‌رساند به دلیل اجرای عملیات عمرانی، خیابان امام از "
        "پنجشنبه تا شنبه یک‌طرفه خواهد بود.",
        [
            "از رانندگان محترم درخواست می‌شود از مسیرهای جایگزین استفاده کنند و به "
            "تابلوهای راهنما توجه فرمایند.",
            "روابط عمومی شهرداری {name}",
        ],
        "ترافیک، اطلاعیه",
    ),
]

IN_REVIEW = (
    Kind.NEWS,
    Category.DEVELOPMENT,
    "",
    "گزارش پیشرفت پروژه بازآفرینی بافت تاریخی {name}",
    "پروژه بازآفرینی بافت تاریخی {name} به ۶۰ درصد پیشرفت فیزیکی رسید.",
    ["این پیش‌نویس منتظر تأیید مدیر روابط عمومی است."],
    "بازآفرینی، پروژه",
)

COLOURS = [
    (38, 120, 110),
    (180, 90, 40),
    (60, 90, 160),
    (120, 60, 130),
    (40, 130, 60),
    (150, 120, 30),
]


def _picture(seed: int, label: int) -> SimpleUploadedFile:
    width, height = 1600, 1000
    base = COLOURS[(seed + label) % len(COLOURS)]
    image = Image.new("RGB", (width, height), base)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = int(60 * y / height)
        draw.line([(0, y), (width, y)], fill=tuple(min(255, c + shade) for c in base))
    # Hills and a sun: enough to look like a picture in a list.
    draw.ellipse([1150, 120, 1350, 320], fill=(250, 220, 120))
    draw.polygon([(0, 800), (500, 420 + 30 * label), (1000, 800)], fill=(30, 80, 50))
    draw.polygon([(600, 820), (1150, 500 - 20 * label), (1600, 820)], fill=(45, 100, 60))
    draw.rectangle([0, 800, width, height], fill=(70, 70, 75))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return SimpleUploadedFile(f"demo-{seed}-{label}.jpg", out.getvalue(), "image/jpeg")


def _body(paragraphs: list[str], name: str) -> str:
    return "".join(f"<p>{p.format(name=name)}</p>" for p in paragraphs)


def _item(municipality: Municipality, author: User, spec: tuple) -> tuple[NewsItem, bool]:  # type: ignore[type-arg]
    kind, category, surtitle, title, lead, body, tags = spec
    title = title.format(name=municipality.name)
    existing = NewsItem.objects.filter(municipality=municipality, title=title).first()
    if existing:
        return existing, False
    item = NewsItem(
        municipality=municipality,
        kind=kind,
        category=category,
        surtitle=surtitle,
        title=title,
        lead=lead.format(name=municipality.name),
        body=_body(body, municipality.name),
        tags=tags,
    )
    return save_news_item(item, author), True


@transaction.atomic
def load() -> list[str]:
    created = 0
    now = timezone.now()
    for index, municipality in enumerate(Municipality.objects.order_by("pk")):
        head = User.objects.filter(username=f"{municipality.slug}-head").first()
        reporter = User.objects.filter(username=f"{municipality.slug}-reporter").first()
        if head is None or reporter is None:
            continue
        for number, spec in enumerate(PUBLISHED):
            item, new = _item(municipality, reporter, spec)
            if not new:
                continue
            created += 1
            photo = process_photo(_picture(index, number))
            add_photo(
                item,
                photo,
                caption=f"{item.title}",
                credit=f"روابط عمومی شهرداری {municipality.name}",
            )
            approve_item(item, head)
            publish_item(item, head)
            item.published_at = now - timedelta(days=3 * number + index, hours=index)
            item.save(update_fields=["published_at"])
            index_object(item)
        if municipality.slug in ("rudsar", "lahijan", "kelachay"):
            item, new = _item(municipality, reporter, IN_REVIEW)
            if new:
                created += 1
                submit_for_review(item, reporter)
    return [f"Demo news: {created} items added."]
