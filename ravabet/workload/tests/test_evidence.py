"""The office's report, evidence packs and their PDF; the network's aggregate."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from ravabet.lib import jalali
from ravabet.workload import actions
from ravabet.workload.models import Pack
from ravabet.workload.tests.conftest import confirmed_people, weekday_in

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    # Poppler's tools, found on PATH; the arguments are ours.
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout  # noqa: S603


def period(last_month: tuple[int, int]) -> dict[str, str]:
    first, last = jalali.month_bounds(*last_month)
    return {"start": jalali.format_numeric(first), "end": jalali.format_numeric(last)}


def test_the_pr_head_makes_confirms_and_prints_the_office_s_pack(
    client_for, rudsar, rudsar_head, rudsar_reporter, month, written, covered, last_month, tmp_path
) -> None:
    actions.draft_month(month)
    actions.confirm_month(month)
    client = client_for(rudsar_head)
    report = client.get("/office/m/rudsar/workload/report/", period(last_month))
    assert report.status_code == 200
    assert "آیین افتتاح پارک ساحلی" in report.content.decode()
    response = client.post(
        "/office/m/rudsar/workload/packs/new/",
        {**period(last_month), "person": "", "statement": "کار خبری و میدانی در عصر و شب"},
    )
    pack = Pack.objects.get()
    assert response.status_code == 302 and response["Location"] == pack.get_absolute_url()
    client.post(f"/office/workload/packs/{pack.pk}/confirm/")
    pack.refresh_from_db()
    assert pack.confirmed_by == rudsar_head
    # Twice: a clear message.
    client.cookies["django_language"] = "en"
    again = client.post(f"/office/workload/packs/{pack.pk}/confirm/", follow=True)
    assert "already confirmed" in again.content.decode()
    response = client.get(f"/office/workload/packs/{pack.pk}/pack.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(response.content)
    if shutil.which("pdffonts"):
        assert "Vazirmatn" in run("pdffonts", str(pdf))
    if shutil.which("pdftotext"):
        text = run("pdftotext", "-layout", str(pdf), "-")
        assert "رودسر" in text
        assert "پارک ساحلی" in text
        assert "نگار صفری" in text


def test_an_unconfirmed_month_is_not_in_the_pack(
    client_for, rudsar, rudsar_head, month, covered, last_month
) -> None:
    actions.draft_month(month)
    first, last = jalali.month_bounds(*last_month)
    pack = actions.create_pack(Pack(municipality=rudsar, start=first, end=last), rudsar_head)
    client = client_for(rudsar_head)
    client.cookies["django_language"] = "en"
    page = client.get(pack.get_absolute_url()).content.decode()
    assert "پارک ساحلی" not in page and "No confirmed work" in page


def test_a_bad_period_is_refused_with_the_form_kept(client_for, rudsar_head, last_month) -> None:
    client = client_for(rudsar_head)
    client.cookies["django_language"] = "en"
    data = period(last_month)
    response = client.post(
        "/office/m/rudsar/workload/packs/new/",
        {"start": data["end"], "end": data["start"], "statement": "متن بیانیه"},
    )
    assert response.status_code == 400
    assert "ends before it starts" in response.content.decode()
    assert "متن بیانیه" in response.content.decode()
    response = client.post(
        "/office/m/rudsar/workload/packs/new/", {"start": "1500/01/01", "end": "1500/02/01"}
    )
    assert response.status_code == 400 and not Pack.objects.exists()
    response = client.get("/office/m/rudsar/workload/report/", {"start": "NaN", "end": "x"})
    assert response.status_code == 400


def test_a_person_from_another_office_cannot_be_chosen_for_a_pack(
    client_for, rudsar_head, kelachay_staff, last_month
) -> None:
    response = client_for(rudsar_head).post(
        "/office/m/rudsar/workload/packs/new/",
        {**period(last_month), "person": str(kelachay_staff.pk)},
    )
    assert response.status_code == 400 and not Pack.objects.exists()


def test_the_network_sees_offices_of_five_or_more_and_never_a_person(
    client_for, observer, rudsar, kelachay, last_month, month, covered
) -> None:
    confirmed_people(rudsar, 5, last_month)
    confirmed_people(kelachay, 5, last_month)
    actions.draft_month(month)
    actions.confirm_month(month)
    client = client_for(observer)
    client.cookies["django_language"] = "en"
    page = client.get("/office/n/east-gilan/workload/", period(last_month)).content.decode()
    assert "11 people" in page  # 5 + 5 + the reporter
    assert page.count("Fewer than 5 people: not shown") == 1  # Lahijan (nobody)
    assert page.count("Hours worked") == 1  # the network's table
    assert "rudsar-pr-" not in page and "نگار صفری" not in page
    assert "پارک ساحلی" not in page  # no entry's title
    response = client.get("/office/n/east-gilan/workload/aggregate.pdf", period(last_month))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")


def test_an_office_is_withheld_where_the_total_would_give_away_a_small_one(
    client_for, observer, east_gilan, rudsar, kelachay, last_month
) -> None:
    from ravabet.workload.reports import network_report

    confirmed_people(rudsar, 5, last_month)
    confirmed_people(kelachay, 2, last_month)
    first, last = jalali.month_bounds(*last_month)
    report = network_report(east_gilan, first, last)
    lines = {line.municipality.slug: line for line in report.offices}
    # Rudsar has five, but network − Rudsar = Kelachay's two: Rudsar is withheld too.
    assert lines["rudsar"].withheld and lines["rudsar"].measures is None
    assert lines["kelachay"].measures is None and not lines["kelachay"].withheld
    assert report.total is not None and report.people == 7
    client = client_for(observer)
    client.cookies["django_language"] = "en"
    page = client.get("/office/n/east-gilan/workload/", period(last_month)).content.decode()
    assert "would give away" in page


def test_fewer_than_five_in_the_network_shows_nothing(
    client_for, lahijan_head, rudsar, last_month
) -> None:
    confirmed_people(rudsar, 4, last_month)
    client = client_for(lahijan_head)
    client.cookies["django_language"] = "en"
    page = client.get("/office/n/east-gilan/workload/", period(last_month)).content.decode()
    assert "Fewer than 5 people have confirmed logs" in page
    assert "Hours worked" not in page


def test_the_office_report_reads_a_fixed_number_of_queries(
    client_for, rudsar, rudsar_head, last_month, django_assert_max_num_queries
) -> None:
    confirmed_people(rudsar, 2, last_month)
    client = client_for(rudsar_head)
    with django_assert_max_num_queries(30) as few:
        client.get("/office/m/rudsar/workload/report/", period(last_month))
    confirmed_people(rudsar, 4, last_month, hours=9)  # 2 → 6 people
    # Made the same way: the people's names are in the entries' one query.
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/office/m/rudsar/workload/report/", period(last_month))


def test_a_month_page_reads_a_fixed_number_of_queries(
    client_for, rudsar_reporter, month, last_month, django_assert_max_num_queries
) -> None:
    from ravabet.workload.tests.conftest import manual

    manual(month, weekday_in(last_month, weekday=1, after=1), 9, 10)
    client = client_for(rudsar_reporter)
    with django_assert_max_num_queries(30) as few:
        client.get(month.get_absolute_url())
    for n in range(2, 10):
        manual(month, weekday_in(last_month, weekday=1, after=1), 9 + n, 10 + n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(month.get_absolute_url())


def test_the_network_page_reads_a_fixed_number_of_queries(
    client_for, observer, rudsar, kelachay, last_month, django_assert_max_num_queries
) -> None:
    confirmed_people(rudsar, 1, last_month)
    client = client_for(observer)
    with django_assert_max_num_queries(30) as few:
        client.get("/office/n/east-gilan/workload/", period(last_month))
    confirmed_people(kelachay, 6, last_month)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/office/n/east-gilan/workload/", period(last_month))
