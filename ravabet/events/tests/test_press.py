"""A press conference invites journalists of the media list through the outbox (each with
its delivery status) and they answer through a signed link; coverage, news and report."""

from __future__ import annotations

import re

from ravabet.events.models import Answer, Coverage, PressInvitation, Status
from ravabet.events.tests.conftest import make_event
from ravabet.newsroom.models import NewsItem
from ravabet.outbox.models import Status as SendStatus


def invite(client, event, journalists, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return client.post(
            f"/office/events/{event.pk}/invite/",
            {"journalists": [str(j.pk) for j in journalists]},
        )


def test_two_journalists_invited_get_exactly_two_emails_and_answer(
    client,
    client_for,
    press_conference,
    journalists,
    rudsar_head,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    response = invite(
        client_for(rudsar_head),
        press_conference,
        journalists[:2],
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    run_tasks()
    assert len(smtp_server.messages) == 2
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "hamid@example.org",
        "sara@example.org",
    ]
    message = smtp_server.messages[0]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert press_conference.title in body
    assert any(p.get_content_type() == "text/calendar" for p in message.iter_attachments())
    assert set(PressInvitation.objects.values_list("status", flat=True)) == {SendStatus.SENT}
    # Inviting again sends nothing twice.
    invite(
        client_for(rudsar_head),
        press_conference,
        journalists[:2],
        django_capture_on_commit_callbacks,
    )
    run_tasks()
    assert len(smtp_server.messages) == 2
    # The journalist answers through the link in the email.
    link = re.search(r"http://testserver(/events/rsvp/[^/\s]+/)", body)
    assert link
    page = client.get(link.group(1))
    assert page.status_code == 200
    assert client.post(link.group(1), {"answer": "yes"}).status_code == 200
    answered = PressInvitation.objects.get(answer=Answer.YES)
    assert answered.answered_at is not None
    detail = client_for(rudsar_head).get(f"/office/events/{press_conference.pk}/").content.decode()
    assert "will come" in detail.lower() and "sent" in detail.lower()


def test_a_journalist_without_consent_is_not_listed_nor_invited(
    client_for, press_conference, journalists, rudsar_head, django_capture_on_commit_callbacks
):
    response = invite(
        client_for(rudsar_head),
        press_conference,
        journalists[2:],
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 400
    assert not PressInvitation.objects.exists()


def test_a_forged_answer_link_is_refused(client):
    assert client.get("/events/rsvp/forged/").status_code == 400


def test_only_press_conferences_invite_journalists(
    client_for, rudsar, rudsar_head, journalists, django_capture_on_commit_callbacks
):
    ceremony = make_event(rudsar, rudsar_head, kind="ceremony")
    response = invite(
        client_for(rudsar_head), ceremony, journalists[:1], django_capture_on_commit_callbacks
    )
    assert response.status_code == 400
    assert "press conferences" in response.content.decode()


def test_coverage_news_and_the_report(
    client_for, press_conference, rudsar, rudsar_head, rudsar_reporter, lahijan
):
    c = client_for(rudsar_head)
    url = f"/office/events/{press_conference.pk}"
    assert (
        c.post(f"{url}/coverage/", {"role": "photographer", "user": rudsar_reporter.pk}).status_code
        == 302
    )
    assert Coverage.objects.get().user == rudsar_reporter
    ours = NewsItem.objects.create(municipality=rudsar, author=rudsar_head, title="گزارش نشست خبری")
    theirs = NewsItem.objects.create(municipality=lahijan, author=rudsar_head, title="خبر لاهیجان")
    assert c.post(f"{url}/news/", {"item": ours.pk}).status_code == 302
    assert c.post(f"{url}/news/", {"item": theirs.pk}).status_code == 400
    assert list(press_conference.news.all()) == [ours]
    # A report waits until the event is held.
    assert c.post(f"{url}/report/", {"attendance": "۳۵", "report": "برگزار شد"}).status_code == 400
    for status in ("confirmed", "held"):
        assert c.post(f"{url}/status/", {"status": status}).status_code == 302
    assert (
        c.post(
            f"{url}/report/",
            {"attendance": "۳۵", "report": "برگزار شد", "photos_link": "https://example.org/album"},
        ).status_code
        == 302
    )
    press_conference.refresh_from_db()
    assert press_conference.status == Status.REPORTED and press_conference.attendance == 35
