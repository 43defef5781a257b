"""In a real browser: a citizen points at the place on the map (no tile server reachable:
the map still takes the click), the office sees the point on a map; and a citizen who gave
a mobile number and an email is told of the answer by SMS (a local gateway) and email."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from ravabet.conftest import screenshot
from ravabet.lib.persian import to_latin_digits
from ravabet.voice.models import Message, Status

from .test_browser import log_in, log_out

pytestmark = pytest.mark.browser

# Nothing answers on port 9: tiles fail to load, as in a test or an office offline.
TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"


def _errors_besides_tiles(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        e
        for e in page.console_errors
        if "127.0.0.1:9" not in e
        and "ERR_CONNECTION_REFUSED" not in e
        and "Failed to load resource" not in e
        and "Content Security Policy" not in e
    ]


def _fill_message(page, text: str) -> None:  # type: ignore[no-untyped-def]
    page.check("input[name=kind][value=complaint]")
    page.select_option("select[name=category]", index=2)
    page.fill("textarea[name=text]", text)
    page.fill("input[name=name]", "مریم احمدی")
    page.fill("input[name=mobile]", "۰۹۱۲ ۳۴۵ ۶۷۸۹")
    page.check("input[name=consent]")


@pytest.mark.parametrize(("width", "lang"), [(390, "fa"), (1280, "en")])
def test_a_citizen_points_at_the_map_and_the_office_sees_the_point(
    page,
    transactional_db,
    rudsar_head,
    settings,
    tmp_path,
    width,
    lang,  # type: ignore[no-untyped-def]
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.MAP_TILES = TILES
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": page.base}])
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(page.base + "/m/rudsar/contact/")
    _fill_message(page, "چاله بزرگ وسط خیابان امام، روبه‌روی پارک")
    page.locator(".voice-more summary").click()
    box = page.get_by_test_id("map")
    box.wait_for()
    page.wait_for_function(
        "document.querySelector('[data-testid=map]').classList.contains('leaflet-container')"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    bounds = box.bounding_box()
    assert bounds and bounds["width"] > 200 and bounds["height"] > 200
    box.click(position={"x": bounds["width"] * 0.3, "y": bounds["height"] * 0.6})
    page.locator("[data-testid=map] .leaflet-marker-icon").wait_for()
    assert page.is_checked("input[name=share_location]")
    latitude = page.input_value("input[name=latitude]")
    longitude = page.input_value("input[name=longitude]")
    # The reader's digits: ۳۷٫۱۳۴۸۳۲ on a Persian page.
    digits = r"[۰-۹]{2}٫[۰-۹]{6}" if lang == "fa" else r"[0-9]{2}\.[0-9]{6}"
    assert re.fullmatch(digits, latitude), latitude
    screenshot(page, f"voice-map-form-{lang}-{width}")
    page.get_by_test_id("send").click()
    page.wait_for_url(re.compile(r"/track/[2-9]{8}/$"))
    message = Message.objects.get()
    assert message.share_location
    assert message.latitude == Decimal(to_latin_digits(latitude))
    assert message.longitude == Decimal(to_latin_digits(longitude))
    # Around the map's starting view (Gilan), as clicked left of and below its centre.
    assert 36 < message.latitude < 37.2 < 38 and 49 < message.longitude < 50.0

    log_in(page, "rudsar-head")
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": page.base}])
    page.goto(page.base + message.get_office_url())
    page.locator("[data-testid=office-map] .leaflet-marker-icon").wait_for()
    page.get_by_test_id("history").wait_for()
    screenshot(page, f"voice-map-office-{lang}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert _errors_besides_tiles(page) == []


def test_without_javascript_the_plain_fields_still_carry_the_point(
    browser,
    live_server,
    transactional_db,
    rudsar,
    settings,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    settings.MEDIA_ROOT = tmp_path
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/m/rudsar/contact/")
    _fill_message(page, "درخت افتاده در پیاده‌رو")
    page.locator(".voice-more summary").click()
    page.check("input[name=share_location]")
    page.fill("input[name=latitude]", "۳۷٫۱۹۸۳")
    page.fill("input[name=longitude]", "50.0034")
    page.get_by_test_id("send").click()
    page.wait_for_url(re.compile(r"/track/[2-9]{8}/$"))
    message = Message.objects.get()
    assert (message.latitude, message.longitude) == (Decimal("37.198300"), Decimal("50.003400"))
    context.close()


def test_a_citizen_gets_the_sms_and_the_email_when_answered(
    page,
    transactional_db,
    rudsar_head,
    settings,
    tmp_path,
    smtp_server,
    sms_gateway,
    run_tasks,  # type: ignore[no-untyped-def]
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.MAP_TILES = TILES
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base + "/m/rudsar/contact/")
    _fill_message(page, "لامپ‌های کوچه نسترن یک هفته است خاموش است")
    page.fill("input[name=email]", "maryam@example.org")
    page.get_by_test_id("send").click()
    page.wait_for_url(re.compile(r"/track/[2-9]{8}/$"))
    pin = page.get_by_test_id("pin").inner_text()
    message = Message.objects.get()
    assert message.email == "maryam@example.org"
    log_out(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "rudsar-head")
    page.goto(page.base + message.get_office_url())
    page.fill("textarea[name=text] >> nth=0", "لامپ‌ها امروز تعویض شد. سپاس از اطلاع شما.")
    page.get_by_test_id("send-reply").click()
    page.wait_for_load_state()
    message.refresh_from_db()
    assert message.status == Status.ANSWERED
    assert "پاسخ داد" in page.get_by_test_id("history").inner_text()
    screenshot(page, "voice-history-office-fa-1280")
    log_out(page)
    run_tasks()
    run_tasks()

    (sms,) = sms_gateway.texts_to("09123456789")
    (email,) = [m for m in smtp_server.messages if m["To"] == "maryam@example.org"]
    link = re.search(r"https?://\S+", sms)
    assert link and link.group(0) in email.get_content()
    assert "لامپ" not in sms and "مریم" not in sms

    # The citizen, on the phone, follows the SMS's link and reads the answer with the PIN.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base + message.get_tracking_url())
    assert link.group(0).endswith(message.get_tracking_url())
    page.fill("input[name=pin]", pin)
    page.get_by_test_id("unlock-send").click()
    page.wait_for_load_state()
    assert "لامپ‌ها امروز تعویض شد" in page.get_by_test_id("reply").inner_text()
    screenshot(page, "voice-answered-track-phone")
    assert _errors_besides_tiles(page) == []
