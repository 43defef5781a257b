"""The issue's "done when", in a real browser.

A Rudsar reporter writes a news item with a photo; the Rudsar PR head sees the diff,
approves and publishes it; it is on the public newsroom and in the feed; it goes to two
journalists (the SMTP server receives exactly two messages); a search typed with Arabic
letters finds it.
"""

from __future__ import annotations

import re

import pytest
from defusedxml import ElementTree

from ravabet.conftest import PASSWORD, screenshot
from ravabet.media.models import Journalist
from ravabet.newsroom.models import NewsItem, Status

from .conftest import photo_bytes

TITLE = "افتتاح کتابخانه عمومی ساحلی رودسر"


def login(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_load_state()


def logout(page) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()


@pytest.mark.django_db(transaction=True)
def test_write_approve_publish_distribute_and_find(
    page, rudsar_reporter, rudsar_head, rudsar, smtp_server, run_tasks, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    for name, email in (
        ("سمیرا احمدی", "samira@example.org"),
        ("کیوان رستمی", "keyvan@example.org"),
    ):
        Journalist.objects.create(municipality=rudsar, name=name, email=email, consent=True)
    Journalist.objects.create(
        municipality=rudsar, name="بی‌رضایت", email="no@example.org", consent=False
    )

    # The reporter writes the item and adds a photo.
    login(page, "rudsar-reporter")
    page.goto(page.base + "/office/m/rudsar/news/new/")
    page.select_option("select[name=kind]", "press_release")
    page.fill("input[name=surtitle]", "با حضور شهردار و اعضای شورا")
    page.fill("input[name=title]", TITLE)
    page.fill("textarea[name=lead]", "کتابخانه عمومی ساحلی رودسر امروز گشایش یافت.")
    page.fill(
        "textarea[name=body]", "این کتابخانه سه هزار جلد کتاب دارد.\n\nساعت کار آن از ۸ تا ۲۰ است."
    )
    page.fill("input[name=tags]", "کتابخانه، فرهنگ")
    screenshot(page, "newsroom-01-write")
    page.click("[data-testid=save]")
    page.wait_for_url(re.compile(r"/office/news/\d+/$"))
    item = NewsItem.objects.get(title=TITLE)
    photo = tmp_path / "library.jpg"
    photo.write_bytes(photo_bytes())
    page.set_input_files("input[name=image]", str(photo))
    page.fill("input[name=caption]", "نمای ورودی کتابخانه")
    page.click("text=افزودن عکس")
    page.wait_for_load_state()
    assert page.locator(".photo img").count() == 1
    # A second save, so there is a difference to see.
    page.goto(page.base + f"/office/news/{item.pk}/edit/")
    page.fill(
        "textarea[name=body]",
        "این کتابخانه چهار هزار جلد کتاب دارد.\n\nساعت کار آن از ۸ تا ۲۰ است.",
    )
    page.click("[data-testid=save]")
    page.click("[data-testid=submit]")
    page.wait_for_load_state()
    assert "در حال بررسی" in page.locator("[data-testid=status]").inner_text()
    screenshot(page, "newsroom-02-in-review")
    logout(page)

    # The PR head sees the diff, approves and publishes.
    login(page, "rudsar-head")
    page.goto(page.base + f"/office/news/{item.pk}/")
    page.click("[data-testid=compare]")
    diff = page.locator("[data-testid=diff]")
    assert diff.locator("del").first.inner_text() == "سه"
    assert diff.locator("ins").first.inner_text() == "چهار"
    screenshot(page, "newsroom-03-diff")
    page.goto(page.base + f"/office/news/{item.pk}/")
    page.click("[data-testid=approve]")
    page.wait_for_load_state()
    page.click("[data-testid=publish]")
    page.wait_for_load_state()
    assert "منتشرشده" in page.locator("[data-testid=status]").inner_text()
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED

    # It is on the public newsroom, its page, and the feed.
    page.goto(page.base + "/m/rudsar/news/")
    assert page.locator(f"text={TITLE}").count() == 1
    screenshot(page, "newsroom-04-public-list")
    page.click(f"text={TITLE}")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == TITLE
    assert page.locator("script[type='application/ld+json']").count() == 1
    screenshot(page, "newsroom-05-article")
    feed = page.request.get(page.base + "/m/rudsar/news/rss/")
    titles = [e.findtext("title") for e in ElementTree.fromstring(feed.body()).iter("item")]
    assert titles == [TITLE]

    # It goes to the two consenting journalists.
    page.goto(page.base + f"/office/news/{item.pk}/")
    page.click("[data-testid=distribute]")
    assert page.locator("text=بی‌رضایت").count() == 0
    for box in page.locator("input[name=journalists]").all():
        box.check()
    page.click("[data-testid=send]")
    page.wait_for_url(re.compile(r"/office/media/distributions/\d+/$"))
    run_tasks()
    assert len(smtp_server.messages) == 2
    page.reload()
    assert page.locator("[data-testid=deliveries] .status-sent").count() == 2
    screenshot(page, "newsroom-06-distribution")
    logout(page)

    # A citizen searches with Arabic letters (ك and ي) and finds it.
    page.goto(page.base + "/search/?q=" + "كتابخانه عمومي")
    assert page.locator(f"text={TITLE}").count() >= 1
    screenshot(page, "newsroom-07-search")
    assert page.console_errors == []
