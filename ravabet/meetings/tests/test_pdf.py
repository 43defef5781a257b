import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ravabet.meetings import actions
from ravabet.meetings.tests.conftest import close_comments


@pytest.fixture
def approved(held, lahijan_head):
    item = held.agenda.first()
    actions.save_minutes(
        item,
        "<p>گزارش دبیرخانه درباره <strong>مصوبات</strong> جلسه پیشین ارائه شد.</p>",
        0,
        lahijan_head,
    )
    actions.approve_minutes(close_comments(held), lahijan_head)
    return held


def run(*args: str) -> str:
    # Poppler's tools, found on PATH; the arguments are ours.
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout  # noqa: S603


def test_the_pdf_of_approved_minutes(client_for, observer, approved, tmp_path):
    response = client_for(observer).get(f"/office/meetings/{approved.pk}/minutes.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    pdf = tmp_path / "minutes.pdf"
    pdf.write_bytes(response.content)
    if shutil.which("pdffonts"):
        assert "Vazirmatn" in run("pdffonts", str(pdf))
    if shutil.which("pdftotext"):
        text = run("pdftotext", "-layout", str(pdf), "-")
        assert "صورتجلسه" in text
        # Words without the lam-alef ligature, which pdftotext writes back reversed.
        assert "دبیرخانه مستقر در شهرداری" in text
        assert "رودسر" in text
    if shutil.which("pdftoppm"):
        folder = Path(os.environ.get("RAVABET_SCREENSHOTS") or tmp_path)
        folder.mkdir(parents=True, exist_ok=True)
        run(
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(folder / "minutes-page"),
        )
        assert list(folder.glob("minutes-page*.png"))


def test_no_pdf_before_approval(client_for, lahijan_head, held):
    assert (
        client_for(lahijan_head).get(f"/office/meetings/{held.pk}/minutes.pdf").status_code == 404
    )


def test_outsiders_get_no_pdf(client_for, outsider, approved):
    assert (
        client_for(outsider).get(f"/office/meetings/{approved.pk}/minutes.pdf").status_code == 404
    )
