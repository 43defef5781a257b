"""Email for the same events: at once (once), the daily digest (once a day), never; a
signed one-click unsubscribe per kind that needs no login."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from ravabet.notifications.actions import queue_digests
from ravabet.notifications.models import Delivery, Kind, Notification, Preference
from ravabet.notifications.tokens import unsubscribe_token
from ravabet.outbox.models import Send

from .conftest import make_item


def _with_email(*users):  # type: ignore[no-untyped-def]
    for user in users:
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])


def _submit(client_for, reporter, municipality, title="بازگشایی پل"):  # type: ignore[no-untyped-def]
    item = make_item(municipality, reporter, title=title)
    client_for(reporter).post(f"/office/news/{item.pk}/submit/")
    return item


def test_an_at_once_email_arrives_once(
    client_for,
    rudsar_reporter,
    rudsar_head,
    rudsar,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    _with_email(rudsar_head, rudsar_reporter)
    with django_capture_on_commit_callbacks(execute=True):
        item = _submit(client_for, rudsar_reporter, rudsar)
    run_tasks()
    run_tasks()
    assert len(smtp_server.messages) == 1
    email = smtp_server.messages[0]
    assert email["To"] == "rudsar-head@example.org"
    body = email.get_body(preferencelist=("plain",)).get_content()
    notification = Notification.objects.get()
    assert f"http://testserver/office/notifications/{notification.pk}/\r\n" in body
    assert item.title in body
    assert "بازگشایی پل" in email["Subject"]
    header = email["List-Unsubscribe"].strip()  # folded: the URL is long
    unsubscribe = re.fullmatch(r"<(http://testserver/notifications/unsubscribe/[^>]+/)>", header)
    assert unsubscribe is not None, header
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.group(1) in body
    send = Send.objects.get()
    assert send.status == "sent" and send.key == f"notification:{Notification.objects.get().pk}"


def test_the_email_is_in_the_recipients_chosen_language(
    client_for,
    rudsar_reporter,
    rudsar_head,
    rudsar,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    _with_email(rudsar_head)
    head = client_for(rudsar_head)
    choices = {f"kind_{k}": Delivery.INSTANT for k in Kind.values} | {"language": "en"}
    assert head.post("/office/notifications/settings/", choices).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        _submit(client_for, rudsar_reporter, rudsar, title="جشنواره گل")
    run_tasks()
    (email,) = smtp_server.messages
    assert "sent the news item" in email["Subject"]


def test_never_and_digest_send_nothing_at_once(
    client_for,
    rudsar_reporter,
    rudsar_head,
    rudsar,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    _with_email(rudsar_head)
    Preference.objects.create(user=rudsar_head, kind=Kind.NEWS_SUBMITTED, delivery=Delivery.NEVER)
    with django_capture_on_commit_callbacks(execute=True):
        _submit(client_for, rudsar_reporter, rudsar)
    run_tasks()
    assert smtp_server.messages == [] and Send.objects.count() == 0
    assert Notification.objects.filter(user=rudsar_head).count() == 1  # still under the bell


def test_read_before_the_email_left_is_not_sent(
    client_for,
    rudsar_reporter,
    rudsar_head,
    rudsar,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    _with_email(rudsar_head)
    _submit(client_for, rudsar_reporter, rudsar)  # on-commit callbacks not run: still queued
    notification = Notification.objects.get()
    client_for(rudsar_head).get(f"/office/notifications/{notification.pk}/")
    from ravabet.outbox.actions import deliver

    deliver([Send.objects.get().pk])
    assert smtp_server.messages == []
    assert Send.objects.get().status == "skipped"


def _checked(page: str, kind: str) -> str:
    found = re.findall(rf'<input type="radio" name="kind_{kind}" value="(\w+)"[^>]*checked', page)
    assert len(found) == 1, found
    return found[0]


def _yesterday(*notifications):  # type: ignore[no-untyped-def]
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        created=timezone.now() - dt.timedelta(days=1, hours=1)
    )


def test_the_daily_digest_is_one_email_a_day_with_what_is_unread(
    client_for,
    rudsar_reporter,
    rudsar_head,
    rudsar,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    _with_email(rudsar_head)
    Preference.objects.create(user=rudsar_head, kind=Kind.NEWS_SUBMITTED, delivery=Delivery.DIGEST)
    for title in ("خبر یکم", "خبر دوم", "خبر سوم"):
        _submit(client_for, rudsar_reporter, rudsar, title=title)
    first, second, third = Notification.objects.order_by("pk")
    _yesterday(first, second, third)
    client_for(rudsar_head).get(f"/office/notifications/{third.pk}/")  # read: not in the digest
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_digests() == 1
    run_tasks()
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_digests() == 0  # the same day again
    late = _submit(client_for, rudsar_reporter, rudsar, title="خبر چهارم")
    _yesterday(Notification.objects.get(target_id=late.pk))
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_digests() == 0  # still today: tomorrow's digest
    run_tasks()
    (email,) = smtp_server.messages
    body = email.get_body(preferencelist=("plain",)).get_content()
    assert "خبر یکم" in body and "خبر دوم" in body and "خبر سوم" not in body
    assert "خبر چهارم" not in body
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Tomorrow: the one left over, once.
    tomorrow = timezone.now() + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_digests(tomorrow) == 1
        assert queue_digests(tomorrow) == 0
    run_tasks()
    assert len(smtp_server.messages) == 2
    assert "خبر چهارم" in smtp_server.messages[1].get_body(preferencelist=("plain",)).get_content()


def test_unsubscribe_works_anonymously_and_stops_that_kind_only(
    citizen,
    client_for,
    rudsar_reporter,
    rudsar_head,
    rudsar,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    _with_email(rudsar_head)
    with django_capture_on_commit_callbacks(execute=True):
        _submit(client_for, rudsar_reporter, rudsar)
    run_tasks()
    url = re.search(r"<http://testserver(/[^>]+)>", smtp_server.messages[0]["List-Unsubscribe"])
    assert url is not None
    path = url.group(1)
    page = citizen.get(path)
    assert page.status_code == 200 and 'data-testid="confirm-unsubscribe"' in page.content.decode()
    assert Preference.objects.count() == 0  # a GET (a mail scanner) changes nothing
    # RFC 8058: the mail program posts this body, with no session and no CSRF token.
    done = citizen.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and 'data-testid="unsubscribed"' in done.content.decode()
    assert list(Preference.objects.values_list("user", "kind", "delivery")) == [
        (rudsar_head.pk, Kind.NEWS_SUBMITTED, Delivery.NEVER)
    ]
    page = client_for(rudsar_head).get("/office/notifications/settings/").content.decode()
    assert _checked(page, Kind.NEWS_SUBMITTED) == Delivery.NEVER
    assert _checked(page, Kind.NEWS_RETURNED) == Delivery.INSTANT
    with django_capture_on_commit_callbacks(execute=True):
        _submit(client_for, rudsar_reporter, rudsar, title="دوم")
        item = make_item(rudsar, rudsar_reporter)
        client_for(rudsar_head).post(f"/office/news/{item.pk}/return/")
        client_for(rudsar_reporter).post(f"/office/news/{item.pk}/submit/")
        client_for(rudsar_head).post(f"/office/news/{item.pk}/approve/")
    run_tasks()
    assert len(smtp_server.messages) == 1  # nothing more of that kind


def test_a_forged_or_broken_token_is_refused(citizen, rudsar_head):
    token = unsubscribe_token(rudsar_head.pk, Kind.NEWS_SUBMITTED)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    other_kind = unsubscribe_token(rudsar_head.pk, "no-such-kind")
    for bad in (forged, "nonsense", other_kind):
        response = citizen.post(f"/notifications/unsubscribe/{bad}/")
        assert response.status_code == 400
        assert 'data-testid="unsubscribe-invalid"' in response.content.decode()
    assert Preference.objects.count() == 0


def test_preferences_are_saved_per_kind(client_for, rudsar_head):
    client = client_for(rudsar_head)
    page = client.get("/office/notifications/settings/").content.decode()
    # The defaults: at once for what waits on me, the digest for the rest.
    assert _checked(page, Kind.NEWS_SUBMITTED) == Delivery.INSTANT
    assert _checked(page, Kind.NEWS_PUBLISHED) == Delivery.DIGEST
    choices = {f"kind_{k}": Delivery.DIGEST for k in Kind.values}
    choices[f"kind_{Kind.MINUTES_COMMENT}"] = Delivery.NEVER
    response = client.post("/office/notifications/settings/", choices | {"language": "fa"})
    assert response.status_code == 302
    saved = dict(Preference.objects.filter(user=rudsar_head).values_list("kind", "delivery"))
    assert saved[Kind.MINUTES_COMMENT] == Delivery.NEVER
    assert saved[Kind.NEWS_SUBMITTED] == Delivery.DIGEST
    bad = client.post("/office/notifications/settings/", choices | {"language": "xx"})
    assert bad.status_code == 400 and 'class="error" role="alert"' in bad.content.decode()
    assert Preference.objects.get(user=rudsar_head, kind=Kind.MINUTES_COMMENT).delivery == "never"
