"""Done when (issue 15): the Lahijan PR head opens a flood incident, records two facts,
verifies one, publishes statement no. 1 from the holding template; it is on the public
pages, the messenger API receives it once and the SMTP server once per journalist; a
second publish gets no. 2; the static crisis page holds both; the review PDF lists the
timeline."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from ravabet.conftest import PASSWORD, screenshot
from ravabet.crisis import static
from ravabet.crisis.models import Incident, Statement

pytestmark = pytest.mark.browser


def log_in(page, user) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/office/"))


def publish_from(page, template: str) -> None:  # type: ignore[no-untyped-def]
    page.select_option("[data-testid=draft-form] select[name=template]", template)
    page.get_by_test_id("draft").click()
    page.wait_for_url(re.compile(r"/office/crisis/statements/\d+/$"))
    page.get_by_test_id("approve").click()
    page.wait_for_load_state()
    page.get_by_test_id("publish").click()
    page.wait_for_load_state()


def test_a_flood_statement_goes_out_everywhere_once(
    page,
    transactional_db,
    lahijan,
    east_gilan,
    lahijan_head,
    lahijan_channel,
    bot_api,
    journalists,
    smtp_server,
    run_tasks,
    tmp_path,
) -> None:  # type: ignore[no-untyped-def]
    log_in(page, lahijan_head)
    page.goto(page.base + "/office/m/lahijan/crisis/")
    form = page.get_by_test_id("open-incident")
    form.locator("input[name=title]").fill("آبگرفتگی خیابان شیخ زاهد")
    form.locator("select[name=kind]").select_option("flood")
    form.locator("select[name=severity]").select_option("serious")
    form.locator("select[name=spokesperson]").select_option(str(lahijan_head.pk))
    form.locator("textarea[name=description]").fill("بارش شدید از ساعت ۱۴؛ دو محله درگیرند.")
    page.get_by_test_id("open").click()
    page.wait_for_url(re.compile(r"/office/crisis/\d+/$"))
    incident = Incident.objects.get()
    assert page.get_by_test_id("crisis-bar").is_visible()

    for text, source in (
        ("خیابان شیخ زاهد و میدان شهدا زیر آب است", "افسر کشیک آتش‌نشانی"),
        ("یک خودرو در آب گیر کرده است", "تماس شهروند"),
    ):
        fact_form = page.get_by_test_id("fact-form")
        fact_form.locator("textarea[name=text]").fill(text)
        fact_form.locator("input[name=source]").fill(source)
        page.get_by_test_id("add-fact").click()
        page.wait_for_url(re.compile(r"#facts$"))
    assert page.get_by_test_id("fact").count() == 2
    page.get_by_test_id("fact").first.get_by_test_id("verify").click()
    page.wait_for_url(re.compile(r"#facts$"))
    assert page.get_by_test_id("fact-status").first.inner_text() == "تأییدشده"
    screenshot(page, "crisis-incident-desktop")

    publish_from(page, "holding")
    assert "شماره ۱" in page.get_by_test_id("statement-title").inner_text()
    statement = Statement.objects.get(incident=incident, number=1)
    assert [f.text for f in statement.facts.all()] == ["خیابان شیخ زاهد و میدان شهدا زیر آب است"]
    run_tasks()
    assert len(bot_api.calls) == 1
    assert "%D8%B4%D9%85%D8%A7%D8%B1%D9%87" in bot_api.calls[0][1].decode()  # «شماره»
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "hamid@example.org",
        "sara@example.org",
    ]
    page.reload()
    screenshot(page, "crisis-statement-desktop")

    for url in ("/m/lahijan/", "/n/east-gilan/"):
        page.goto(page.base + url)
        banner = page.get_by_test_id("crisis-banner").inner_text()
        assert "اطلاعیه شماره ۱" in banner, url
    screenshot(page, "crisis-public-banner-desktop")

    page.goto(page.base + incident.get_absolute_url())
    publish_from(page, "update")
    assert "شماره ۲" in page.get_by_test_id("statement-title").inner_text()
    run_tasks()
    # Statement no. 1 once, no. 2 once: nothing went twice.
    assert len(bot_api.calls) == 2
    assert len(smtp_server.messages) == 4

    html = static.page_path(lahijan).read_text(encoding="utf-8")
    assert html.index("اطلاعیه شماره ۲") < html.index("اطلاعیه شماره ۱")
    page.goto(static.page_path(lahijan).as_uri())
    screenshot(page, "crisis-static-page-desktop")

    page.goto(page.base + f"/office/crisis/{incident.pk}/review/")
    response = page.request.get(page.base + f"/office/crisis/{incident.pk}/review.pdf")
    assert response.ok and response.body().startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        pdf = tmp_path / "review.pdf"
        pdf.write_bytes(response.body())
        text = subprocess.run(  # noqa: S603
            ["pdftotext", "-layout", str(pdf), "-"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        # The timeline's entries: the facts learned and the statements published (words
        # without the lam-alef ligature, which pdftotext writes back reversed).
        for line in ("یک خودرو در آب گیر کرده است", "شیخ زاهد", "شماره"):
            assert line in text, line
        assert text.count("شماره") >= 3  # the table's heading and the two timeline entries
    assert page.console_errors == []
