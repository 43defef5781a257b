"""Issue 11's "done when", in a real browser: a journalist signs up in the press room,
confirms by the link in the email, receives the next release, unsubscribes from it and
does not receive the one after."""

from __future__ import annotations

import re

import pytest

from ravabet.conftest import screenshot
from ravabet.media.models import Journalist, PressSignup, SignupStatus
from ravabet.newsroom.models import Kind
from ravabet.newsroom.tests.conftest import make_published


def link(message, page, path: str) -> str:  # type: ignore[no-untyped-def]
    text = message.get_body(("plain",)).get_content()
    found = re.search(r"https?://[^/\s]+(" + path + r"[^\s]*)", text)
    assert found, text
    return page.base + found.group(1)


def distribute(client, item) -> None:  # type: ignore[no-untyped-def]
    form = client.get(f"/office/news/{item.pk}/distribute/").content.decode()
    chosen = re.findall(r'name="journalists" value="(\d+)"', form)
    client.post(f"/office/news/{item.pk}/distribute/", {"journalists": chosen})


@pytest.mark.django_db(transaction=True)
def test_journalist_signs_up_confirms_receives_and_unsubscribes(
    page, client_for, rudsar, rudsar_reporter, rudsar_head, smtp_server, run_tasks
):
    page.goto(page.base + "/m/rudsar/")
    page.locator('[data-testid="press-room-link"]').click()
    page.wait_for_load_state()
    screenshot(page, "press-room")
    page.locator('[data-testid="signup-link"]').click()
    page.wait_for_load_state()
    page.fill("input[name=name]", "مریم کاظمی")
    page.fill("input[name=email]", "maryam@press.example")
    page.fill("input[name=outlet]", "ایسنا")
    page.check("input[name=agree]")
    screenshot(page, "press-signup")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator('[data-testid="signup-sent"]').is_visible()
    assert not Journalist.objects.exists()

    run_tasks()
    (confirmation,) = smtp_server.messages
    assert confirmation["X-Envelope-To"] == "maryam@press.example"
    page.goto(link(confirmation, page, "/press/confirm/"))
    page.locator('[data-testid="confirm"]').click()
    page.wait_for_load_state()
    assert page.locator('[data-testid="confirmed"]').is_visible()
    signup = PressSignup.objects.get()
    assert signup.status == SignupStatus.CONFIRMED and signup.confirmed_from == "127.0.0.1"

    head = client_for(rudsar_head)
    first = make_published(
        rudsar, rudsar_reporter, rudsar_head, title="اطلاعیه نخست", kind=Kind.PRESS_RELEASE
    )
    smtp_server.messages.clear()
    distribute(head, first)
    run_tasks()
    (release,) = smtp_server.messages
    assert release["X-Envelope-To"] == "maryam@press.example"
    assert str(release["Subject"]).strip() == first.title
    assert str(release["List-Unsubscribe-Post"]).strip() == "List-Unsubscribe=One-Click"

    page.goto(link(release, page, "/press/unsubscribe/"))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator('[data-testid="done"]').is_visible()
    signup.refresh_from_db()
    assert signup.status == SignupStatus.WITHDRAWN and signup.withdrawn_at is not None

    second = make_published(
        rudsar, rudsar_reporter, rudsar_head, title="اطلاعیه دوم", kind=Kind.PRESS_RELEASE
    )
    Journalist.objects.create(municipality=rudsar, name="دیگری", email="o@x.example", consent=True)
    smtp_server.messages.clear()
    distribute(head, second)
    run_tasks()
    assert [m["X-Envelope-To"] for m in smtp_server.messages] == ["o@x.example"]
    assert page.console_errors == []
