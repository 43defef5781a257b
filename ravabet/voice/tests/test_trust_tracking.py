"""Issue 9, "The tracking code is a secret": the code printed on a page shows a status; the
PIN, shown only to the citizen, is needed to read the answer, rate and reopen; guessing
either is refused after a few tries; publication is the citizen's choice (default no) in
categories the PR head made public, never staff conduct."""

from __future__ import annotations

import re

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from ravabet.voice import actions
from ravabet.voice.models import Category, Message, Rating, Status

from .conftest import category
from .test_contact import form_data

ANSWER = "پیمانکار نظافت امروز اعزام شد."


def _answered(make_message, rudsar, rudsar_head):  # type: ignore[no-untyped-def]
    message = make_message(rudsar)
    actions.reply_to_message(message, rudsar_head, ANSWER)
    return message


def _client(ip: str) -> Client:
    return Client(REMOTE_ADDR=ip)


def test_a_stranger_with_only_the_code_sees_the_status_and_can_neither_rate_nor_reopen(
    rudsar, rudsar_head, make_message
) -> None:  # type: ignore[no-untyped-def]
    message = _answered(make_message, rudsar, rudsar_head)
    stranger = _client("203.0.113.9")
    page = stranger.get(message.get_tracking_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert message.display_code in html and "پاسخ داده شده" in html  # the status
    assert ANSWER not in html and "زباله‌های کوچه سوم" not in html
    assert 'data-testid="unlock"' in html

    stranger.post(reverse("voice:rate", args=[message.code]), {"score": "1"})
    stranger.post(reverse("voice:rate", args=[message.code]), {"score": "1", "pin": "222222"})
    stranger.post(reverse("voice:reopen", args=[message.code]))
    stranger.post(reverse("voice:reopen", args=[message.code]), {"pin": "333333", "reason": "x"})
    wrong = stranger.post(message.get_tracking_url(), {"pin": "۲۲۲-۲۲۳"})
    assert wrong.status_code == 400
    assert "این رمز با کد پیگیری جور نیست" in wrong.content.decode()
    assert ANSWER not in wrong.content.decode()
    message.refresh_from_db()
    assert not Rating.objects.exists()
    assert (message.status, message.reopened_count) == (Status.ANSWERED, 0)


def test_the_citizen_with_the_pin_reads_rates_and_reopens(
    rudsar, rudsar_head, make_message
) -> None:  # type: ignore[no-untyped-def]
    message = _answered(make_message, rudsar, rudsar_head)
    citizen = _client("198.51.100.4")
    # Typed as printed: Persian digits and a dash.
    persian_pin = message.new_pin.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    unlocked = citizen.post(
        message.get_tracking_url(), {"pin": f"{persian_pin[:3]}-{persian_pin[3:]}"}
    )
    assert unlocked["Location"] == message.get_tracking_url()
    html = citizen.get(message.get_tracking_url()).content.decode()
    assert ANSWER in html and "زباله‌های کوچه سوم" in html
    assert 'data-testid="rate"' in html and 'data-testid="reopen"' in html
    citizen.post(reverse("voice:rate", args=[message.code]), {"score": "5"})
    assert Rating.objects.get(message=message).score == 5
    citizen.post(reverse("voice:reopen", args=[message.code]), {"reason": "حل نشده"})
    message.refresh_from_db()
    assert (message.status, message.reopened_count) == (Status.IN_PROGRESS, 1)
    # A client without cookies may send the PIN with the form instead.
    actions.reply_to_message(message, rudsar_head, "دوباره انجام شد")
    Client().post(
        reverse("voice:reopen", args=[message.code]), {"pin": message.new_pin, "reason": "باز هم"}
    )
    message.refresh_from_db()
    assert message.reopened_count == 2


def test_the_pin_is_shown_once_to_the_sender_and_kept_only_as_a_keyed_hash(
    citizen: Client, rudsar
) -> None:  # type: ignore[no-untyped-def]
    response = citizen.post(
        reverse("voice:contact", args=["rudsar"]), form_data(rudsar), follow=True
    )
    html = response.content.decode()
    match = re.search(
        r'<bdi dir="ltr" class="voice-pin" data-testid="pin">([۲-۹]{3}-[۲-۹]{3})</bdi>', html
    )
    assert match, "the PIN, isolated left-to-right inside the Persian page"
    pin = match.group(1)
    message = Message.objects.get()
    latin = re.sub(r"\D", "", pin.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))
    assert message.check_pin(latin) and not message.check_pin("222222")
    assert latin not in message.pin_hash and len(message.pin_hash) == 64
    assert not any(latin in str(v) for v in Message.objects.values().get().values())
    # The sender's own browser reads the message without typing it...
    again = citizen.get(message.get_tracking_url()).content.decode()
    assert "زباله‌های کوچه بهار" in again
    # ...but the PIN is not shown a second time.
    assert 'data-testid="pin"' not in again
    # A double-click's retry does not make or show another PIN.
    retry = citizen.post(reverse("voice:contact", args=["rudsar"]), form_data(rudsar))
    assert retry["Location"] == message.get_tracking_url()
    message.refresh_from_db()
    assert message.check_pin(latin)


