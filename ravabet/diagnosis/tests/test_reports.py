"""The quarterly report: issued frozen, versioned, emailed to the observer with its PDF,
downloadable as XLSX with the same figures; queries flat in the number of members."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from ravabet.conftest import make_municipality
from ravabet.diagnosis import actions, metrics
from ravabet.diagnosis.models import MemberSnapshot, Report
from ravabet.diagnosis.tests.data import Work, record
from ravabet.lib.persian import to_latin_digits

pytestmark = pytest.mark.django_db

ISSUE = "/office/n/east-gilan/diagnosis/issue/"


def _issue(client, quarter, narrative="فصل پرکاری بود.", change_note=""):  # type: ignore[no-untyped-def]
    return client.post(
        ISSUE,
        {
            "quarter": f"{quarter.year}-{quarter.number}",
            "narrative": narrative,
            "change_note": change_note,
        },
    )


def test_issuing_freezes_the_figures_and_a_second_issue_is_a_new_version(
    client_for, east_gilan, lahijan_head, rudsar, observer, last_quarter
):
    record(east_gilan, [rudsar], last_quarter, lahijan_head)
    secretariat = client_for(lahijan_head)
    preview = secretariat.get(ISSUE + f"?quarter={last_quarter.year}-{last_quarter.number}")
    assert preview.status_code == 200 and not Report.objects.exists()

    empty = _issue(secretariat, last_quarter, narrative="  ")
    assert empty.status_code == 200 and not Report.objects.exists()
    assert _issue(secretariat, last_quarter).status_code == 302
    report = Report.objects.get()
    assert report.version == 1
    assert report.snapshot["metrics"]["news_published"]["value"] == 12
    assert MemberSnapshot.objects.filter(report=report).count() == 3

    # New work recorded afterwards never changes the issued figures.
    record(east_gilan, [rudsar], last_quarter, lahijan_head)
    page = client_for(observer).get(report.get_absolute_url()).content.decode()
    news_cell = page.split('data-metric="news_published"')[1][:120]
    assert "۱۲" in news_cell and "۲۴" not in news_cell

    # The issue page says the quarter was issued already.
    preview = secretariat.get(ISSUE + f"?quarter={last_quarter.year}-{last_quarter.number}")
    assert 'data-testid="already-issued"' in preview.content.decode()
    # Issued again without saying what changed: refused, nothing lost or duplicated.
    refused = _issue(secretariat, last_quarter)
    assert refused.status_code == 200 and Report.objects.count() == 1
    assert "version" in refused.content.decode() or "نسخه" in refused.content.decode()
    assert _issue(secretariat, last_quarter, change_note="داده‌های رودسر کامل شد").status_code == 302
    second = Report.objects.latest_first().first()
    assert second is not None and second.version == 2
    assert second.snapshot["metrics"]["news_published"]["value"] == 24
    assert Report.objects.get(version=1).snapshot["metrics"]["news_published"]["value"] == 12
    page = client_for(observer).get(second.get_absolute_url()).content.decode()
    assert "داده‌های رودسر کامل شد" in page


def test_the_observer_is_emailed_the_pdf(
    client_for,
    east_gilan,
    lahijan_head,
    rudsar,
    observer,
    last_quarter,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    observer.email = "urban-affairs@gilan.example"
    observer.save()
    record(east_gilan, [rudsar], last_quarter, lahijan_head)
    with django_capture_on_commit_callbacks(execute=True):
        _issue(client_for(lahijan_head), last_quarter)
    run_tasks()
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["X-Envelope-To"] == "urban-affairs@gilan.example"
    pdfs = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert len(pdfs) == 1 and pdfs[0].get_payload(decode=True).startswith(b"%PDF")
    # Sent once: running the worker again sends nothing more.
    run_tasks()
    assert len(smtp_server.messages) == 1
    # And it is listed on the observer's dashboard.
    dashboard = client_for(observer).get("/office/n/east-gilan/").content.decode()
    assert Report.objects.get().get_absolute_url() in dashboard


def test_the_xlsx_has_the_figures_the_screen_shows(
    client_for, east_gilan, lahijan_head, rudsar, observer, last_quarter
):
    record(east_gilan, [rudsar], last_quarter, lahijan_head)
    _issue(client_for(lahijan_head), last_quarter)
    report = Report.objects.get()
    observer_client = client_for(observer)
    page = observer_client.get(report.get_absolute_url()).content.decode()
    download = observer_client.get(f"/office/diagnosis/reports/{report.pk}/xlsx/")
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(download.content))
    sheet = book.worksheets[0]
    values = {row[1]: row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["خبرهای منتشرشده"] == 12  # the figures' names in the reader's language
    for key in ("news_published", "first_reply_hours", "resolutions_on_time"):
        cell = page.split(f'data-metric="{key}"><span class="value">')[1].split("<")[0]
        assert float(to_latin_digits(cell).replace("٫", ".")) in values.values()
    members = book.worksheets[1]
    rows = {r[0]: r[1:] for r in members.iter_rows(min_row=2, values_only=True)}
    assert rows["رودسر"][0] == 12
    assert rows["کلاچای"][0] is None  # "not enough data", never 0
    pdf = observer_client.get(f"/office/diagnosis/reports/{report.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def _incident(municipality, by, opened_at, first_statement_after=None):  # type: ignore[no-untyped-def]
    from ravabet.crisis.models import Incident, IncidentStatus, Statement, StatementStatus

    incident = Incident.objects.create(
        title="آب‌گرفتگی",
        kind="flood",
        severity="serious",
        spokesperson=by,
        opened_by=by,
        opened_at=opened_at,
        started_at=opened_at,
        status=IncidentStatus.CLOSED,
        closed_at=opened_at + dt.timedelta(days=1),
        closed_by=by,
    )
    incident.municipalities.add(municipality)
    if first_statement_after is not None:
        Statement.objects.create(
            incident=incident,
            template="holding",
            number=1,
            title="اطلاعیه",
            known="-",
            doing="-",
            next_update="-",
            status=StatementStatus.PUBLISHED,
            drafted_by=by,
            approved_by=by,
            approved_at=opened_at + first_statement_after,
            published_by=by,
            published_at=opened_at + first_statement_after,
        )
    return incident


def test_the_crisis_section_shows_the_time_to_the_first_statement(
    client_for, east_gilan, lahijan, rudsar, lahijan_head, rudsar_head, observer, last_quarter
):
    opened = last_quarter.start_utc() + dt.timedelta(days=10)
    _incident(lahijan, lahijan_head, opened, dt.timedelta(hours=2))
    _incident(lahijan, lahijan_head, opened + dt.timedelta(days=3), dt.timedelta(hours=4))
    # Rudsar's only incident was closed with nothing said: not a figure, not enough data.
    _incident(rudsar, rudsar_head, opened)
    figures = metrics.BY_KEY["crisis_statement_hours"].compute(
        [lahijan.pk, rudsar.pk], last_quarter
    )
    assert figures[lahijan.pk].shown == 3.0
    assert figures[rudsar.pk].shown is None
    _issue(client_for(lahijan_head), last_quarter)
    page = client_for(observer).get(Report.objects.get().get_absolute_url()).content.decode()
    assert 'data-testid="no-source-crisis"' not in page
    assert "Time to the first statement" in page or "زمان تا نخستین اطلاعیه" in page


def _build_queries(network, quarter) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        actions.build(network, quarter)
    return len(captured)


def test_the_report_takes_as_many_queries_for_3n_members_as_for_n(
    client_for, east_gilan, lahijan_head, observer, last_quarter
):
    def add(n: int, prefix: str) -> list:  # type: ignore[type-arg]
        made = [make_municipality(f"{prefix}{i}", f"شهر {prefix}{i}", "", "x") for i in range(n)]
        east_gilan.members.add(*made)
        record(east_gilan, made, last_quarter, lahijan_head, Work(news_per_month=1, messages=1))
        return made

    add(2, "a")
    actions.issue_report(east_gilan, last_quarter, lahijan_head, narrative="n")
    few = _build_queries(east_gilan, last_quarter)
    with CaptureQueriesContext(connection) as small_page:
        client_for(observer).get(Report.objects.get().get_absolute_url())
    add(10, "b")
    many = _build_queries(east_gilan, last_quarter)
    actions.issue_report(east_gilan, last_quarter, lahijan_head, narrative="n", change_note="more")
    with CaptureQueriesContext(connection) as large_page:
        client_for(observer).get(Report.objects.latest_first().first().get_absolute_url())  # type: ignore[union-attr]
    assert few == many
    assert len(small_page) == len(large_page)
