"""Done when (issue 17): the Rudsar reporter's month is drafted from the news they wrote and
the event they covered, and they confirm it; the Rudsar PR head prints the office's
evidence pack as a PDF; the secretariat sees the network's aggregate and cannot open a
person's log."""

from __future__ import annotations

import re
import shutil

import pytest

from ravabet.conftest import PASSWORD, screenshot
from ravabet.lib import jalali
from ravabet.workload.models import Pack, WorkMonth
from ravabet.workload.tests.conftest import confirmed_people
from ravabet.workload.tests.test_evidence import run

pytestmark = pytest.mark.browser


def log_in(page, user) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    page.goto(page.base + "/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/office/"))


def test_the_reporter_confirms_the_head_prints_the_secretariat_sees_totals(
    page,
    transactional_db,
    rudsar,
    rudsar_reporter,
    rudsar_head,
    lahijan_head,
    last_month,
    written,
    covered,
    tmp_path,
) -> None:  # type: ignore[no-untyped-def]
    confirmed_people(rudsar, 4, last_month)  # with the reporter, five in the network

    # The reporter opens last month, drafts it from Ravabet and confirms it.
    log_in(page, rudsar_reporter)
    page.goto(page.base + "/office/m/rudsar/workload/")
    page.select_option("select[name=month]", f"{last_month[0]}-{last_month[1]}")
    page.get_by_test_id("open-month").click()
    page.wait_for_url(re.compile(r"/office/workload/months/\d+/$"))
    page.get_by_test_id("draft").click()
    page.wait_for_load_state()
    rows = page.get_by_test_id("entry")
    assert rows.count() == 2
    assert sorted(rows.nth(i).get_attribute("data-kind") for i in range(2)) == ["coverage", "news"]
    text = page.get_by_test_id("entries").inner_text()
    assert written.title in text and covered.title in text
    # The ceremony, 17:00 to 21:30, is four and a half hours in the field.
    assert page.get_by_test_id("field-hours").inner_text() in ("۴٫۵", "۴.۵")
    screenshot(page, "workload-month-drafted")
    page.get_by_test_id("confirm").click()
    page.wait_for_load_state()
    assert "تأیید" in page.get_by_test_id("month-state").inner_text()
    month = WorkMonth.objects.get(person=rudsar_reporter)
    assert month.confirmed
    assert page.get_by_test_id("confirm").count() == 0

    # The PR head makes the office's pack for that month, confirms it and prints it.
    log_in(page, rudsar_head)
    first, last = jalali.month_bounds(*last_month)
    page.goto(
        page.base
        + f"/office/m/rudsar/workload/report/?start={jalali.format_numeric(first)}"
        + f"&end={jalali.format_numeric(last)}"
    )
    assert covered.title in page.get_by_test_id("duties").inner_text()
    page.fill("textarea[name=statement]", "پوشش میدانی مراسم عصرگاهی و تهیه خبر در روزهای تعطیل")
    page.get_by_test_id("make-pack").click()
    page.wait_for_url(re.compile(r"/office/workload/packs/\d+/$"))
    page.get_by_test_id("confirm-pack").click()
    page.wait_for_load_state()
    pack = Pack.objects.get()
    assert pack.confirmed_by == rudsar_head
    screenshot(page, "workload-pack")
    href = page.get_by_test_id("pack-pdf").get_attribute("href")
    response = page.request.get(page.base + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(response.body())
    assert pdf.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        out = run("pdftotext", "-layout", str(pdf), "-")
        assert "رودسر" in out and "پارک ساحلی" in out and "نگار صفری" in out

    # The secretariat (Lahijan's PR head) sees the network's totals, not a person's log.
    log_in(page, lahijan_head)
    page.goto(
        page.base
        + f"/office/n/east-gilan/workload/?start={jalali.format_numeric(first)}"
        + f"&end={jalali.format_numeric(last)}"
    )
    total = page.get_by_test_id("network-total").inner_text()
    assert "۵" in total
    assert page.get_by_test_id("total-hours").count() == 1
    assert "نگار صفری" not in page.content()
    screenshot(page, "workload-network")
    assert page.console_errors == []
    response = page.goto(page.base + month.get_absolute_url())
    assert response is not None and response.status == 404
