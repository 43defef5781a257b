"""This year's PR Day ceremony of the network (27 Ordibehesht, hosted by Lahijan), a
Lahijan booth at a coming exhibition, and a Rudsar press conference with half of its
checklist done. Keyed on the ceremony existing, so a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation
from PIL import Image, ImageDraw

from ravabet.lib import jalali
from ravabet.network.models import Municipality, Network, User

from . import actions
from .models import Event, Kind, Status

PR_DAY = "روز ارتباطات و روابط عمومی"


def _saturday_after(days: int) -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=days)
    while day.weekday() != 5:
        day += dt.timedelta(days=1)
    return day


def load() -> list[str]:
    # The checklists' default titles are written in the offices' language.
    with translation.override("fa"):
        return _load()


@transaction.atomic
def _load() -> list[str]:
    network = Network.objects.filter(slug="east-gilan").select_related("host").first()
    if network is None:
        return ["Demo events: no network to plan for."]
    if Event.objects.filter(network=network, occasion=PR_DAY).exists():
        return ["Demo events: already loaded."]
    lahijan_head = User.objects.get(username="lahijan-head")
    rudsar = Municipality.objects.get(slug="rudsar")
    rudsar_head = User.objects.get(username="rudsar-head")
    lahijan = network.host
    today = timezone.localdate()

    year = jalali.to_jalali(today)[0]
    pr_day = jalali.from_jalali(year, 2, 27)
    year_fa = jalali.format_date(pr_day, lang="fa")[-4:]
    ceremony = Event(
        network=network,
        kind=Kind.CEREMONY,
        title=f"مراسم گرامیداشت روز ارتباطات و روابط عمومی {year_fa}",
        occasion=PR_DAY,
        place=f"تالار شهرداری {lahijan.name}",
        organiser="دبیرخانه شبکه روابط عمومی شهرداری‌های شرق گیلان",
        audience="مدیران و کارشناسان روابط عمومی شهرداری‌های عضو، خبرنگاران",
        is_public=True,
        description="تجلیل از روابط عمومی‌های برتر شبکه و خبرنگاران فعال در حوزه مدیریت شهری.",
    )
    ceremony.set_days(pr_day, pr_day, dt.time(10), dt.time(12, 30))
    actions.create_event(ceremony, lahijan_head)
    if pr_day < today:
        for status in (Status.CONFIRMED, Status.HELD):
            actions.change_status(ceremony, status, "", lahijan_head)
        ceremony.tasks.update(done_at=timezone.now(), done_by=lahijan_head)
        actions.record_report(
            ceremony,
            attendance=120,
            report="مراسم با حضور مدیران روابط عمومی شهرداری‌های عضو و ۲۵ خبرنگار برگزار شد.",
            photos_link="",
            by=lahijan_head,
        )
        actions.add_report_photo(
            ceremony, _demo_photo(), "تجلیل از روابط عمومی‌های برتر شبکه", lahijan_head
        )

    booth_day = _saturday_after(21)
    booth = Event(
        municipality=lahijan,
        kind=Kind.BOOTH,
        title="غرفه شهرداری لاهیجان در نمایشگاه دستاوردهای مدیریت شهری",
        place="محل دائمی نمایشگاه‌های بین‌المللی استان گیلان، رشت",
        organiser="استانداری گیلان",
        audience="شهروندان",
        is_public=True,
    )
    booth.set_days(booth_day, booth_day + dt.timedelta(days=3))
    actions.create_event(booth, lahijan_head)

    conference_day = _saturday_after(14)
    conference = Event(
        municipality=rudsar,
        kind=Kind.PRESS_CONFERENCE,
        title="نشست خبری شهردار رودسر با اصحاب رسانه",
        place="سالن اجتماعات شهرداری رودسر",
        organiser="روابط عمومی شهرداری رودسر",
        audience="خبرنگاران و رسانه‌های محلی",
        is_public=True,
        description="گزارش پروژه‌های عمرانی و پاسخ به پرسش‌های خبرنگاران.",
    )
    conference.set_days(conference_day, conference_day, dt.time(10), dt.time(11, 30))
    actions.create_event(conference, rudsar_head)
    tasks = list(conference.tasks.order_by("position"))
    for task in tasks[: len(tasks) // 2]:
        actions.set_task_done(task, True, rudsar_head)
    return [
        "Demo events loaded: the network's PR Day ceremony, a Lahijan exhibition booth and a "
        "Rudsar press conference with half its checklist done."
    ]


def _demo_photo() -> SimpleUploadedFile:
    """A plain picture for the demo's report (the demo ships no photographs)."""
    buffer = io.BytesIO()
    image = Image.new("RGB", (640, 400), "#0e6e5c")
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 260, 600, 360), fill="#f4d35e")
    draw.ellipse((250, 60, 390, 200), fill="#f6f7f9")
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile("ceremony.jpg", buffer.getvalue(), content_type="image/jpeg")
