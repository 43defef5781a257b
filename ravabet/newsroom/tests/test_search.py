"""News through the search core: public sees published items, staff their own municipality's."""

from __future__ import annotations

import pytest

from ravabet.newsroom.actions import delete_news_item, withdraw_item

from .conftest import make_item, make_published

TITLE = "افتتاح کتابخانه‌های محله‌ای در ۱۴۰۵"


def titles(client, url: str) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    return [part.split("</strong>", 1)[0] for part in page.split("<strong>")[1:]]


@pytest.fixture
def published(rudsar, rudsar_reporter, rudsar_head):  # type: ignore[no-untyped-def]
    return make_published(
        rudsar,
        rudsar_reporter,
        rudsar_head,
        title=TITLE,
        surtitle="معاون فرهنگی شهرداری رودسر خبر داد",
        lead="سه کتابخانه کوچک در پارک‌های شهر راه‌اندازی می‌شود.",
        body="<p>هزینه این طرح از محل درآمدهای پایدار شهرداری تأمین می‌شود.</p>",
    )


@pytest.mark.parametrize(
    "query",
    [
        "کتابخانه‌های",  # as written
        "كتابخانه‌هاي",  # Arabic kaf and yeh
        "کتابخانههای",  # without ZWNJ
        "کِتابخانه‌های",  # with a diacritic
        "1405",  # Latin digits
        "١٤٠٥",  # Arabic-Indic digits
        "۱۴۰۵",  # Persian digits
        "معاون فرهنگي",  # in the surtitle, Arabic yeh
        "پارك‌هاي",  # in the lead
        "درآمدهاي پايدار",  # in the body
    ],
)
def test_public_search_finds_published_news_in_any_spelling(citizen, published, query):
    assert titles(citizen, f"/search/?q={query}") == [TITLE]


def test_the_kind_filter(citizen, published):
    assert titles(citizen, "/search/?q=کتابخانه&kind=newsroom.item") == [TITLE]


def test_drafts_are_not_public_but_staff_find_them(
    citizen, client_for, rudsar, rudsar_reporter, lahijan_head, lahijan_manager, rudsar_head
):
    make_item(rudsar, rudsar_reporter, title="پیش‌نویس لایروبی رودخانه")
    assert titles(citizen, "/search/?q=لایروبی") == []
    assert titles(client_for(rudsar_reporter), "/office/search/?q=لايروبي") == [
        "پیش‌نویس لایروبی رودخانه"
    ]
    assert titles(client_for(rudsar_head), "/office/search/?q=لایروبی") == [
        "پیش‌نویس لایروبی رودخانه"
    ]
    assert titles(client_for(lahijan_head), "/office/search/?q=لایروبی") == []


def test_withdrawn_leaves_public_results_at_once(citizen, client_for, published, rudsar_head):
    assert titles(citizen, "/search/?q=کتابخانه") == [TITLE]
    withdraw_item(published, rudsar_head, reason="خطا در رقم", correction="")
    assert titles(citizen, "/search/?q=کتابخانه") == []
    assert titles(client_for(rudsar_head), "/office/search/?q=کتابخانه") == [TITLE]


def test_deleted_draft_leaves_the_index(client_for, rudsar, rudsar_reporter):
    item = make_item(rudsar, rudsar_reporter, title="خبر حذف‌شدنی درباره سیل")
    client = client_for(rudsar_reporter)
    assert titles(client, "/office/search/?q=سیل") == [item.title]
    delete_news_item(item)
    assert titles(client, "/office/search/?q=سیل") == []


def office_titles(client, url: str) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200
    return [item.title for item in response.context["page"].object_list]


def test_the_office_list_searches_every_part_in_any_spelling_with_filters(
    client_for, rudsar, rudsar_reporter, rudsar_head, lahijan, lahijan_head
):
    make_item(
        rudsar, rudsar_reporter, title="پیش‌نویس", lead="لایروبی رودخانه", category="environment"
    )
    make_item(rudsar, rudsar_reporter, title="نشست شورا درباره لایروبی", category="council")
    make_item(lahijan, lahijan_head, title="لایروبی در لاهیجان", category="environment")
    client = client_for(rudsar_reporter)
    url = "/office/m/rudsar/news/"
    assert sorted(office_titles(client, url + "?q=لايروبي")) == [
        "نشست شورا درباره لایروبی",
        "پیش‌نویس",
    ]
    assert office_titles(client, url + "?q=لایروبی&category=environment") == ["پیش‌نویس"]
    assert office_titles(client, url + "?q=لاهیجان") == []  # another municipality's


def test_a_manager_finds_in_the_office_list_what_the_list_shows(
    client_for, lahijan, lahijan_head, lahijan_manager
):
    item = make_published(lahijan, lahijan_head, lahijan_head, title="گزارش لایروبی")
    withdraw_item(item, lahijan_head, reason="خطا در رقم", correction="")
    client = client_for(lahijan_manager)
    assert office_titles(client, "/office/m/lahijan/news/") == ["گزارش لایروبی"]
    assert office_titles(client, "/office/m/lahijan/news/?q=لایروبی") == ["گزارش لایروبی"]
