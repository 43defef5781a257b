"""The press rooms, the double opt-in sign-up for press releases and its withdrawal,
against the real SMTP server and the task queue."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ravabet.core.models import RateCounter
from ravabet.media.models import Journalist, PressSignup, SignupStatus
from ravabet.media.public_views import SIGNUPS_PER_ADDRESS
from ravabet.newsroom.models import Kind, NewsroomSettings
from ravabet.newsroom.tests.conftest import make_item, make_published, photo_bytes

AGREE = {"name": "مریم کاظمی", "email": "maryam@press.example", "outlet": "ایسنا", "agree": "on"}


def link_in(message, pattern: str) -> str:  # type: ignore[no-untyped-def]
    text = message.get_body(("plain",)).get_content()
    found = re.search(r"http://testserver(" + pattern + r"[^\s]*)", text)
    assert found, text
    return found.group(1)


def sign_up(client, capture, url="/m/rudsar/press/signup/", data=AGREE):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return client.post(url, data)


def distribute(client, item, capture):  # type: ignore[no-untyped-def]
    """The PR office sends the release to every journalist it may reach."""
    page = client.get(f"/office/news/{item.pk}/distribute/").content.decode()
    chosen = re.findall(r'name="journalists" value="(\d+)"', page)
    with capture(execute=True):
        client.post(f"/office/news/{item.pk}/distribute/", {"journalists": chosen})
    return chosen


def test_press_room_shows_published_releases_kit_and_public_contact_only(
    citizen, client_for, rudsar, rudsar_reporter, rudsar_head
):
    release = make_published(
        rudsar, rudsar_reporter, rudsar_head, title="اطلاعیه منتشرشده", kind=Kind.PRESS_RELEASE
    )
    news = make_published(rudsar, rudsar_reporter, rudsar_head, title="خبر عادی")
    draft = make_item(rudsar, rudsar_reporter, title="اطلاعیه پیش‌نویس", kind=Kind.PRESS_RELEASE)
    head = client_for(rudsar_head)
    for item, caption in ((news, "عکس خبر منتشرشده"), (draft, "عکس پیش‌نویس")):
        head.post(
            f"/office/news/{item.pk}/photos/",
            {"image": SimpleUploadedFile("p.jpg", photo_bytes()), "caption": caption},
        )
    NewsroomSettings.objects.create(
        municipality=rudsar,
        sender_email="noreply@rudsar.example",
        press_contact="میز خبر روابط عمومی",
        press_email="press@rudsar.example",
        press_phone="01342223344",
    )
    page = citizen.get("/m/rudsar/press/").content.decode()
    assert release.title in page
    assert news.title not in page.split('data-testid="releases"')[1].split("</section>")[0]
    assert draft.title not in page and "عکس پیش‌نویس" not in page
    assert "عکس خبر منتشرشده" in page
    assert "press@rudsar.example" in page and "میز خبر روابط عمومی" in page
    assert "noreply@rudsar.example" not in page  # the sender address is not a contact
    assert 'href="/m/rudsar/press/signup/"' in page
    assert 'type="application/rss+xml"' in page.split("</head>")[0]


def test_network_press_room_lists_the_members_releases(
    citizen, east_gilan, rudsar, rudsar_reporter, rudsar_head
):
    release = make_published(
        rudsar, rudsar_reporter, rudsar_head, title="اطلاعیه رودسر", kind=Kind.PRESS_RELEASE
    )
    page = citizen.get("/n/east-gilan/press/").content.decode()
    assert release.title in page
    assert 'href="/n/east-gilan/press/signup/"' in page
    assert 'href="/n/east-gilan/news/rss/"' in page.split("</head>")[0]


def test_unknown_press_rooms_are_not_found(citizen, db):
    assert citizen.get("/m/nowhere/press/").status_code == 404
    assert citizen.get("/n/nowhere/press/signup/").status_code == 404


def test_signup_is_pending_until_the_emailed_link_is_confirmed(
    citizen, rudsar, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    response = sign_up(citizen, django_capture_on_commit_callbacks)
    assert 'data-testid="signup-sent"' in response.content.decode()
    signup = PressSignup.objects.get()
    assert signup.status == SignupStatus.PENDING and signup.requested_from == "127.0.0.1"
    assert "press releases" in signup.agreement or "اطلاعیه" in signup.agreement
    assert not Journalist.objects.exists()
    run_tasks()
    assert len(smtp_server.messages) == 1
    confirm = link_in(smtp_server.messages[0], "/press/confirm/")
    # Opening the link (a mail scanner does) confirms nothing; the button does.
    assert 'data-testid="confirm"' in citizen.get(confirm).content.decode()
    assert not Journalist.objects.exists()
    citizen.post(confirm, REMOTE_ADDR="10.1.2.3")
    signup.refresh_from_db()
    journalist = Journalist.objects.get()
    assert signup.status == SignupStatus.CONFIRMED and signup.journalist == journalist
    assert signup.confirmed_at and signup.confirmed_from == "10.1.2.3"
    assert journalist.municipality == rudsar and journalist.can_receive
    assert journalist.email == "maryam@press.example" and journalist.name == "مریم کاظمی"
    assert 'data-testid="confirmed"' in citizen.get(confirm).content.decode()
    citizen.post(confirm)  # again: nothing more
    assert Journalist.objects.count() == 1


def test_the_office_sees_the_consent_record(
    citizen,
    client_for,
    rudsar,
    rudsar_head,
    lahijan_head,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    sign_up(citizen, django_capture_on_commit_callbacks)
    run_tasks()
    citizen.post(link_in(smtp_server.messages[0], "/press/confirm/"), REMOTE_ADDR="10.1.2.3")
    journalist = Journalist.objects.get()
    page = client_for(rudsar_head).get(f"/office/media/journalists/{journalist.pk}/")
    record = page.content.decode().split('data-testid="consent-record"')[1]
    assert "10.1.2.3" in record and PressSignup.objects.get().agreement in record
    other = client_for(lahijan_head).get(f"/office/media/journalists/{journalist.pk}/")
    assert other.status_code == 404


def test_bad_or_tampered_confirm_links_change_nothing(
    citizen, rudsar, django_capture_on_commit_callbacks
):
    sign_up(citizen, django_capture_on_commit_callbacks)
    signup = PressSignup.objects.get()
    assert citizen.post("/press/confirm/garbage/").status_code == 400
    token = signup.confirm_token()
    assert citizen.post(f"/press/confirm/{token[:-2]}xx/").status_code == 400
    signup.nonce = __import__("uuid").uuid4()
    signup.save(update_fields=["nonce"])
    assert citizen.post(f"/press/confirm/{token}/").status_code == 400
    assert not Journalist.objects.exists()


def test_signup_form_refuses_bad_input_in_persian(citizen, rudsar):
    response = citizen.post("/m/rudsar/press/signup/", {"name": "  ", "email": "not-an-email"})
    page = response.content.decode()
    assert response.status_code == 200 and page.count('class="error" role="alert"') == 3
    assert "این فیلد لازم است" in page or "نام خود" in page
    assert not PressSignup.objects.exists()


def test_signups_are_throttled(citizen, rudsar, django_capture_on_commit_callbacks):
    allowed = SIGNUPS_PER_ADDRESS[0]
    for n in range(allowed):
        sign_up(
            citizen, django_capture_on_commit_callbacks, data=AGREE | {"email": f"j{n}@x.example"}
        )
    response = sign_up(
        citizen, django_capture_on_commit_callbacks, data=AGREE | {"email": "late@x.example"}
    )
    assert 'data-testid="signup-sent"' not in response.content.decode()
    assert PressSignup.objects.count() == allowed
    assert RateCounter.objects.exists()


def test_signup_says_the_same_for_a_known_address(
    citizen, rudsar, django_capture_on_commit_callbacks
):
    Journalist.objects.create(municipality=rudsar, name="قدیمی", email=AGREE["email"], consent=True)
    response = sign_up(citizen, django_capture_on_commit_callbacks)
    assert 'data-testid="signup-sent"' in response.content.decode()


def test_confirmed_journalist_gets_the_next_release_and_not_after_unsubscribing(
    citizen,
    client_for,
    rudsar,
    rudsar_reporter,
    rudsar_head,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    sign_up(citizen, capture)
    run_tasks()
    citizen.post(link_in(smtp_server.messages.pop(), "/press/confirm/"))
    head = client_for(rudsar_head)
    first = make_published(
        rudsar, rudsar_reporter, rudsar_head, title="اطلاعیه یکم", kind=Kind.PRESS_RELEASE
    )
    distribute(head, first, capture)
    run_tasks()
    (release,) = smtp_server.messages
    assert str(release["Subject"]).strip() == first.title
    assert "maryam@press.example" in release["X-Envelope-To"]
    unsubscribe = str(release["List-Unsubscribe"]).strip()[1:-1]
    assert str(release["List-Unsubscribe-Post"]).strip() == "List-Unsubscribe=One-Click"
    assert link_in(release, "/press/unsubscribe/") == unsubscribe.removeprefix("http://testserver")
    # The mail client's one-click POST, with no CSRF token.
    response = citizen.post(
        unsubscribe.removeprefix("http://testserver"),
        {"List-Unsubscribe": "One-Click"},
        REMOTE_ADDR="10.9.9.9",
    )
    assert response.status_code == 200
    signup = PressSignup.objects.get()
    assert signup.status == SignupStatus.WITHDRAWN
    assert signup.withdrawn_at and signup.withdrawn_from == "10.9.9.9"
    assert Journalist.objects.get().unsubscribed_at is not None
    smtp_server.messages.clear()
    second = make_published(
        rudsar, rudsar_reporter, rudsar_head, title="اطلاعیه دوم", kind=Kind.PRESS_RELEASE
    )
    Journalist.objects.create(
        municipality=rudsar, name="دیگری", email="other@x.example", consent=True
    )
    distribute(head, second, capture)
    run_tasks()
    assert [m["X-Envelope-To"] for m in smtp_server.messages] == ["other@x.example"]


def test_network_signup_lands_on_the_secretariats_media_list(
    citizen, east_gilan, lahijan, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    sign_up(citizen, django_capture_on_commit_callbacks, url="/n/east-gilan/press/signup/")
    run_tasks()
    message = smtp_server.messages[0]
    assert east_gilan.name in str(message["Subject"])
    citizen.post(link_in(message, "/press/confirm/"))
    signup = PressSignup.objects.get()
    assert signup.network == east_gilan and signup.municipality == lahijan
    assert Journalist.objects.get().municipality == lahijan


def test_a_withdrawn_signup_link_cannot_resubscribe(
    citizen, rudsar, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    sign_up(citizen, django_capture_on_commit_callbacks)
    run_tasks()
    confirm = link_in(smtp_server.messages[0], "/press/confirm/")
    citizen.post(confirm)
    journalist = Journalist.objects.get()
    citizen.post(f"/press/unsubscribe/{journalist.unsubscribe_token()}/")
    assert citizen.post(confirm).status_code == 410
    journalist.refresh_from_db()
    assert journalist.unsubscribed_at is not None


@pytest.mark.parametrize("url", ["/m/rudsar/press/", "/n/east-gilan/press/"])
def test_press_room_queries_do_not_grow_with_rows(
    citizen,
    east_gilan,
    rudsar,
    rudsar_reporter,
    rudsar_head,
    client_for,
    url,
    django_assert_max_num_queries,
):
    head = client_for(rudsar_head)

    def add(n: int) -> None:
        for _ in range(n):
            item = make_published(rudsar, rudsar_reporter, rudsar_head, kind=Kind.PRESS_RELEASE)
            head.post(
                f"/office/news/{item.pk}/photos/",
                {"image": SimpleUploadedFile("p.jpg", photo_bytes(size=(300, 200)))},
            )

    add(1)
    citizen.get(url)
    with django_assert_max_num_queries(12) as few:
        response = citizen.get(url)
    assert response.status_code == 200, response.status_code
    counted = len(few.captured_queries)  # read now: the connection's log is a bounded deque
    add(3)
    with django_assert_max_num_queries(counted):
        citizen.get(url)


def test_the_pr_head_publishes_the_press_contact_in_the_newsroom_settings(
    citizen, client_for, rudsar, rudsar_head
):
    response = client_for(rudsar_head).post(
        "/office/m/rudsar/news/settings/",
        {
            "channel": "telegram",
            "press_contact": "میز خبر",
            "press_email": "desk@rudsar.example",
            "press_phone": "01342223344",
        },
    )
    assert response.status_code == 302
    contact = citizen.get("/m/rudsar/press/").content.decode()
    contact = contact.split('data-testid="press-contact"')[1].split("</section>")[0]
    assert "میز خبر" in contact and "desk@rudsar.example" in contact
