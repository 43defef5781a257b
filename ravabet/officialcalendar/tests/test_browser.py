"""The secretariat records a day off in a real browser, on a phone and on a desktop."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from ravabet.conftest import PASSWORD, screenshot
from ravabet.lib import jalali
from ravabet.officialcalendar.models import Correction

pytestmark = pytest.mark.browser


def test_the_secretariat_records_a_closure_on_a_phone_and_reads_it_on_a_desktop(
    page, transactional_db, lahijan_head
) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base + "/login/")
    page.fill("input[name=username]", lahijan_head.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/office/"))
    page.goto(page.base + "/office/calendar/n/east-gilan/corrections/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    months = page.get_by_test_id("lunar-months").inner_text()
    assert re.search("[۰-۹]{4}", months) and "برآورد" in months
    screenshot(page, "calendar-corrections-phone")

    day = timezone.localdate() + dt.timedelta(days=20)
    while day.weekday() == 4:
        day += dt.timedelta(days=1)
    form = page.get_by_test_id("closure-form")
    form.locator("input[name=title]").fill("تعطیلی به سبب آلودگی هوا")
    form.locator("textarea[name=reason]").fill("اعلام استانداری گیلان")
    form.locator("input[name=date]").fill(jalali.format_numeric(day))
    form.locator("input[name=date]").press("Escape")  # closes the date picker
    # On a phone the picker's overlay covers the page; the keyboard submits as a user would.
    form.locator("input[name=title]").press("Enter")
    page.wait_for_url(re.compile(r"/corrections/(#record)?$"))
    assert "اکنون تعطیل است" in page.locator(".messages").inner_text()
    assert Correction.objects.get().recorded_by == lahijan_head

    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    history = page.get_by_test_id("corrections").inner_text()
    assert "تعطیلی به سبب آلودگی هوا" in history and "مهدی رضوانی" in history
    screenshot(page, "calendar-corrections-desktop")
    assert page.console_errors == []
