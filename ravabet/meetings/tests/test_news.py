"""The seed's meeting, entered into Ravabet, gives a draft a PR editor recognises."""

import datetime as dt

import pytest
from django.utils import translation

from ravabet.conftest import SEED_REPORT, make_municipality, make_user
from ravabet.lib.jalali import TEHRAN, from_jalali
from ravabet.meetings import actions, news
from ravabet.meetings.models import (
    Attendance,
    Invitation,
    Meeting,
    OwnerKind,
    Resolution,
    Statement,
)
from ravabet.network.models import Membership, Role

SEED = SEED_REPORT

BOLOURCHIAN = ("جهانگیر بلورچیان", "رییس اداره ارتباطات و امور بین‌الملل شهرداری لاهیجان")


@pytest.fixture
def seed_meeting(east_gilan, lahijan_head, rudsar_head, kelachay):
    """The 27 Ordibehesht meeting as the secretariat would enter it."""
    heads = [rudsar_head]
    for slug, name, first, last in [
        ("rudboneh", "رودبنه", "حسین", "قربانی"),
        ("shalman", "شلمان", "رضا", "مرادی"),
        ("astaneh-ashrafiyeh", "آستانه اشرفیه", "امیر", "پورحسن"),
    ]:
        municipality = make_municipality(slug, name, slug, name)
        east_gilan.members.add(municipality)
        user = make_user(f"{slug}-head", first, last)
        Membership.objects.create(user=user, role=Role.PR_HEAD, municipality=municipality)
        heads.append(user)
    kelachay_head = make_user("kelachay-head", "محمد", "حیدری")
    Membership.objects.create(user=kelachay_head, role=Role.PR_HEAD, municipality=kelachay)
    day = from_jalali(1405, 2, 27)
    meeting = Meeting.objects.create(
        network=east_gilan,
        title="نشست مدیران ارتباطات و روابط عمومی شهرداری‌های شرق گیلان",
        starts_at=dt.datetime.combine(day, dt.time(10), tzinfo=TEHRAN),
        place="سالن جلسات شهرداری لاهیجان",
        occasion="۲۷ اردیبهشت، روز ارتباطات و روابط عمومی",
        quarter_year=1405,
        quarter_number=1,
        is_quarterly=True,
    )
    actions.invite_members(meeting)
    for invitation in meeting.invitations.all():
        actions.record_attendance(invitation, Attendance.PRESENT, "")
    for title in ("اعضای شورای اسلامی شهر لاهیجان", "نماینده خبرگزاری صدا و سیما در لاهیجان"):
        Invitation.objects.create(
            meeting=meeting, name=title, title=title, attendance=Attendance.PRESENT
        )
    item = meeting.agenda.create(
        title="روز ارتباطات و روابط عمومی و جایگاه روابط عمومی", position=1
    )
    for n, text in enumerate(
        [
            "روز روابط عمومی فرصتی است تا نقش و جایگاه روابط عمومی در دستگاه‌ها را بررسی کنیم.",
            "روابط عمومی‌ها بازوان مدیران دستگاه‌ها و شهرداران هستند.",
            "روابط عمومی باید به عنوان شغل سخت و زیان‌آور شناخته شود.",
        ]
    ):
        Statement.objects.create(
            item=item, speaker=BOLOURCHIAN[0], speaker_title=BOLOURCHIAN[1], text=text, position=n
        )
    actions.mark_held(meeting, 3)
    for text in [
        "تشکیل جلسات روابط عمومی شهرداری‌های شرق گیلان به صورت فصلی",
        "تشکیل دبیرخانه دائمی روابط عمومی شهرداری‌های شرق گیلان در شهرداری لاهیجان",
        "استفاده از تجربیات مفید شهرداری‌ها",
        "آسیب‌شناسی مشکلات روابط عمومی",
    ]:
        Resolution.objects.create(
            meeting=meeting,
            text=text,
            owner_kind=OwnerKind.SECRETARIAT,
            deadline=from_jalali(1405, 5, 31),
        )
    return meeting


def test_the_seed_exists_and_reads_like_the_draft():
    seed = SEED.read_text(encoding="utf-8")
    # The features of the house style our draft imitates.
    assert "به مناسبت" in seed and "برگزار شد" in seed and "وی افزود:" in seed


