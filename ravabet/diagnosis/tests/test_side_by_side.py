"""The members side by side on an issued report's page: a page of members at a time, in
alphabetical order, found by name, in the reader's digits; its queries do not grow with
the number of members (every member is in the XLSX)."""

from __future__ import annotations

import io
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from ravabet.conftest import make_municipality
from ravabet.diagnosis import actions
from ravabet.diagnosis.models import Report
from ravabet.diagnosis.report import MEMBERS_PER_PAGE
from ravabet.diagnosis.tests.data import Work, record

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr data-member="(\d+)">')


def _grow(network, count, prefix, by, quarter):  # type: ignore[no-untyped-def]
    made = [
        make_municipality(f"{prefix}{n:03d}", f"شهر {prefix}{n:03d}", f"Town {prefix}{n:03d}", "x")
        for n in range(count)
    ]
    network.members.add(*made)
    record(network, made[:2], quarter, by, Work(news_per_month=1, messages=1))
    return made


def _issued(network, by, quarter) -> Report:  # type: ignore[no-untyped-def]
    last = Report.objects.of_network(network).exists()
    return actions.issue_report(
        network, quarter, by, narrative="n", change_note="more" if last else ""
    )


def test_the_members_are_paged_in_order_and_found_by_name(
    client_for, east_gilan, lahijan_head, observer, last_quarter
):
    _grow(east_gilan, MEMBERS_PER_PAGE + 7, "a", lahijan_head, last_quarter)
    report = _issued(east_gilan, lahijan_head, last_quarter)
    client = client_for(observer)
    url = report.get_absolute_url()

    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    on_first, on_second = ROW.findall(first), ROW.findall(second)
    assert len(on_first) == MEMBERS_PER_PAGE and len(on_second) == 10  # 57 + the 3 of Gilan
    assert not set(on_first) & set(on_second)
    names = list(report.members.by_display_name().values_list("municipality_id", flat=True))
    assert [int(pk) for pk in on_first + on_second] == names
    # Persian digits, and the pager's links keep to the report.
    assert "اعضای ۱ تا ۵۰ از ۶۰" in first and "صفحه ۱ از ۲" in first
    assert 'href="?page=2"' in first and 'href="?page=1"' in second
    assert 'data-testid="members-next"' not in second
    # A page past the end shows the last one; a page that is no number, the first.
    assert ROW.findall(client.get(url + "?page=99").content.decode()) == on_second
    assert ROW.findall(client.get(url + "?page=x").content.decode()) == on_first

    # Found by name, in Persian or English; the pager keeps the search.
    found = client.get(url, {"q": " رودسر "}).content.decode()
    assert ROW.findall(found) == [str(report.members.get(name="رودسر").municipality_id)]
    assert ROW.findall(client.get(url, {"q": "town a01"}).content.decode()) != []
    many = client.get(url, {"q": "شهر"}).content.decode()
    assert len(ROW.findall(many)) == MEMBERS_PER_PAGE and "page=2" in many and "q=" in many
    none = client.get(url, {"q": "تهران"}).content.decode()
    assert ROW.findall(none) == [] and 'data-testid="member-search"' in none

    # htmx asks for the table alone.
    part = client.get(url, {"page": "2"}, headers={"HX-Request": "true"}).content.decode()
    assert ROW.findall(part) == on_second and "<html" not in part and "narrative" not in part

    # Every member is in the XLSX.
    book = load_workbook(io.BytesIO(client.get(f"{url}xlsx/").content))
    assert book.worksheets[1].max_row == 1 + MEMBERS_PER_PAGE + 10


def test_in_english_the_members_are_in_the_order_of_their_english_names(
    client_for, east_gilan, lahijan_head, observer, last_quarter
):
    report = _issued(east_gilan, lahijan_head, last_quarter)
    client = client_for(observer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(report.get_absolute_url()).content.decode()
    shown = re.findall(r'<tr data-member="\d+"><td><a [^>]*>([^<]+)</a>', page)
    assert shown == ["Kelachay", "Lahijan", "Rudsar"]
    assert "Members 1–3 of 3, in alphabetical order" in page


def test_a_members_office_sees_its_own_row_and_no_pager(
    client_for, east_gilan, rudsar_head, lahijan_head, last_quarter
):
    _grow(east_gilan, MEMBERS_PER_PAGE, "b", lahijan_head, last_quarter)
    report = _issued(east_gilan, lahijan_head, last_quarter)
    page = client_for(rudsar_head).get(report.get_absolute_url()).content.decode()
    rudsar = report.members.get(name="رودسر").municipality_id
    assert ROW.findall(page) == [str(rudsar)]
    assert 'data-testid="members-pager"' not in page
    assert 'data-testid="member-search"' not in page


def test_the_pages_queries_do_not_grow_with_the_members(
    client_for, east_gilan, lahijan_head, observer, last_quarter
):
    client = client_for(observer)

    def queries(**asked: str) -> int:
        report = Report.objects.latest_first().first()
        assert report is not None
        with CaptureQueriesContext(connection) as captured:
            assert client.get(report.get_absolute_url(), asked).status_code == 200
        return len(captured)

    _grow(east_gilan, 10, "c", lahijan_head, last_quarter)
    _issued(east_gilan, lahijan_head, last_quarter)
    few = queries(), queries(q="شهر"), queries(page="2")
    _grow(east_gilan, 3 * MEMBERS_PER_PAGE, "d", lahijan_head, last_quarter)
    _issued(east_gilan, lahijan_head, last_quarter)
    many = queries(), queries(q="شهر"), queries(page="2")
    assert few == many


def test_in_persian_the_members_are_in_the_alphabets_order_on_either_database(
    client_for, east_gilan, lahijan_head, observer, last_quarter
):
    # پ گ ی come after every other letter by code point; in the alphabet they do not.
    for slug, name in [("yasuj", "یاسوج"), ("gorgan", "گرگان"), ("pars", "پارس-آباد")]:
        east_gilan.members.add(make_municipality(slug, name, slug.title(), "x"))
    report = _issued(east_gilan, lahijan_head, last_quarter)
    page = client_for(observer).get(report.get_absolute_url()).content.decode()
    shown = re.findall(r'<tr data-member="\d+"><td><a [^>]*>([^<]+)</a>', page)
    assert shown == ["پارس-آباد", "رودسر", "کلاچای", "گرگان", "لاهیجان", "یاسوج"]
