"""The network's last quarterly meeting (held, minutes approved, four resolutions in
different states, one overdue and owned by Rudsar) and the next one, planned.

Keyed on the network having quarterly meetings already, so a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ravabet.lib.jalali import TEHRAN, JalaliQuarter, from_jalali
from ravabet.network.models import Municipality, Network, User

from . import actions, news
from .models import (
    AgendaItem,
    Attendance,
    Invitation,
    Meeting,
    MeetingStatus,
    OwnerKind,
    ProgressUpdate,
    Resolution,
    ResolutionStatus,
    Statement,
)

SPEAKER = ("مهدی رضوانی", "رئیس اداره ارتباطات و امور بین‌الملل شهرداری لاهیجان")

STATEMENTS = [
    "جلسات فصلی فرصتی است تا نقش و جایگاه روابط عمومی در شهرداری‌ها را بررسی کنیم و برای "
    "عملکرد بهتر این مجموعه تلاش کنیم.",
    "روابط عمومی‌ها بازوان شهرداران هستند و باید مورد اعتماد قرار گیرند تا بتوانند بهتر به "
    "وظایف خود بپردازند.",
    "روابط عمومی نباید تنها به تبلیغ دستگاه خود بپردازد؛ باید مشکلات و نظر مردم را هم به "
    "مدیران منتقل کند.",
]


def _m(slug: str) -> Municipality:
    return Municipality.objects.get(slug=slug)


def _last_meeting(network: Network, head: User) -> Meeting:
    quarter = JalaliQuarter.current().previous()
    day = from_jalali(quarter.year, quarter.months()[1], 15)
    meeting = Meeting.objects.create(
        network=network,
        title=f"نشست فصلی مدیران روابط عمومی شهرداری‌های شرق گیلان ({quarter.label})",
        starts_at=dt.datetime.combine(day, dt.time(10), tzinfo=TEHRAN),
        place="سالن جلسات شهرداری لاهیجان",
        purpose="بررسی عملکرد روابط عمومی‌ها و پیگیری مصوبات نشست پیشین",
        quarter_year=quarter.year,
        quarter_number=quarter.number,
        is_quarterly=True,
        is_public=True,
        created_by=head,
    )
    for n, (title, kind, minutes) in enumerate(actions.standing_agenda()):
        AgendaItem.objects.create(
            meeting=meeting,
            position=(n + 1) * 10,
            title=str(title),
            kind=kind,
            duration_minutes=minutes,
            is_standing=True,
        )
    topic = AgendaItem.objects.create(
        meeting=meeting,
        position=25,
        title="آموزش کارشناسان روابط عمومی برای ارتباط در شرایط بحران",
        presenter="علی نوروزی",
        duration_minutes=30,
    )
    topic.minutes = (
        "<p>مدیر روابط عمومی شهرداری رودسر گزارشی از تجربه آبگرفتگی اسفندماه ارائه کرد و "
        "بر <strong>ضرورت آموزش مشترک</strong> کارشناسان تأکید شد.</p>"
    )
    topic.save(update_fields=["minutes"])
    opening = meeting.agenda.order_by("position")[0]
    for n, text in enumerate(STATEMENTS):
        Statement.objects.create(
            item=opening, speaker=SPEAKER[0], speaker_title=SPEAKER[1], text=text, position=n
        )
    Statement.objects.create(
        item=topic,
        speaker="علی نوروزی",
        speaker_title="مدیر روابط عمومی شهرداری رودسر",
        municipality=_m("rudsar"),
        text="اطلاع‌رسانی به‌موقع در ساعت‌های نخست بحران، بیشترین اثر را در آرامش شهروندان دارد.",
        position=0,
    )
    actions.invite_members(meeting)
    for invitation in meeting.invitations.select_related("municipality"):
        slug = invitation.municipality.slug if invitation.municipality else ""
        status = Attendance.LATE if slug == "shalman" else Attendance.PRESENT
        deputy = "زهرا امینی" if slug == "rudboneh" else ""
        actions.record_attendance(invitation, status, deputy)
    Invitation.objects.create(
        meeting=meeting,
        name="حمید صادقی",
        title="نماینده خبرگزاری صدا و سیما در لاهیجان",
        organisation="",
        email="sadeghi@example.org",
        attendance=Attendance.PRESENT,
    )
    meeting.status = MeetingStatus.HELD
    meeting.comments_until = meeting.starts_at + dt.timedelta(days=3)
    meeting.save(update_fields=["status", "comments_until"])
    return meeting


def _resolutions(meeting: Meeting, head: User) -> None:
    today = timezone.localdate()
    held_on = timezone.localtime(meeting.starts_at).date()
    overdue = Resolution.objects.create(
        meeting=meeting,
        text=(
            "برگزاری کارگاه آموزشی ارتباطات در شرایط بحران برای کارشناسان روابط عمومی "
            "شهرداری‌های عضو"
        ),
        owner_kind=OwnerKind.MUNICIPALITY,
        owner_municipality=_m("rudsar"),
        deadline=max(held_on + dt.timedelta(days=20), today - dt.timedelta(days=10)),
    )
    if overdue.deadline >= today:
        overdue.deadline = today - dt.timedelta(days=1)
        overdue.save(update_fields=["deadline"])
    in_progress = Resolution.objects.create(
        meeting=meeting,
        text="راه‌اندازی بانک تجربه‌های روابط عمومی شهرداری‌ها در سامانه روابط",
        owner_kind=OwnerKind.MUNICIPALITY,
        owner_municipality=_m("kelachay"),
        deadline=today + dt.timedelta(days=25),
        status=ResolutionStatus.IN_PROGRESS,
    )
    kelachay_head = User.objects.get(username="kelachay-head")
    ProgressUpdate.objects.create(
        resolution=in_progress,
        author=kelachay_head,
        text="سه تجربه از شهرداری‌های کلاچای، رودسر و لاهیجان ثبت شد؛ بقیه اعضا تا پایان ماه.",
        status=ResolutionStatus.IN_PROGRESS,
    )
    Resolution.objects.create(
        meeting=meeting,
        text="تدوین شیوه‌نامه مشترک خبرنویسی و پوشش رسانه‌ای شهرداری‌های عضو",
        owner_kind=OwnerKind.SECRETARIAT,
        deadline=held_on + dt.timedelta(days=30),
        status=ResolutionStatus.DONE,
        closed_at=meeting.starts_at + dt.timedelta(days=28),
    )
    Resolution.objects.create(
        meeting=meeting,
        text="انتشار ماهنامه چاپی مشترک شبکه روابط عمومی شرق گیلان",
        owner_kind=OwnerKind.MUNICIPALITY,
        owner_municipality=_m("shalman"),
        deadline=held_on + dt.timedelta(days=60),
        status=ResolutionStatus.DROPPED,
        drop_reason="به دلیل هزینه چاپ، خبرنامه الکترونیکی ماهانه جای آن را گرفت.",
        closed_at=meeting.starts_at + dt.timedelta(days=14),
    )


@transaction.atomic
def load() -> list[str]:
    network = Network.objects.get(slug="east-gilan")
    if Meeting.objects.filter(network=network, is_quarterly=True).exists():
        return ["Demo meetings: already loaded."]
    head = User.objects.get(username="lahijan-head")
    last = _last_meeting(network, head)
    _resolutions(last, head)
    actions.approve_minutes(last, head)
    news.store_draft(last)
    quarter = actions.next_quarter_for(network)
    upcoming = Meeting(
        network=network,
        title=f"نشست فصلی مدیران روابط عمومی شهرداری‌های شرق گیلان ({quarter.label})",
        starts_at=actions.propose_quarterly_date(quarter),
        place="سالن جلسات شهرداری لاهیجان",
        purpose="بررسی عملکرد روابط عمومی‌ها و پیگیری مصوبات نشست پیشین",
    )
    actions.plan_meeting(upcoming, head, quarterly=True)
    actions.invite_members(upcoming)
    return [
        "Demo meetings loaded: the last quarterly meeting (minutes approved, four "
        "resolutions) and the next one, planned."
    ]