def test_wrong_codes_are_refused_after_the_limit_per_address(rudsar, make_message) -> None:  # type: ignore[no-untyped-def]
    message = make_message(rudsar)
    guesser = _client("203.0.113.50")
    for n in range(10):  # the default: ten wrong codes per ten minutes
        code = f"{22222222 + n}"
        assert guesser.get(reverse("voice:track"), {"code": code}).status_code == 200
    held = guesser.get(reverse("voice:track"), {"code": message.code})
    assert held.status_code == 200 and "Location" not in held
    assert "چند دقیقه صبر کنید" in held.content.decode()
    # Probing the page's address directly is refused too, with the reason.
    direct = guesser.get(message.get_tracking_url())
    assert direct.status_code == 429
    assert "بیش از حد" in direct.content.decode()
    assert (
        guesser.post(reverse("voice:rate", args=[message.code]), {"score": "5"}).status_code == 429
    )
    # Another address, and the citizen's own look-ups, are not held back.
    other = _client("198.51.100.7")
    for _ in range(15):
        assert other.get(reverse("voice:track"), {"code": message.code}).status_code == 302


def test_direct_wrong_codes_count_as_guesses(rudsar, make_message) -> None:  # type: ignore[no-untyped-def]
    message = make_message(rudsar)
    guesser = _client("203.0.113.51")
    for n in range(10):
        assert guesser.get(f"/track/{33333333 + n}/").status_code == 404
    assert guesser.get(message.get_tracking_url()).status_code == 429


def test_a_pin_is_guarded_per_message_from_many_addresses(
    rudsar, rudsar_head, make_message
) -> None:  # type: ignore[no-untyped-def]
    message = _answered(make_message, rudsar, rudsar_head)
    wrong = "222222" if message.new_pin != "222222" else "333333"
    for n in range(5):
        _client(f"203.0.113.{100 + n}").post(message.get_tracking_url(), {"pin": wrong})
    # Even the right PIN waits now: a sixth address cannot keep guessing.
    late = _client("203.0.113.200").post(message.get_tracking_url(), {"pin": message.new_pin})
    assert late.status_code == 429
    assert "Location" not in late


def test_a_message_from_before_pins_shows_its_status_and_the_office_can_give_a_pin(
    rudsar, rudsar_head, rudsar_reporter, lahijan_head, lahijan_manager, client_for, make_message
) -> None:  # type: ignore[no-untyped-def]
    message = _answered(make_message, rudsar, rudsar_head)
    Message.objects.filter(pk=message.pk).update(pin_hash="")  # as migrated
    citizen = _client("198.51.100.20")
    html = citizen.get(message.get_tracking_url()).content.decode()
    assert "پاسخ داده شده" in html and ANSWER not in html
    assert "پیش از راه‌اندازی رمزها" in html
    citizen.post(reverse("voice:rate", args=[message.code]), {"score": "5", "pin": "222222"})
    assert not Rating.objects.exists()

    url = reverse("voice:pin", args=[message.pk])
    assert Client().post(url).status_code == 302  # to the login page
    assert "/login/" in Client().post(url)["Location"]
    assert client_for(lahijan_head).post(url).status_code == 404
    assert client_for(lahijan_manager).post(url).status_code == 404
    message.refresh_from_db()
    assert not message.has_pin
    office = client_for(rudsar_reporter)
    shown = office.post(url, follow=True).content.decode()
    pin = re.search(r'<bdi dir="ltr" class="voice-pin">([۲-۹]{3}-[۲-۹]{3})</bdi>', shown)
    assert pin, "the new PIN, once, for the staff member to read out"
    message.refresh_from_db()
    latin = re.sub(r"\D", "", pin.group(1).translate(str.maketrans("۲۳۴۵۶۷۸۹", "23456789")))
    assert message.check_pin(latin)
    citizen.post(reverse("voice:rate", args=[message.code]), {"score": "4", "pin": latin})
    assert Rating.objects.get(message=message).score == 4
    # A new one replaces it, and ends the sessions the old one opened.
    citizen.post(message.get_tracking_url(), {"pin": latin})
    assert ANSWER in citizen.get(message.get_tracking_url()).content.decode()
    office.post(url)
    message.refresh_from_db()
    assert not message.check_pin(latin)
    assert ANSWER not in citizen.get(message.get_tracking_url()).content.decode()


def test_a_read_only_manager_cannot_make_a_pin(
    lahijan, lahijan_manager, client_for, make_message
) -> None:  # type: ignore[no-untyped-def]
    message = make_message(lahijan)
    assert (
        client_for(lahijan_manager).post(reverse("voice:pin", args=[message.pk])).status_code == 403
    )


