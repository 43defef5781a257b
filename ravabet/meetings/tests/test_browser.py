"""The issue's "Done when": the whole cycle of a quarterly meeting in a real browser."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from icalendar import Calendar

from ravabet.conftest import PASSWORD, screenshot
from ravabet.lib.jalali import format_numeric
from ravabet.meetings.models import Meeting, MeetingStatus, Resolution, ResolutionStatus

pytestmark = pytest.mark.browser


def login(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    page.goto(page.base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/office/"))


def plan_next(page) -> Meeting:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/office/meetings/n/east-gilan/")
    page.get_by_test_id("plan-next").click()
    page.get_by_test_id("save-meeting").click()
    page.wait_for_url(re.compile(r"/office/meetings/\d+/$"))
    return Meeting.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))


def test_the_secretariat_runs_a_quarterly_meeting_to_the_end(
    page,
    transactional_db,
    lahijan_head,
    rudsar_head,
    kelachay,
    smtp_server,
    run_tasks,
    tmp_path,
    settings,
):
    settings.MEDIA_ROOT = tmp_path
    rudsar_head.email = "rudsar-head@example.org"
    rudsar_head.save()
    login(page, "lahijan-head")

    # Plan the next quarterly meeting: the standing agenda comes with it.
    meeting = plan_next(page)
    agenda = page.get_by_test_id("agenda").inner_text()
    assert "بررسی مصوبات باز" in agenda
    screenshot(page, "meeting-planned")

    # Invite the members and a guest without an account, and send.
    page.get_by_test_id("invite-members").click()
    page.get_by_text("دعوت از مهمان").first.click()
    guest = page.get_by_test_id("guest-form")
    guest.locator("input[name=name]").fill("حمید صادقی")
    guest.locator("input[name=title]").fill("نماینده خبرگزاری صدا و سیما در لاهیجان")
    guest.locator("input[name=email]").fill("sadeghi@irib.example")
    guest.locator("button").click()
    page.get_by_test_id("send-invitations").click()
    page.wait_for_load_state()
    run_tasks()
    to = sorted(m["X-Envelope-To"] for m in smtp_server.messages)
    assert to == ["rudsar-head@example.org", "sadeghi@irib.example"]
    ics = next(
        p
        for p in smtp_server.messages[0].iter_attachments()
        if p.get_content_type() == "text/calendar"
    )
    event = Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")[0]
    assert str(event["UID"]) == f"meeting-{meeting.uid}@ravabet"

    # The day comes (a meeting still ahead cannot be recorded as held); the meeting is
    # held: attendance, minutes, two resolutions. No comment period, so it is approved now.
    assert page.get_by_test_id("held-later").is_visible()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    )
    page.reload()
    page.locator("input[name=comment_days]").fill("۰")
    page.get_by_test_id("mark-held").click()
    page.get_by_test_id("attendance").click()
    for select in page.locator("select[name$=-attendance]").all():
        select.select_option("present")
    page.get_by_test_id("save-attendance").click()
    page.get_by_test_id("minutes-link").first.click()
    page.fill("textarea[name=minutes]", "گزارش دبیرخانه از پیگیری مصوبات نشست پیشین ارائه شد.")
    page.get_by_test_id("save-minutes").click()
    statement = page.get_by_test_id("statement-form")
    statement.locator("input[name=speaker]").fill("مهدی رضوانی")
    statement.locator("input[name=speaker_title]").fill("رئیس اداره ارتباطات شهرداری لاهیجان")
    statement.locator("textarea[name=text]").fill("روابط عمومی‌ها بازوان شهرداران هستند.")
    statement.locator("button").click()
    page.goto(page.base + meeting.get_absolute_url())
    deadline = format_numeric(meeting.starts_at.date() + dt.timedelta(days=30))
    for text, owner, municipality in (
        ("برگزاری کارگاه آموزشی ارتباطات در بحران", "municipality", "رودسر"),
        ("تدوین شیوه‌نامه مشترک خبرنویسی", "secretariat", None),
    ):
        form = page.get_by_test_id("resolution-form")
        form.locator("textarea[name=text]").fill(text)
        form.locator("select[name=owner_kind]").select_option(owner)
        if municipality:
            form.locator("select[name=owner_municipality]").select_option(label=municipality)
        form.locator("input[name=deadline]").fill(deadline)
        form.locator("input[name=deadline]").press("Escape")
        form.locator("button.primary").click()
        page.wait_for_load_state()
    assert (
        "برگزاری کارگاه آموزشی ارتباطات در بحران" in page.get_by_test_id("resolutions").inner_text()
    )
    page.get_by_test_id("approve").click()
    assert page.get_by_test_id("meeting-status").inner_text() == "صورتجلسه تأییدشده"
    screenshot(page, "meeting-approved")

    with page.expect_download() as download:
        page.get_by_test_id("pdf").click()
    pdf = tmp_path / "minutes.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")

    page.get_by_test_id("news").click()
    page.get_by_test_id("generate").click()
    with page.expect_download() as download:
        page.get_by_test_id("news-txt").click()
    news = tmp_path / "news.txt"
    download.value.save_as(news)
    text = news.read_text(encoding="utf-8")
    assert text.startswith(meeting.title)
    assert "به گزارش روابط عمومی شهرداری لاهیجان" in text
    assert "مصوبات این جلسه:" in text

    # The Rudsar PR head reports progress on its resolution.
    rudsar_resolution = Resolution.objects.get(owner_municipality__slug="rudsar")
    login(page, "rudsar-head")
    page.goto(page.base + rudsar_resolution.get_absolute_url())
    form = page.get_by_test_id("progress-form")
    form.locator("textarea[name=text]").fill("هماهنگی با استانداری برای مدرس کارگاه انجام شد.")
    form.locator("button").click()
    assert "هماهنگی با استانداری" in page.get_by_test_id("updates").inner_text()
    rudsar_resolution.refresh_from_db()
    assert rudsar_resolution.status == ResolutionStatus.IN_PROGRESS
    screenshot(page, "resolution-progress")

    # The next meeting's agenda carries the resolution still open.
    login(page, "lahijan-head")
    following = plan_next(page)
    assert following.quarter > meeting.quarter
    assert "برگزاری کارگاه آموزشی ارتباطات در بحران" in page.get_by_test_id("agenda").inner_text()
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.APPROVED
    assert page.console_errors == []
