"""A small demo media list per municipality, with example.org addresses."""

from __future__ import annotations

from django.db import transaction

from ravabet.network.models import Municipality
from ravabet.newsroom.models import NewsroomSettings

from .models import Journalist, Outlet

OUTLETS = [
    ("خبرگزاری ایرنا - دفتر گیلان", "agency"),
    ("روزنامه گیلان امروز", "newspaper"),
    ("صدا و سیمای مرکز گیلان", "broadcast"),
]
JOURNALISTS = [
    ("سمیرا احمدی", 0, "شهری", "samira.ahmadi", True),
    ("کیوان رستمی", 1, "اجتماعی", "keyvan.rostami", True),
    ("لیلا نادری", 2, "فرهنگی", "leila.naderi", True),
    ("حمید صادقی", 1, "اقتصادی", "hamid.sadeghi", False),
]


@transaction.atomic
def load() -> list[str]:
    created = 0
    for municipality in Municipality.objects.order_by("pk"):
        outlets = []
        for name, kind in OUTLETS:
            outlet, _new = Outlet.objects.get_or_create(
                municipality=municipality, name=name, defaults={"kind": kind}
            )
            outlets.append(outlet)
        for name, outlet_index, beat, mailbox, consent in JOURNALISTS:
            email = f"{mailbox}.{municipality.slug}@example.org"
            _journalist, new = Journalist.objects.get_or_create(
                municipality=municipality,
                email=email,
                defaults={
                    "name": name,
                    "outlet": outlets[outlet_index],
                    "beat": beat,
                    "consent": consent,
                },
            )
            created += new
        # The press room's public contact: the office's press desk, chosen on purpose.
        config, _new = NewsroomSettings.objects.get_or_create(municipality=municipality)
        if not config.has_press_contact:
            config.press_contact = f"میز خبر روابط عمومی شهرداری {municipality.name}"
            config.press_email = f"press.{municipality.slug}@example.org"
            config.press_phone = "013-4222-0000"
            config.save(update_fields=["press_contact", "press_email", "press_phone"])
    return [f"Demo media list: {created} journalists added."]
