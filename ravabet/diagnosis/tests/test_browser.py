"""The issue's "Done when", in a real browser: a round opened, answered by Rudsar and
Shalman beside their measured values, the problem both raised in the register, the report
issued, and the observer's PDF and XLSX holding the figures the screen shows."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from ravabet.conftest import PASSWORD, screenshot
from ravabet.diagnosis.models import Problem, Report
from ravabet.diagnosis.tests.data import Work, record
from ravabet.lib.persian import to_latin_digits

pytestmark = pytest.mark.browser

PROBLEM = "نبود خبرنگار تمام‌وقت در دفتر روابط عمومی"


def login(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    page.goto(page.base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/office/"))


def answer_round(page, slug: str, expected_news: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + f"/office/m/{slug}/")
    page.get_by_test_id("diagnosis-panel").get_by_role("link", name=re.compile("پاسخ")).click()
    page.wait_for_url(re.compile(r"/answer/$"))
    measured = page.locator('[data-metric="news_published"] .value').inner_text()
    assert measured == expected_news
    for field in page.locator("input[name^=score_]").all():
        field.fill("۳")
    page.locator("section.question", has=page.locator('[data-metric="news_published"]')).locator(
        "input[name^=problem_]"
    ).fill(PROBLEM)
    page.get_by_test_id("submit-answers").click()
    page.wait_for_url(re.compile(r"/answer/$"))
    assert page.get_by_test_id("answered").is_visible()
    # Still beside the saved answer, unchanged by it.
    assert page.locator('[data-metric="news_published"] .value').inner_text() == expected_news


def test_a_quarter_diagnosed_and_reported_to_the_governorate(
    page,
    transactional_db,
    east_gilan,
    lahijan_head,
    rudsar,
    rudsar_head,
    shalman,
    shalman_head,
    observer,
    last_quarter,
    smtp_server,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    record(east_gilan, [rudsar], last_quarter, lahijan_head)
    record(east_gilan, [shalman], last_quarter, lahijan_head, Work(news_per_month=2))

    # The secretariat opens the round for the last quarter.
    login(page, "lahijan-head")
    page.goto(page.base + "/office/n/east-gilan/diagnosis/")
    page.select_option("select[name=quarter]", f"{last_quarter.year}-{last_quarter.number}")
    page.get_by_test_id("open-round").click()
    page.wait_for_url(re.compile(r"/office/diagnosis/rounds/\d+/$"))
    assert page.get_by_test_id("round-status").is_visible()

    # Rudsar and Shalman answer, each beside what Ravabet measured for it.
    login(page, "rudsar-head")
    answer_round(page, "rudsar", "۱۲")
    screenshot(page, "diagnosis-answer")
    login(page, "shalman-head")
    answer_round(page, "shalman", "۶")

    # The register shows the one problem both raised.
    login(page, "lahijan-head")
    page.goto(page.base + "/office/n/east-gilan/diagnosis/problems/")
    row = page.get_by_test_id("problem-row").filter(has_text=PROBLEM)
    assert row.get_by_test_id("members-count").inner_text() == "۲"
    assert Problem.objects.get().reports.count() == 2

    # The secretariat issues the quarterly report.
    page.goto(page.base + "/office/n/east-gilan/diagnosis/issue/")
    page.select_option("#q", f"{last_quarter.year}-{last_quarter.number}")
    page.get_by_test_id("preview").click()
    page.wait_for_url(re.compile(r"\?quarter="))
    preview = page.locator('[data-testid=figure][data-metric="news_published"] .value')
    assert preview.inner_text() == "۱۸"
    page.fill("textarea[name=narrative]", "در این فصل دو عضو کمبود خبرنگار را گزارش کردند.")
    page.get_by_test_id("issue").click()
    page.wait_for_url(re.compile(r"/office/diagnosis/reports/\d+/$"))
    report = Report.objects.get()

    # The observer finds it on the dashboard, reads it and downloads both files.
    login(page, "observer")
    page.goto(page.base + "/office/n/east-gilan/")
    page.get_by_test_id("diagnosis-panel").get_by_role("link", name=report.quarter.label).click()
    page.wait_for_url(re.compile(rf"/office/diagnosis/reports/{report.pk}/$"))
    screenshot(page, "diagnosis-report")
    shown = {
        key: to_latin_digits(
            page.locator(f'[data-testid=figure][data-metric="{key}"] .value').inner_text()
        )
        for key in ("news_published", "first_reply_hours", "replied_within_deadline")
    }
    assert shown["news_published"] == "18"  # 12 + 6 across the network
    side = page.get_by_test_id("side-by-side")
    assert "شلمان" in side.inner_text() and "رودسر" in side.inner_text()

    with page.expect_download() as pdf_download:
        page.get_by_test_id("pdf").click()
    assert pdf_download.value.path().read_bytes().startswith(b"%PDF")
    with page.expect_download() as xlsx_download:
        page.get_by_test_id("xlsx").click()
    book = load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes()))
    figures = [row[3] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    for text in shown.values():
        assert float(text.replace("٫", ".")) in figures, (text, figures)
    members = {r[0]: r[1] for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert members["رودسر"] == 12 and members["شلمان"] == 6
    assert not page.console_errors
