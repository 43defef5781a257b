"""Password reset by email, end to end through the outbox and the test SMTP server."""

from __future__ import annotations

import re

from ravabet.core.password_reset import PER_ADDRESS


def ask(client, email, capture, **extra):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return client.post("/password/reset/", {"email": email}, **extra)


def test_login_page_links_the_reset(citizen, db):
    page = citizen.get("/login/").content.decode()
    assert 'href="/password/reset/"' in page
    assert 'dir="rtl"' in citizen.get("/password/reset/").content.decode()


def test_reset_by_email_end_to_end(
    citizen, rudsar_head, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    rudsar_head.email = "ali@rudsar.example"
    rudsar_head.save(update_fields=["email"])
    response = ask(citizen, "ALI@rudsar.example", django_capture_on_commit_callbacks)
    assert response["Location"] == "/password/reset/sent/"
    run_tasks()
    (message,) = smtp_server.messages
    assert message["X-Envelope-To"] == "ali@rudsar.example"
    text = message.get_body(("plain",)).get_content()
    assert "گذرواژه" in text
    found = re.search(r"http://testserver(/password/reset/[^\s]+)", text)
    assert found, text
    link = found.group(1)
    form = citizen.get(link, follow=True)
    assert form.status_code == 200 and 'name="new_password1"' in form.content.decode()
    new = "a-long-new-password-1405"
    done = citizen.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done["Location"] == "/password/reset/done/"
    rudsar_head.refresh_from_db()
    assert rudsar_head.check_password(new)
    # The link works once.
    again = citizen.get(link, follow=True).content.decode()
    assert 'data-testid="invalid-link"' in again


def test_unknown_address_gets_the_same_answer_and_no_email(
    citizen, rudsar_head, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    known = ask(citizen, rudsar_head.email or "x@y.example", django_capture_on_commit_callbacks)
    unknown = ask(citizen, "nobody@nowhere.example", django_capture_on_commit_callbacks)
    assert unknown.status_code == 302 and unknown["Location"] == known["Location"]
    smtp_server.messages.clear()
    ask(citizen, "nobody2@nowhere.example", django_capture_on_commit_callbacks)
    run_tasks()
    assert not [m for m in smtp_server.messages if "nowhere" in m["X-Envelope-To"]]


def test_reset_requests_are_throttled_per_address(citizen, db, django_capture_on_commit_callbacks):
    for n in range(PER_ADDRESS[0]):
        assert (
            ask(citizen, f"u{n}@x.example", django_capture_on_commit_callbacks).status_code == 302
        )
    response = ask(citizen, "last@x.example", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
