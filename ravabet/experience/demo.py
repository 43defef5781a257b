"""A handful of experiences from different members of the demo network."""

from __future__ import annotations

from django.db import transaction

from ravabet.network.models import Municipality, Network, User

from .actions import save_experience
from .models import Experience

EXPERIENCES = [
    (
        "rudsar",
        "اطلاع‌رسانی لحظه‌ای در آبگرفتگی معابر",
        "در بارندگی شدید اسفندماه، پیام‌های شهروندان درباره آبگرفتگی پراکنده و بی‌پاسخ می‌ماند.",
        "یک کانال اطلاع‌رسانی بحران راه‌اندازی و هر یک ساعت گزارش وضعیت معابر و اکیپ‌های "
        "خدمات شهری منتشر شد.",
        "تماس‌های تلفنی با ستاد ۴۰ درصد کاهش یافت و رسانه‌های استان از گزارش‌ها استفاده کردند.",
        "بحران، فضای مجازی، خدمات شهری",
        True,
    ),
    (
        "lahijan",
        "نشست خبری ماهانه شهردار با خبرنگاران محلی",
        "خبرنگاران محلی برای پرسش از شهردار راه منظمی نداشتند و شایعه جای خبر را می‌گرفت.",
        "نشست خبری ثابت در نخستین دوشنبه هر ماه با دستور کار از پیش اعلام‌شده برگزار شد.",
        "پوشش خبری پروژه‌های شهری منظم شد و پرسش‌ها پیش از انتشار پاسخ گرفت.",
        "رسانه، نشست خبری",
        False,
    ),
    (
        "kelachay",
        "پاسخ‌گویی شبانه به پیام‌های شهروندان",
        "پیام‌های شبانه شهروندان تا صبح بی‌پاسخ می‌ماند و نارضایتی در فضای مجازی بازتاب داشت.",
        "نوبت‌دهی کارشناسان برای پاسخ‌گویی در پیام‌رسان‌ها تا نیمه‌شب.",
        "میانگین زمان نخستین پاسخ به کمتر از یک ساعت رسید.",
        "ارباب رجوع، پاسخ‌گویی",
        False,
    ),
    (
        "astaneh-ashrafiyeh",
        "گزارش تصویری هفتگی از پروژه‌های عمرانی",
        "شهروندان از پیشرفت پروژه‌های عمرانی خبر نداشتند.",
        "هر پنجشنبه گزارش تصویری کوتاهی از پیشرفت پروژه‌ها در پایگاه خبری منتشر شد.",
        "بازدید پایگاه خبری دو برابر شد و پرسش‌های تکراری کاهش یافت.",
        "عکس، پروژه‌های عمرانی",
        False,
    ),
]


@transaction.atomic
def load() -> list[str]:
    network = Network.objects.get(slug="east-gilan")
    created = 0
    for slug, title, problem, action, result, tags, featured in EXPERIENCES:
        municipality = Municipality.objects.get(slug=slug)
        if Experience.objects.filter(municipality=municipality, title=title).exists():
            continue
        save_experience(
            Experience(
                network=network,
                municipality=municipality,
                author=User.objects.filter(username=f"{slug}-head").first(),
                title=title,
                problem=problem,
                action=action,
                result=result,
                tags=tags,
                is_featured=featured,
            )
        )
        created += 1
    return [f"Demo experiences: {created} added."]
