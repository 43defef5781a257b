"""Password reset in a real browser, from the login page, by the email's link."""

from __future__ import annotations

import re

import pytest

from ravabet.conftest import screenshot


@pytest.mark.django_db(transaction=True)
def test_forgotten_password_is_reset_by_email(page, rudsar_head, smtp_server, run_tasks):
    rudsar_head.email = "ali@rudsar.example"
    rudsar_head.save(update_fields=["email"])
    page.goto(page.base + "/login/")
    page.locator('[data-testid="forgot-password"]').click()
    page.wait_for_load_state()
    screenshot(page, "password-reset")
    page.fill("input[name=email]", "ali@rudsar.example")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator('[data-testid="reset-sent"]').is_visible()
    run_tasks()
    (message,) = smtp_server.messages
    text = message.get_body(("plain",)).get_content()
    found = re.search(r"https?://[^/\s]+(/password/reset/[^\s]+)", text)
    assert found, text
    path = found.group(1)
    page.goto(page.base + path)
    new = "a-long-new-password-1405"
    page.fill("input[name=new_password1]", new)
    page.fill("input[name=new_password2]", new)
    screenshot(page, "password-reset-confirm")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator('[data-testid="reset-complete"]').is_visible()
    page.goto(page.base + "/login/")
    page.fill("input[name=username]", "rudsar-head")
    page.fill("input[name=password]", new)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/login/" not in page.url
    assert page.console_errors == []