def test_the_draft_has_the_seed_reports_shape(seed_meeting):
    with translation.override("fa"):
        draft = news.build_draft(seed_meeting)
    paragraphs = draft.strip().split("\n\n")
    assert paragraphs[0] == seed_meeting.title
    lead = paragraphs[1]
    assert lead.startswith("به گزارش روابط عمومی شهرداری لاهیجان، ")
    assert "روز یکشنبه ۲۷ اردیبهشت ۱۴۰۵" in lead
    assert "به مناسبت ۲۷ اردیبهشت، روز ارتباطات و روابط عمومی" in lead
    assert (
        "با حضور مدیران روابط عمومی شهرداری‌های رودسر، رودبنه، شلمان، کلاچای و آستانه اشرفیه" in lead
        or (
            "با حضور مدیران روابط عمومی شهرداری‌های" in lead
            and all(n in lead for n in ["رودسر", "رودبنه", "شلمان", "کلاچای", "آستانه اشرفیه"])
        )
    )
    assert lead.endswith("در سالن جلسات شهرداری لاهیجان برگزار شد.")
    # The statements, attributed as the seed does: title and name, then "he added".
    assert paragraphs[2].startswith(f"{BOLOURCHIAN[1]} {BOLOURCHIAN[0]} در این جلسه گفت: ")
    assert paragraphs[3].startswith("وی افزود: ")
    assert paragraphs[4].startswith("وی ادامه داد: ")
    assert "نماینده خبرگزاری صدا و سیما در لاهیجان" in paragraphs[5]
    closing = paragraphs[-1].split("\n")
    assert closing[0] == "مصوبات این جلسه:"
    assert closing[1].startswith("- تشکیل جلسات روابط عمومی شهرداری‌های شرق گیلان به صورت فصلی")
    assert len(closing) == 5
    # Deterministic: the same record gives the same text.
    with translation.override("fa"):
        assert news.build_draft(seed_meeting) == draft


def test_the_draft_is_stored_editable_and_exported(
    client_for, lahijan_head, observer, seed_meeting
):
    client = client_for(lahijan_head)
    assert (
        client.post(f"/office/meetings/{seed_meeting.pk}/news/", {"generate": "1"}).status_code
        == 302
    )
    seed_meeting.refresh_from_db()
    assert seed_meeting.news_draft.startswith(seed_meeting.title)
    edited = seed_meeting.news_draft.replace("نشست مدیران", "نشست فصلی مدیران", 1)
    client.post(f"/office/meetings/{seed_meeting.pk}/news/", {"text": edited})
    seed_meeting.refresh_from_db()
    assert seed_meeting.news_draft == edited
    txt = client_for(observer).get(f"/office/meetings/{seed_meeting.pk}/news.txt")
    assert txt["Content-Type"] == "text/plain; charset=utf-8"
    assert txt.content.decode() == edited
    # Observers read; they do not make drafts.
    assert (
        client_for(observer)
        .post(f"/office/meetings/{seed_meeting.pk}/news/", {"generate": "1"})
        .status_code
        == 403
    )


def test_the_draft_goes_to_the_hosts_newsroom_once(
    client_for, lahijan_head, lahijan, observer, rudsar_head, seed_meeting
):
    from ravabet.newsroom.models import NewsItem, Status

    client = client_for(lahijan_head)
    url = f"/office/meetings/{seed_meeting.pk}/news/"
    # Nothing to send before the draft is made: a clear message, no item.
    response = client.post(url, {"to_newsroom": "1"}, follow=True)
    assert "پیش‌نویس خبر را بسازید" in response.content.decode()
    assert not NewsItem.objects.exists()

    client.post(url, {"generate": "1"})
    client.post(url, {"to_newsroom": "1"})
    client.post(url, {"to_newsroom": "1"})  # a double-click files one story
    item = NewsItem.objects.get()
    seed_meeting.refresh_from_db()
    assert seed_meeting.news_item == item
    assert item.municipality == lahijan
    assert item.status == Status.DRAFT
    assert item.title == seed_meeting.title
    assert item.lead.startswith("به گزارش روابط عمومی شهرداری لاهیجان، ")
    assert "مصوبات این جلسه" in item.body
    assert item.revisions.count() == 1
    page = client.get(url).content.decode()
    assert item.get_office_url() in page

    # Readers of the network do not file stories into Lahijan's newsroom.
    for reader in (observer, rudsar_head):
        assert client_for(reader).post(url, {"to_newsroom": "1"}).status_code == 403
    assert NewsItem.objects.count() == 1
