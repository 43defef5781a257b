"""Issue 11's meeting journeys in a real browser: Persian digits in a number field (3.3),
reordering the agenda (3.14), and a member's RSVP from the office page (3.6)."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from django.conf import settings
from django.utils import timezone

from ravabet.lib.jalali import format_numeric
from ravabet.meetings import actions
from ravabet.meetings.models import RSVP

from .test_browser import login

pytestmark = pytest.mark.browser


def shots(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """With RAVABET_SCREENSHOTS set: the page in Persian and English, at 390 and 1280 px."""
    folder = os.environ.get("RAVABET_SCREENSHOTS")
    if not folder:
        return
    url = page.url
    for lang in ("fa", "en"):
        page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": page.base}]
        )
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(url)
            page.screenshot(path=f"{folder}/{name}-{lang}-{width}.png", full_page=True)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, (name, lang, width, overflow)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "fa", "url": page.base}]
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)


def test_persian_digits_typed_into_the_duration_are_saved(page, live_server, lahijan_head, planned):
    login(page, "lahijan-head")
    page.goto(page.base + f"/office/meetings/{planned.pk}/edit/")
    duration = page.locator("input[name=duration_minutes]")
    duration.fill("")
    duration.press_sequentially("۹۰")
    assert duration.input_value() == "۹۰"
    reminder = page.locator("input[name=reminder_days]")
    reminder.fill("")
    reminder.press_sequentially("۳")
    page.get_by_test_id("save-meeting").click()
    page.wait_for_url(re.compile(rf"/office/meetings/{planned.pk}/$"))
    planned.refresh_from_db()
    assert (planned.duration_minutes, planned.reminder_days) == (90, 3)
    page.goto(page.base + f"/office/meetings/{planned.pk}/edit/")
    assert page.locator("input[name=duration_minutes]").input_value() == "۹۰"
    shots(page, "meeting-edit")
    assert page.console_errors == []


def test_the_secretariat_reorders_the_agenda(page, live_server, lahijan_head, planned):
    titles = list(planned.agenda.order_by("position", "pk").values_list("title", flat=True))
    login(page, "lahijan-head")
    page.goto(page.base + planned.get_absolute_url())
    items = page.get_by_test_id("agenda-item")
    assert items.first.get_by_test_id("move-up").is_disabled()
    # htmx: the list is swapped in place, the page not reloaded.
    page.evaluate("window.notReloaded = true")
    items.nth(0).get_by_test_id("move-down").click()
    page.wait_for_function(
        "t => document.querySelector('[data-testid=agenda-item] strong').textContent.includes(t)",
        arg=titles[1],
    )
    assert page.evaluate("window.notReloaded") is True
    items.nth(2).get_by_test_id("move-up").click()
    page.wait_for_function(
        "t => document.querySelectorAll('[data-testid=agenda-item] strong')[1]"
        ".textContent.includes(t)",
        arg=titles[2],
    )
    expected = [titles[1], titles[2], titles[0], *titles[3:]]
    stored = list(planned.agenda.order_by("position", "pk").values_list("title", flat=True))
    assert stored == expected
    assert list(planned.agenda.order_by("position").values_list("position", flat=True)) == list(
        range(1, len(titles) + 1)
    )
    page.reload()
    shown = [t.strip() for t in page.locator("[data-testid=agenda-item] strong").all_inner_texts()]
    assert [s.split(": ", 1)[-1] for s in shown] == expected
    shots(page, "meeting-agenda")
    assert page.console_errors == []


def test_the_same_journey_without_javascript(browser, live_server, lahijan_head, planned):
    from ravabet.conftest import PASSWORD

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/login/")
    page.fill("input[name=username]", "lahijan-head")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(live_server.url + planned.get_absolute_url())
    first = planned.agenda.order_by("position", "pk").first()
    page.get_by_test_id("agenda-item").first.get_by_test_id("move-down").click()
    page.wait_for_url(re.compile(r"#agenda$"))
    assert planned.agenda.order_by("position", "pk")[1].pk == first.pk
    context.close()


def test_a_member_answers_and_changes_the_rsvp_from_the_office(
    page, live_server, rudsar_head, planned, tmp_path
):
    rudsar_head.email = "rudsar-head@example.org"
    rudsar_head.save(update_fields=["email"])
    actions.invite_members(planned)
    login(page, "rudsar-head")
    page.goto(page.base + planned.get_absolute_url())
    form = page.get_by_test_id("rsvp-form")
    form.locator("input[value=yes]").check()
    page.get_by_test_id("rsvp-save").click()
    page.wait_for_load_state()
    assert str(RSVP.YES.label) in page.get_by_test_id("my-rsvp").inner_text()
    assert page.get_by_test_id("rsvp-form").locator("input[value=yes]").is_checked()
    page.get_by_test_id("rsvp-form").locator("input[value=no]").check()
    page.get_by_test_id("rsvp-save").click()
    page.wait_for_load_state()
    assert str(RSVP.NO.label) in page.get_by_test_id("my-rsvp").inner_text()
    assert planned.invitations.get(user=rudsar_head).rsvp == RSVP.NO
    with page.expect_download() as download:
        page.get_by_test_id("ics").click()
    path = tmp_path / "meeting.ics"
    download.value.save_as(path)
    assert f"meeting-{planned.uid}@ravabet" in path.read_text()
    shots(page, "meeting-member")
    assert page.console_errors == []


def test_an_overdue_resolution_screens(page, live_server, lahijan_head, rudsar_resolution):
    rudsar_resolution.deadline = timezone.localdate() - dt.timedelta(days=4)
    rudsar_resolution.save(update_fields=["deadline"])
    login(page, "lahijan-head")
    page.goto(page.base + rudsar_resolution.get_absolute_url())
    assert page.get_by_test_id("remind-owner").is_visible()
    shots(page, "resolution-overdue")
    page.get_by_test_id("extend-deadline").click()
    form = page.get_by_test_id("extend-form")
    form.locator("input[name=deadline]").fill(
        format_numeric(timezone.localdate() + dt.timedelta(days=10))
    )
    form.locator("input[name=deadline]").press("Escape")
    form.locator("textarea[name=reason]").fill("هماهنگی با استانداری طول کشید.")
    shots_before_submit = page.url
    page.get_by_test_id("save-deadline").click()
    page.wait_for_url(re.compile(rf"/office/resolutions/{rudsar_resolution.pk}/$"))
    assert "هماهنگی با استانداری" in page.get_by_test_id("deadline-history").inner_text()
    rudsar_resolution.refresh_from_db()
    assert rudsar_resolution.deadline == timezone.localdate() + dt.timedelta(days=10)
    shots(page, "resolution-extended")
    page.goto(shots_before_submit)
    shots(page, "resolution-extend")
    page.goto(page.base + rudsar_resolution.meeting.get_absolute_url())
    shots(page, "meeting-held")
    assert page.console_errors == []


def test_the_rsvp_page_screens(page, live_server, planned):
    from ravabet.meetings.tasks import rsvp_token

    from .conftest import guest

    invitation = guest(planned)
    page.goto(page.base + f"/meetings/rsvp/{rsvp_token(invitation)}/")
    page.locator("input[value=maybe]").check()
    page.get_by_test_id("rsvp-send").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("rsvp-done").is_visible()
    page.goto(page.url)  # the same link, opened again: the answer, and a way to change it
    assert str(RSVP.MAYBE.label) in page.get_by_test_id("rsvp-current").inner_text()
    shots(page, "rsvp")
    assert page.console_errors == []
