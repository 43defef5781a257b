from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ravabet.conftest import make_municipality, make_user
from ravabet.meetings import actions
from ravabet.meetings.models import (
    Attendance,
    Invitation,
    Meeting,
    MeetingStatus,
    OwnerKind,
    Resolution,
    Statement,
)
from ravabet.network.models import Membership, Role, User


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def outsider(db) -> User:  # type: ignore[no-untyped-def]
    """The PR head of a municipality outside the network."""
    astara = make_municipality("astara", "آستارا", "Astara", "آستارا")
    user = make_user("astara-head", "پرویز", "کریمی")
    Membership.objects.create(user=user, role=Role.PR_HEAD, municipality=astara)
    return user


@pytest.fixture
def kelachay_head(east_gilan, kelachay) -> User:  # type: ignore[no-untyped-def]
    user = make_user("kelachay-head", "محمد", "حیدری")
    Membership.objects.create(user=user, role=Role.PR_HEAD, municipality=kelachay)
    return user


def in_days(days: int, hour: int = 10) -> dt.datetime:
    local = timezone.localtime() + dt.timedelta(days=days)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def planned(east_gilan, lahijan_head) -> Meeting:  # type: ignore[no-untyped-def]
    meeting = Meeting(
        network=east_gilan,
        title="نشست فصلی شبکه",
        starts_at=in_days(10),
        place="سالن جلسات شهرداری لاهیجان",
    )
    return actions.plan_meeting(meeting, lahijan_head, quarterly=True)


@pytest.fixture
def held(east_gilan, lahijan_head, rudsar_head, lahijan, rudsar) -> Meeting:  # type: ignore[no-untyped-def]
    """A meeting held a week ago, with attendance, a statement and two resolutions."""
    meeting = Meeting(
        network=east_gilan,
        title="نشست فصلی مدیران روابط عمومی",
        starts_at=in_days(-7),
        place="سالن جلسات شهرداری لاهیجان",
    )
    meeting = actions.plan_meeting(meeting, lahijan_head, quarterly=True)
    actions.invite_members(meeting)
    for invitation in meeting.invitations.all():
        actions.record_attendance(invitation, Attendance.PRESENT, "")
    item = meeting.agenda.first()
    assert item is not None
    Statement.objects.create(
        item=item, speaker="مهدی رضوانی", speaker_title="مدیر روابط عمومی", text="سخن مهم."
    )
    actions.mark_held(meeting, 3)
    actions.create_resolution(
        Resolution(
            meeting=meeting,
            text="راه‌اندازی بانک تجربه‌های شهرداری‌ها",
            owner_kind=OwnerKind.MUNICIPALITY,
            owner_municipality=rudsar,
            deadline=timezone.localdate() + dt.timedelta(days=20),
        )
    )
    actions.create_resolution(
        Resolution(
            meeting=meeting,
            text="تدوین شیوه‌نامه خبرنویسی",
            owner_kind=OwnerKind.SECRETARIAT,
            deadline=timezone.localdate() + dt.timedelta(days=30),
        )
    )
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def rudsar_resolution(held) -> Resolution:  # type: ignore[no-untyped-def]
    return held.resolutions.get(owner_kind=OwnerKind.MUNICIPALITY)


@pytest.fixture
def own_meeting(rudsar, rudsar_head) -> Meeting:  # type: ignore[no-untyped-def]
    """Rudsar's own office meeting."""
    meeting = Meeting(
        municipality=rudsar, title="جلسه داخلی روابط عمومی", starts_at=in_days(5), place="دفتر"
    )
    return actions.plan_meeting(meeting, rudsar_head)


def close_comments(meeting: Meeting) -> Meeting:
    """End a held meeting's comment window (the minutes may be approved after it)."""
    meeting.comments_until = timezone.now() - dt.timedelta(minutes=1)
    meeting.save(update_fields=["comments_until"])
    return meeting


def guest(meeting: Meeting, email: str = "reporter@irib.example") -> Invitation:
    return Invitation.objects.create(
        meeting=meeting,
        name="حمید صادقی",
        title="نماینده خبرگزاری صدا و سیما",
        organisation="صدا و سیمای مرکز گیلان",
        email=email,
    )


__all__ = ["MeetingStatus", "close_comments", "guest", "in_days"]
