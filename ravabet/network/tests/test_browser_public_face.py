"""Issue 11's "done when", in a real browser: from the home page a visitor finds the
network's news, its feed (announced in the head, and answering) and the search."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree

from ravabet.conftest import screenshot
from ravabet.newsroom.models import Kind
from ravabet.newsroom.tests.conftest import make_item, make_published

TITLE = "آغاز طرح پاکسازی سواحل رودسر"


@pytest.mark.django_db(transaction=True)
def test_visitor_finds_the_networks_news_feed_and_search_from_home(
    page, east_gilan, rudsar, rudsar_reporter, rudsar_head
):
    make_published(rudsar, rudsar_reporter, rudsar_head, title=TITLE, kind=Kind.NEWS)
    make_item(rudsar, rudsar_reporter, title="پیش‌نویس دیده‌نشدنی")
    page.goto(page.base + "/")
    screenshot(page, "public-home")
    assert "پیش‌نویس دیده‌نشدنی" not in page.content()

    # The feed the page announces answers with the item.
    feed = page.locator('head link[rel=alternate][type="application/rss+xml"]').first
    href = feed.get_attribute("href")
    assert href == "/n/east-gilan/news/rss/"
    response = page.request.get(page.base + href)
    assert response.ok and "xml" in response.headers["content-type"]
    titles = [t.text for t in ElementTree.fromstring(response.body()).iter("title")]
    assert TITLE in titles

    # The network's news: from the home page to the article.
    page.locator('[data-testid="network-news"]').get_by_role("link", name=TITLE).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().strip() == TITLE

    # The newsroom of the network, from the home page.
    page.goto(page.base + "/")
    page.locator('[data-testid="newsroom-link"]').first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/n/east-gilan/news/") and TITLE in page.content()

    # The search box.
    page.goto(page.base + "/")
    page.fill('[data-testid="public-search"] input[name=q]', "پاکسازی سواحل")
    page.locator('[data-testid="public-search"] button').click()
    page.wait_for_load_state()
    assert "/search/" in page.url
    assert page.get_by_role("link", name=TITLE).count() >= 1

    # The citizen's way in: choose the municipality, reach its form.
    page.goto(page.base + "/n/east-gilan/")
    screenshot(page, "public-network")
    page.select_option("#contact-m", "rudsar")
    page.locator('[data-testid="citizen-box"] form.picker button').click()
    page.wait_for_load_state()
    assert page.url.endswith("/m/rudsar/contact/")
    assert page.console_errors == []
