"""The issue page: its preview is computed once in a while (or when asked), not on every
view; issuing computes the figures afresh and issues nothing if they are not those of the
preview the secretariat looked at."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ravabet.conftest import make_municipality
from ravabet.diagnosis.models import Report
from ravabet.diagnosis.report import MEMBERS_PER_PAGE
from ravabet.diagnosis.tests.data import Work, record

pytestmark = pytest.mark.django_db

ISSUE = "/office/n/east-gilan/diagnosis/issue/"
ROW = re.compile(r'<tr data-member="(\d+)">')


def _news(page: str) -> str:
    return page.split('data-metric="news_published"><span class="value">')[1].split("<")[0]


def _seen(page: str) -> str:
    found = re.search(r'name="seen" value="([0-9a-f]+)"', page)
    assert found is not None
    return found.group(1)


def _issue(client, quarter, seen, **extra):  # type: ignore[no-untyped-def]
    data = {"quarter": f"{quarter.year}-{quarter.number}", "narrative": "فصل خوبی بود."}
    data.update(extra)
    return client.post(ISSUE, {**data, "seen": seen})


def test_a_stale_preview_is_never_issued(
    client_for, east_gilan, lahijan_head, rudsar, last_quarter
):
    record(east_gilan, [rudsar], last_quarter, lahijan_head)
    secretariat = client_for(lahijan_head)
    asked = {"quarter": f"{last_quarter.year}-{last_quarter.number}"}
    first = secretariat.get(ISSUE, asked).content.decode()
    assert _news(first) == "۱۲" and 'data-testid="preview-age"' in first

    # Work recorded since: the preview (computed minutes ago) still shows the old figures...
    record(east_gilan, [rudsar], last_quarter, lahijan_head)
    again = secretariat.get(ISSUE, asked).content.decode()
    assert _news(again) == "۱۲" and _seen(again) == _seen(first)
    # ...and issuing on it computes the new ones, so it issues nothing and shows them.
    refused = _issue(secretariat, last_quarter, _seen(again))
    page = refused.content.decode()
    assert refused.status_code == 200 and not Report.objects.exists()
    assert "هیچ گزارشی صادر نشد" in page
    assert _news(page) == "۲۴" and _seen(page) != _seen(first)
    # The fresh preview is what the next view shows, and issuing on it issues it.
    assert _news(secretariat.get(ISSUE, asked).content.decode()) == "۲۴"
    assert _issue(secretariat, last_quarter, _seen(page)).status_code == 302
    report = Report.objects.get()
    assert report.snapshot["metrics"]["news_published"]["value"] == 24

    # The preview of another quarter than the one issued is refused too.
    other = last_quarter.previous()
    refused = _issue(secretariat, other, _seen(page))
    assert refused.status_code == 200 and Report.objects.count() == 1


def test_the_preview_is_recomputed_when_asked(
    client_for, east_gilan, lahijan_head, rudsar, last_quarter
):
    record(east_gilan, [rudsar], last_quarter, lahijan_head)
    secretariat = client_for(lahijan_head)
    asked = {"quarter": f"{last_quarter.year}-{last_quarter.number}"}
    assert _news(secretariat.get(ISSUE, asked).content.decode()) == "۱۲"
    record(east_gilan, [rudsar], last_quarter, lahijan_head)
    fresh = secretariat.get(ISSUE, {**asked, "refresh": "1"}).content.decode()
    assert _news(fresh) == "۲۴"
    # Issuing empties the preview: the next one is computed afresh.
    assert _issue(secretariat, last_quarter, _seen(fresh)).status_code == 302
    record(east_gilan, [rudsar], last_quarter, lahijan_head)
    after = secretariat.get(ISSUE, asked).content.decode()
    assert _news(after) == "۳۶" and 'data-testid="already-issued"' in after


def test_the_preview_is_cheap_and_paged_whatever_the_number_of_members(
    client_for, east_gilan, lahijan_head, last_quarter
):
    secretariat = client_for(lahijan_head)
    asked = {"quarter": f"{last_quarter.year}-{last_quarter.number}"}

    def grow(count: int, prefix: str) -> None:
        made = [
            make_municipality(f"{prefix}{n:03d}", f"شهر {prefix}{n:03d}", "", "x")
            for n in range(count)
        ]
        east_gilan.members.add(*made)
        record(east_gilan, made[:3], last_quarter, lahijan_head, Work(news_per_month=1))

    def viewed(**more: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = secretariat.get(ISSUE, {**asked, **more})
        assert response.status_code == 200
        return len(captured), response.content.decode()

    grow(5, "a")
    viewed(refresh="1")
    few, page = viewed()
    assert len(ROW.findall(page)) == 8
    grow(2 * MEMBERS_PER_PAGE, "b")
    built, _page = viewed(refresh="1")
    many, page = viewed()
    assert many == few < built
    assert len(ROW.findall(page)) == MEMBERS_PER_PAGE
    assert "page=2" in page and f"quarter={last_quarter.year}-{last_quarter.number}" in page
    # The search and the pages of the preview, with htmx, are its table alone.
    part = secretariat.get(
        ISSUE, {**asked, "q": "شهر b010"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert len(ROW.findall(part)) == 1 and "<html" not in part
    assert len(ROW.findall(viewed(page="3")[1])) == 8  # 108 members: 50, 50 and 8


def test_the_previews_members_are_in_persian_alphabetical_order(
    client_for, east_gilan, lahijan_head, last_quarter
):
    for n, name in enumerate(["واجارگاه", "چابکسر", "پره‌سر"]):
        east_gilan.members.add(make_municipality(f"p{n}", name, "", "x"))
    page = client_for(lahijan_head).get(ISSUE).content.decode()
    shown = re.findall(r'<tr data-member="\d+"><td>([^<]+)</td>', page)
    assert shown == ["پره‌سر", "چابکسر", "رودسر", "کلاچای", "لاهیجان", "واجارگاه"]
