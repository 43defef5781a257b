"""The issue's "done when" for notifications, in a real browser: a reporter submits an item,
the PR head's bell shows it and an email arrives at the SMTP server; following it from
the list marks it read and opens the item."""

from __future__ import annotations

import re

import pytest

from ravabet.conftest import PASSWORD, screenshot
from ravabet.newsroom.models import NewsItem

TITLE = "آغاز طرح پیاده‌راه‌سازی خیابان ساحلی"


def login(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_submitted_item_rings_the_heads_bell_and_emails_them(
    page, rudsar_reporter, rudsar_head, lahijan_head, rudsar, smtp_server, run_tasks
):
    rudsar_head.email = "rudsar-head@example.org"
    rudsar_head.save(update_fields=["email"])

    login(page, "rudsar-reporter")
    page.goto(page.base + "/office/m/rudsar/news/new/")
    page.fill("input[name=title]", TITLE)
    page.fill("textarea[name=lead]", "طرح پیاده‌راه‌سازی خیابان ساحلی رودسر امروز آغاز شد.")
    page.click("[data-testid=save]")
    page.wait_for_url(re.compile(r"/office/news/\d+/$"))
    page.click("[data-testid=submit]")
    page.wait_for_load_state()
    item = NewsItem.objects.get(title=TITLE)
    assert item.status == "in_review"
    # The reporter's own bell stays quiet.
    assert page.locator("[data-testid=bell-count]").count() == 0
    page.context.clear_cookies()

    run_tasks()
    (email,) = smtp_server.messages
    assert email["To"] == "rudsar-head@example.org"
    assert TITLE in email["Subject"]
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    login(page, "rudsar-head")
    page.goto(page.base + "/office/m/rudsar/")
    assert page.locator("[data-testid=bell-count]").inner_text() == "۱"
    page.click("[data-testid=bell]")
    page.wait_for_url(re.compile(r"/office/notifications/$"))
    row = page.locator("[data-testid=notification]")
    assert row.count() == 1 and TITLE in row.inner_text()
    screenshot(page, "notifications-01-list")
    row.locator("a.notification-text").click()
    page.wait_for_url(re.compile(rf"/office/news/{item.pk}/$"))
    assert page.locator("[data-testid=bell-count]").count() == 0
    assert page.console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_bell_list_and_choices_fit_a_phone_and_a_desktop(
    page, language, width, rudsar_reporter, rudsar_head, rudsar, rudsar_services
):
    from ravabet.notifications.actions import notify
    from ravabet.notifications.models import Kind
    from ravabet.voice.actions import Submission, route_message, submit_message
    from ravabet.voice.models import Category

    from .conftest import make_item

    for title in (TITLE, "Ravabet 2.0 در رودسر", "جشنواره گل محمدی"):
        item = make_item(rudsar, rudsar_reporter, title=title)
        notify(
            [rudsar_head],
            Kind.NEWS_SUBMITTED,
            target=item,
            actor=rudsar_reporter,
            params={"title": item.title},
        )
    category = Category.objects.get(municipality=rudsar, code="cleaning-waste")
    message, _new = submit_message(
        rudsar,
        Submission(kind="complaint", category=category, text="زباله‌ها جمع نشده", consent=True),
    )
    route_message(message, rudsar_services, by=rudsar_reporter)
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base}])
    login(page, "rudsar-head")
    for name, path in (
        ("bell", "/office/m/rudsar/"),
        ("list", "/office/notifications/"),
        ("preferences", "/office/notifications/settings/"),
    ):
        page.goto(page.base + path)
        assert page.locator("[data-testid=bell]").is_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (name, overflow)
        screenshot(page, f"notifications-{name}-{language}-{width}")
    assert page.console_errors == []
