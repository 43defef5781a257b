"""The issue's "Done when": a citizen on a phone writes to Rudsar; the office routes and
answers; the citizen reads the answer by its code and rates it; the month's report counts it."""

from __future__ import annotations

import re

import pytest

from ravabet.conftest import PASSWORD, screenshot
from ravabet.voice.models import Message, Status

pytestmark = pytest.mark.browser


def log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/office/"))


def log_out(page) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()


def test_a_complaint_from_a_phone_is_routed_answered_rated_and_counted(
    page,
    transactional_db,
    rudsar_head,
    rudsar_reporter,
    rudsar_services,
    settings,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    settings.MEDIA_ROOT = tmp_path
    page.set_viewport_size({"width": 390, "height": 844})

    # The citizen, on a phone, from the municipality's public page.
    page.goto(page.base + "/m/rudsar/")
    page.get_by_test_id("contact-link").click()
    page.wait_for_url(re.compile(r"/m/rudsar/contact/$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "voice-contact-phone")
    page.get_by_label("شکایت").check()
    page.select_option("select[name=category]", label="نظافت و پسماند")
    page.fill("textarea[name=text]", "زباله‌های کوچه گلستان سه روز است جمع‌آوری نشده است.")
    page.fill("input[name=address]", "رودسر، خیابان طالقانی، کوچه گلستان")
    page.fill("input[name=name]", "مریم احمدی")
    page.fill("input[name=mobile]", "۰۹۱۲ ۳۴۵ ۶۷۸۹")
    page.check("input[name=consent]")
    page.get_by_test_id("send").click()
    page.wait_for_url(re.compile(r"/track/[2-9]{8}/$"))
    code_text = page.get_by_test_id("code").inner_text()
    assert re.fullmatch(r"[۲-۹]{4}-[۲-۹]{4}", code_text), code_text
    assert "کد پیگیری شما" in page.locator(".messages").inner_text()
    # The PIN, shown once, left-to-right inside the Persian page; the citizen writes it down.
    pin_text = page.get_by_test_id("pin").inner_text()
    assert re.fullmatch(r"[۲-۹]{3}-[۲-۹]{3}", pin_text), pin_text
    assert page.get_by_test_id("pin").evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "voice-sent-phone")
    message = Message.objects.get()
    assert message.mobile == "09123456789"
    assert message.display_code == code_text

    # The Rudsar reporter routes it.
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "rudsar-reporter")
    page.goto(page.base + "/office/m/rudsar/voice/")
    screenshot(page, "voice-inbox")
    page.get_by_role("link", name=code_text).click()
    page.select_option("select[name=department]", label=rudsar_services.name)
    page.get_by_test_id("route").click()
    page.wait_for_load_state()
    assert "ارجاع‌شده" in page.inner_text("main")
    log_out(page)

    # The PR head replies.
    log_in(page, "rudsar-head")
    page.goto(page.base + message.get_office_url())
    page.get_by_test_id("show-contact").click()
    page.get_by_test_id("contact").wait_for()
    assert "۰۹۱۲۳۴۵۶۷۸۹" in page.get_by_test_id("contact").inner_text()
    page.fill(
        "textarea[name=text] >> nth=0",
        "پیمانکار نظافت امروز کوچه گلستان را پاک‌سازی کرد. از اطلاع‌رسانی شما سپاسگزاریم.",
    )
    page.get_by_test_id("send-reply").click()
    page.wait_for_load_state()
    screenshot(page, "voice-message-office")
    message.refresh_from_db()
    assert message.status == Status.ANSWERED
    log_out(page)

    # The citizen, on the phone again, follows the code and rates the answer.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base + "/track/")
    page.fill("input[name=code]", code_text)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/track/[2-9]{8}/$"))
    # A new browser: the code shows the status; the PIN opens the answer.
    screenshot(page, "voice-track-code-only-phone")
    page.fill("input[name=pin]", pin_text)
    page.get_by_test_id("unlock-send").click()
    page.wait_for_load_state()
    assert "پیمانکار نظافت امروز" in page.get_by_test_id("reply").inner_text()
    assert "۰۹۱۲" not in page.inner_text("main")
    page.locator("input[name=score][value='5']").check()
    page.fill("textarea[name=comment]", "سریع و دقیق بود")
    page.get_by_test_id("rate").click()
    page.get_by_test_id("rated").wait_for()
    screenshot(page, "voice-track-phone")
    assert message.rating.score == 5

    # The month's voice report counts it.
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "rudsar-head")
    page.goto(page.base + "/office/m/rudsar/voice/report/")
    assert page.get_by_test_id("total").inner_text() == "۱"
    assert (
        "۵٫۰/۵" in page.get_by_test_id("kpis").inner_text()
        or "۵/۵" in page.get_by_test_id("kpis").inner_text()
    )
    screenshot(page, "voice-report")
    assert page.console_errors == []
