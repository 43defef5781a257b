"""Issue 11, defects 3.2 and 3.11: what a search shows when nothing is found, excerpts as
the author wrote them, departments shown by what they are, and only the types a searcher
can ever find."""

import re
from html import unescape

import pytest

from ravabet.network.actions import save_department, save_municipality
from ravabet.network.models import Department


@pytest.fixture
def written(lahijan, rudsar, east_gilan):
    lahijan.about = "آسفالت خیابان‌های مرکزی شهر و پیگیری پیام‌های بی‌پاسخ شهروندان."
    save_municipality(lahijan)
    save_department(Department(municipality=rudsar, name="فضای سبز", name_en="Green space"))
    return lahijan


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def text(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def nothing_found(page: str) -> str:
    start = page.index('data-testid="nothing-found"')
    return page[start : page.index("</div>", start)]


def first_result(page: str) -> str:
    start = page.index('<li class="result">')
    return page[start : page.index("</li>", start)]


def snippet_of(result: str) -> str:
    return result.split('class="snippet"', 1)[1].split("</p>", 1)[0]


@pytest.mark.parametrize("office", [False, True])
def test_a_search_that_finds_nothing_says_so_with_the_query_isolated(
    written, citizen, client_for, lahijan_head, office
):
    client = client_for(lahijan_head) if office else citizen
    url = "/office/search/" if office else "/search/"
    page = html(client.get(url, {"q": "ناموجود ABC-12"}))
    nothing = nothing_found(page)
    assert "<bdi>ناموجود ABC-12</bdi>" in nothing
    assert "هیچ نتیجه‌ای" in text(nothing)
    assert nothing.count("<li>") >= 2  # suggestions
    assert "چیزی بنویسید" not in text(page)


def test_nothing_found_with_filters_offers_to_drop_them(written, citizen):
    page = html(citizen.get("/search/", {"q": "ناموجود", "municipality": "rudsar"}))
    link = re.search(r'<a href="([^"]*)"', nothing_found(page))
    assert link is not None
    href = unescape(link.group(1))
    assert "municipality" not in href and "q=" in href


@pytest.mark.parametrize("query", ["خیابانهای", "خیابان‌های"])
def test_excerpts_keep_the_zwnj_of_the_text_as_written(written, citizen, query):
    snippet = snippet_of(first_result(html(citizen.get("/search/", {"q": query}))))
    assert "<mark>خیابان‌های</mark>" in snippet
    assert "بی‌پاسخ" in snippet
    assert "خیابانهای" not in snippet and "بیپاسخ" not in snippet


def test_department_results_read_in_the_pages_language(written, citizen):
    result = first_result(html(citizen.get("/search/", {"q": "فضای سبز"})))
    assert "Green space" not in result
    assert "رودسر" in text(snippet_of(result))
    citizen.cookies["django_language"] = "en"
    result = first_result(html(citizen.get("/search/", {"q": "فضای سبز"})))
    assert "<strong>Green space — Rudsar</strong>" in result
    assert "Rudsar" in text(snippet_of(result))


def kinds(page: str) -> set[str]:
    select = page.split('name="kind"', 1)[1].split("</select>", 1)[0]
    return set(re.findall(r'<option value="([^"]+)"', select))


def test_public_search_offers_only_types_the_public_can_find(written, citizen):
    offered = kinds(html(citizen.get("/search/", {"q": "شهر"})))
    assert "voice.message" not in offered
    assert "meetings.minutes" not in offered
    assert "experience.experience" not in offered
    assert {"newsroom.item", "network.municipality", "network.department"} <= offered


def test_office_search_offers_the_types_the_users_roles_reach(
    written, client_for, lahijan_head, observer
):
    offered = kinds(html(client_for(lahijan_head).get("/office/search/", {"q": "شهر"})))
    assert {"voice.message", "meetings.minutes", "experience.experience"} <= offered
    # A governorate observer reads the network, never a PR office's citizens' messages.
    offered = kinds(html(client_for(observer).get("/office/search/", {"q": "شهر"})))
    assert "voice.message" not in offered
    assert "meetings.minutes" in offered