def test_publication_is_asked_default_no_and_recorded(citizen: Client, rudsar) -> None:  # type: ignore[no-untyped-def]
    page = citizen.get(reverse("voice:contact", args=["rudsar"])).content.decode()
    box = re.search(r'<input type="checkbox" name="public_consent"[^>]*>', page)
    assert box and "checked" not in box.group(0)
    assert "بدون نام" in page and "هرگز نمایش داده نمی‌شود" in page
    url = reverse("voice:contact", args=["rudsar"])
    citizen.post(url, form_data(rudsar))
    citizen.post(url, form_data(rudsar, form_token="b" * 32, public_consent="on"))
    assert list(
        Message.objects.order_by("received_at").values_list("public_consent", flat=True)
    ) == [
        False,
        True,
    ]


def test_a_phone_message_is_public_only_with_the_consent_the_staff_recorded(
    rudsar, rudsar_reporter, client_for
) -> None:  # type: ignore[no-untyped-def]
    office = client_for(rudsar_reporter)
    base = {
        "channel": "phone",
        "kind": "request",
        "category": category(rudsar, "green-space").pk,
        "text": "درخواست هرس درختان پارک",
        "name": "رضا کریمی",
        "mobile": "09351112233",
    }
    first = office.post(reverse("voice:new", args=["rudsar"]), base, follow=True)
    assert re.search(
        r'<bdi dir="ltr" class="voice-pin">[۲-۹]{3}-[۲-۹]{3}</bdi>', first.content.decode()
    )
    office.post(reverse("voice:new", args=["rudsar"]), {**base, "public_consent": "on"})
    Category.objects.filter(municipality=rudsar, code="green-space").update(is_public=True)
    assert [m.public_consent for m in Message.objects.order_by("received_at")] == [False, True]
    assert list(Message.objects.public().values_list("text", flat=True)) == [base["text"]]


def test_the_head_marks_categories_public_and_staff_conduct_never(
    rudsar, rudsar_head, rudsar_reporter, client_for
) -> None:  # type: ignore[no-untyped-def]
    head = client_for(rudsar_head)
    page = head.get(reverse("voice:settings", args=["rudsar"])).content.decode()
    green = category(rudsar, "green-space")
    staff = category(rudsar, "staff-conduct")
    assert f'name="c{green.pk}-is_public"' in page
    assert re.search(rf'<input type="checkbox" name="c{staff.pk}-is_public"[^>]*disabled', page)
    assert "شکایت از کارکنان هرگز عمومی نمی‌شود" in page

    def edit(cat: Category, **extra: str) -> int:
        p = f"c{cat.pk}-"
        data = {p + "name": cat.name, p + "deadline_days": "5", p + "is_active": "on"}
        data.update({p + k: v for k, v in extra.items()})
        return head.post(reverse("voice:category-edit", args=["rudsar", cat.pk]), data).status_code

    assert edit(green, is_public="on") == 302
    green.refresh_from_db()
    assert green.is_public
    edit(staff, is_public="on")  # a disabled field: the posted value is ignored
    staff.refresh_from_db()
    assert not staff.is_public
    assert (
        client_for(rudsar_reporter)
        .post(
            reverse("voice:category-edit", args=["rudsar", green.pk]),
            {f"c{green.pk}-name": "x", f"c{green.pk}-deadline_days": "5"},
        )
        .status_code
        == 403
    )
    with pytest.raises(ValueError):
        actions.update_category(
            staff, name=staff.name, deadline_days=5, is_active=True, is_public=True
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.filter(pk=staff.pk).update(is_public=True)


@pytest.mark.browser
def test_the_office_reads_a_new_pin_left_to_right_on_a_phone(
    page, transactional_db, rudsar, rudsar_head, make_message, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from ravabet.conftest import PASSWORD, screenshot

    settings.MEDIA_ROOT = tmp_path
    message = make_message(rudsar)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base + "/login/")
    page.fill("input[name=username]", "rudsar-head")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/office/"))
    page.goto(page.base + message.get_office_url())
    page.get_by_test_id("show-contact").click()
    page.get_by_test_id("new-pin").click()
    page.wait_for_load_state()
    pin = page.locator(".messages .voice-pin")
    pin_text = pin.inner_text()
    assert re.fullmatch(r"[۲-۹]{3}-[۲-۹]{3}", pin_text)
    assert pin.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "voice-office-new-pin-phone")
    page.goto(page.base + reverse("voice:settings", args=["rudsar"]) + "#categories")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "voice-settings-public-phone")
    message.refresh_from_db()
    digits = pin_text.translate(str.maketrans("۲۳۴۵۶۷۸۹", "23456789"))
    assert message.check_pin(digits)
    assert page.console_errors == []
