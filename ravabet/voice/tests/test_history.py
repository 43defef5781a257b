"""Defect 3.13: the office sees a message's history (who routed, replied, changed the
status or the deadline, reopened it, and when), reopening takes a reason, and the
network's voice report has totals and a PDF."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zlib

import pytest
from django.urls import reverse
from django.utils import timezone

from ravabet.lib.i18n import local_digits
from ravabet.meetings.tests.conftest import outsider  # noqa: F401  (fixture)
from ravabet.voice import actions
from ravabet.voice.models import Event, EventKind, Status
from ravabet.voice.report import Period

REASON = "شهروند تماس گرفت و گفت زباله‌ها هنوز در کوچه است"


def test_every_step_is_in_the_history_with_who_and_why(
    client_for, rudsar, rudsar_head, rudsar_reporter, rudsar_services, make_message
):
    message = make_message(rudsar)
    head = client_for(rudsar_head)
    reporter = client_for(rudsar_reporter)
    url = message.get_office_url()
    reporter.post(reverse("voice:route", args=[message.pk]), {"department": rudsar_services.pk})
    new_due = timezone.localdate() + dt.timedelta(days=20)
    response = head.post(
        reverse("voice:deadline", args=[message.pk]),
        {"due_on": local_digits(_jalali(new_due)), "reason": "نیاز به بازدید میدانی"},
    )
    assert response.status_code == 302
    head.post(reverse("voice:reply", args=[message.pk]), {"text": "پاکسازی شد"})
    # Taking an answered message up again needs a reason: refused without one...
    refused = head.post(reverse("voice:status", args=[message.pk]), {"status": "in_progress"})
    assert refused.status_code == 400
    message.refresh_from_db()
    assert message.status == Status.ANSWERED and message.reopened_count == 0
    # ...and kept with it.
    head.post(
        reverse("voice:status", args=[message.pk]), {"status": "in_progress", "reason": REASON}
    )
    head.post(reverse("voice:status", args=[message.pk]), {"status": "closed"})

    events = list(message.events.values_list("kind", "actor__username"))
    assert events == [
        (EventKind.RECEIVED, None),
        (EventKind.ROUTED, "rudsar-reporter"),
        (EventKind.DEADLINE, "rudsar-head"),
        (EventKind.REPLIED, "rudsar-head"),
        (EventKind.REOPENED, "rudsar-head"),
        (EventKind.STATUS, "rudsar-head"),
    ]
    message.refresh_from_db()
    assert message.due_on == new_due and message.reopened_count == 1
    html = head.get(url).content.decode()
    history = html.split('data-testid="history"', 1)[1].split("</section>", 1)[0]
    assert "خدمات شهری" in history and "نگار صفری" in history and "علی نوروزی" in history
    assert REASON in history and "نیاز به بازدید میدانی" in history
    assert "بسته" in history  # the status's name, not its code
    assert "closed" not in history
    # In English, the department's English name and the statuses' English names.
    head.cookies.load({"django_language": "en"})
    english = head.get(url).content.decode().split('data-testid="history"', 1)[1]
    assert "routed it to Urban services" in english and "“closed”" in english.lower()


def _jalali(day: dt.date) -> str:
    from ravabet.lib.jalali import to_jalali

    y, m, d = to_jalali(day)
    return f"{y}/{m:02d}/{d:02d}"


def test_the_citizens_reopening_reason_is_shown_to_the_office(
    client_for, citizen, rudsar, rudsar_head, make_message
):
    message = make_message(rudsar)
    actions.reply_to_message(message, rudsar_head, "انجام شد")
    citizen.post(
        reverse("voice:reopen", args=[message.code]), {"pin": message.new_pin, "reason": REASON}
    )
    html = client_for(rudsar_head).get(message.get_office_url()).content.decode()
    history = html.split('data-testid="history"', 1)[1].split("</section>", 1)[0]
    assert 'data-testid="event-reopened"' in history and REASON in history
    assert "شهروند" in history


def test_a_wrong_deadline_is_refused_in_words_and_nothing_changes(
    client_for, rudsar, rudsar_head, make_message
):
    message = make_message(rudsar)
    due = message.due_on
    head = client_for(rudsar_head)
    url = reverse("voice:deadline", args=[message.pk])
    for data in (
        {"due_on": "1390/01/01", "reason": "x"},  # before the message came
        {"due_on": "۱۴۰۵/۱۳/۰۱", "reason": "x"},  # no such month
        {"due_on": local_digits(_jalali(due + dt.timedelta(days=3))), "reason": "  "},
    ):
        response = head.post(url, data)
        assert response.status_code == 400
        assert "has-error" in response.content.decode() or "errors" in response.content.decode()
    message.refresh_from_db()
    assert message.due_on == due
    assert not message.events.filter(kind=EventKind.DEADLINE).exists()


def test_days_off_moving_a_deadline_are_in_the_history(rudsar, rudsar_head, make_message):
    message = make_message(rudsar)
    due = message.due_on
    day = timezone.localdate() + dt.timedelta(days=1)
    while day.weekday() in (3, 4):  # a working day (Thursday and Friday are off here)
        day += dt.timedelta(days=1)
    actions.add_holiday(rudsar, day, "تعطیلی محلی")
    message.refresh_from_db()
    assert message.due_on > due
    event = message.events.get(kind=EventKind.DEADLINE)
    assert event.actor is None and event.old_value == due.isoformat()
    assert event.new_value == message.due_on.isoformat()


def test_the_history_is_append_only(rudsar, rudsar_reporter, rudsar_services, make_message):
    message = make_message(rudsar)
    actions.route_message(message, rudsar_services, by=rudsar_reporter)
    rudsar_reporter.delete()  # the step stays, by nobody
    rudsar_services.delete()  # and keeps the department's name
    routed = message.events.get(kind=EventKind.ROUTED)
    assert routed.actor is None and routed.to_department is None
    assert routed.new_shown == "خدمات شهری"
    event = message.events.get(kind=EventKind.RECEIVED)
    event.reason = "changed"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        Event.objects.filter(pk=event.pk).update(reason="changed")
    with pytest.raises(TypeError):
        Event.objects.filter(pk=event.pk).delete()
    message.delete()  # the history goes only with its message
    assert not Event.objects.exists()


def test_other_municipalities_get_404_and_strangers_the_login_page(
    client, client_for, rudsar, lahijan_head, rudsar_head, make_message
):
    message = make_message(rudsar)
    other = client_for(lahijan_head)
    assert other.get(message.get_office_url()).status_code == 404
    deadline = reverse("voice:deadline", args=[message.pk])
    assert other.post(deadline, {"due_on": "1420/01/01", "reason": "x"}).status_code == 404
    assert client.post(deadline, {"due_on": "1420/01/01", "reason": "x"}).status_code == 302
    assert "/login/" in client.get(message.get_office_url())["Location"]
    message.refresh_from_db()
    assert not message.events.filter(kind=EventKind.DEADLINE).exists()


def _unpacked(pdf: bytes) -> bytes:
    """Every Flate stream of the PDF inflated: fonts, their ToUnicode maps, the pages."""
    out = b""
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            out += zlib.decompress(match.group(1))
        except zlib.error:
            continue
    return out


def shaped_persian(pdf: bytes) -> dict[str, object]:
    """What the PDF's fonts say without poppler: the embedded fonts, and for each
    character the glyphs drawn for it (Persian shaping draws a letter with several
    glyphs, its initial, medial and final forms; a ligature maps to two characters)."""
    inner = _unpacked(pdf)
    glyphs: dict[str, set[bytes]] = {}
    for glyph, chars in re.findall(rb"<([0-9a-f]{4})> <([0-9a-f]{4,})>", inner, re.I):
        text = bytes.fromhex(chars.decode()).decode("utf-16-be")
        glyphs.setdefault(text, set()).add(glyph)
    fonts = {f.decode() for f in re.findall(rb"/[A-Z]{6}\+([A-Za-z-]+)", inner)}
    return {"fonts": fonts, "glyphs": glyphs}


def run(*args: str) -> str:
    # Poppler's tools, found on PATH; the arguments are ours.
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout  # noqa: S603


def test_the_network_report_has_totals_and_a_pdf(
    client,
    client_for,
    observer,
    rudsar,
    lahijan,
    lahijan_head,
    outsider,  # noqa: F811
    make_message,
    tmp_path,
):
    for municipality, n in ((rudsar, 2), (lahijan, 3)):
        for _ in range(n):
            make_message(municipality)
    period = Period.parse(None).key
    url = reverse("voice:network-report", args=["east-gilan"])
    html = client_for(observer).get(url, {"period": period}).content.decode()
    totals = html.split('data-testid="network-totals"', 1)[1].split("</tr>", 1)[0]
    assert "کل شبکه" in totals and "<td>۵</td>" in totals

    pdf_url = reverse("voice:network-report-pdf", args=["east-gilan"])
    response = client_for(lahijan_head).get(pdf_url, {"period": period})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    pdf = tmp_path / "network.pdf"
    pdf.write_bytes(response.content)
    found = shaped_persian(response.content)
    assert {"Vazirmatn", "Vazirmatn-Bold"} <= found["fonts"]  # type: ignore[operator]
    glyphs = found["glyphs"]
    assert isinstance(glyphs, dict)
    assert len(glyphs["ی"]) >= 2  # yeh drawn in more than one form: the text is shaped
    assert "لا" in glyphs or "ر" in glyphs  # Persian letters, not boxes
    assert "۵" in glyphs  # the total in Persian digits
    if shutil.which("pdffonts"):
        assert "Vazirmatn" in run("pdffonts", str(pdf))
    if shutil.which("pdftotext"):
        text = run("pdftotext", "-layout", str(pdf), "-")
        # Kelachay's lam-alef ligature comes back from pdftotext as «کالچای»: its name
        # is checked without it.
        assert "رودسر" in text and "چای" in text
        assert "۵" in text
    if shutil.which("pdftoppm"):
        run("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p"))
        assert list(tmp_path.glob("p*.png"))

    stranger = client_for(outsider)
    assert stranger.get(url).status_code == 404
    assert stranger.get(pdf_url).status_code == 404
    assert "/login/" in client.get(pdf_url)["Location"]
