"""The manager's approval in a real browser: the Lahijan PR head asks for the manager's
approval of statements and approves one; the manager approves it in their queue; the head
publishes it and it is in the public newsroom."""

from __future__ import annotations

import os

import pytest

from ravabet.conftest import screenshot
from ravabet.newsroom.models import Kind, NewsItem, Status

from .conftest import make_item
from .test_browser import login, logout

TITLE = "بیانیه شهرداری لاهیجان درباره بازسازی بازار سنتی"

SIZES = ((390, 844), (1280, 900))


def screenshots(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """The page in Persian and English, on a phone and a desktop (when screenshots are
    asked for), and back to Persian on a desktop."""
    if not os.environ.get("RAVABET_SCREENSHOTS"):
        return
    url = page.url
    for language in ("fa", "en"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": url}])
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            page.goto(url)
            screenshot(page, f"{name}-{language}-{width}")
    page.context.add_cookies([{"name": "django_language", "value": "fa", "url": url}])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_head_approves_manager_approves_and_it_is_published(
    page, lahijan, lahijan_head, lahijan_manager
):
    item = make_item(lahijan, lahijan_head, kind=Kind.STATEMENT, title=TITLE)

    # The PR head asks for the manager's approval of statements, then approves one.
    login(page, "lahijan-head")
    page.goto(page.base + "/office/m/lahijan/news/settings/")
    assert "کامران جعفری" in page.locator("[data-testid=managers]").inner_text()
    page.check("input[name=manager_approval_kinds][value=statement]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/office/m/lahijan/news/")
    page.goto(page.base + f"/office/news/{item.pk}/")
    assert "مدیر ارشد" in page.locator("[data-testid=approve]").inner_text()
    page.click("[data-testid=approve]")
    page.wait_for_load_state()
    assert "در انتظار تأیید مدیر ارشد" in page.locator("[data-testid=status]").inner_text()
    assert page.locator("[data-testid=manager-approve]").count() == 0
    # Publishing now is not offered as a way round: the button only schedules.
    assert "زمان‌بندی" in page.locator("[data-testid=publish]").inner_text()
    logout(page)

    # The manager finds it in their queue, reads it and approves it.
    login(page, "lahijan-manager")
    page.goto(page.base + "/office/m/lahijan/news/")
    page.click("[data-testid=manager-queue]")
    page.wait_for_url("**/manager-approvals/")
    queued = page.locator("[data-testid=queue-item]")
    assert queued.count() == 1 and TITLE in queued.inner_text()
    screenshots(page, "newsroom-manager-queue")
    page.click(f"text={TITLE}")
    page.wait_for_load_state()
    assert page.locator("[data-testid=awaiting-manager]").count() == 1
    screenshots(page, "newsroom-manager-item-awaiting")
    page.goto(page.base + "/office/m/lahijan/news/manager-approvals/")
    page.click("[data-testid=manager-approve]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=queue-empty]").count() == 1
    item.refresh_from_db()
    assert (item.status, item.manager_approved_by) == (Status.APPROVED, lahijan_manager)
    logout(page)

    # The PR head publishes it; the history names the manager; readers see it.
    login(page, "lahijan-head")
    page.goto(page.base + f"/office/news/{item.pk}/")
    assert "کامران جعفری" in page.locator("[data-testid=approval-history]").inner_text()
    page.click("[data-testid=publish]")
    page.wait_for_load_state()
    assert "منتشرشده" in page.locator("[data-testid=status]").inner_text()
    screenshots(page, "newsroom-manager-item-published")
    assert NewsItem.objects.get(pk=item.pk).status == Status.PUBLISHED
    logout(page)
    page.goto(page.base + "/m/lahijan/news/")
    assert page.locator(f"text={TITLE}").count() == 1
    assert page.console_errors == []
