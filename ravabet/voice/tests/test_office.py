from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ravabet.search.models import SearchEntry
from ravabet.voice.models import AccessLog, Message, Status


def test_inbox_is_the_municipalitys_own(
    client_for,
    rudsar,
    lahijan,
    rudsar_reporter,
    lahijan_head,
    lahijan_manager,
    observer,
    citizen,
    make_message,  # type: ignore[no-untyped-def]
) -> None:
    make_message(rudsar, text="چاله بزرگ در بلوار ساحلی")
    url = reverse("voice:inbox", args=["rudsar"])
    response = client_for(rudsar_reporter).get(url)
    assert response.status_code == 200
    assert "چاله بزرگ در بلوار ساحلی" in response.content.decode()
    assert client_for(lahijan_head).get(url).status_code == 404
    assert client_for(observer).get(url).status_code == 404
    assert citizen.get(url).status_code == 302  # to the login page


def test_message_views_404_for_other_municipalities_and_403_for_managers(
    client_for,
    rudsar,
    lahijan,
    lahijan_head,
    lahijan_manager,
    lahijan_green,
    make_message,  # type: ignore[no-untyped-def]
) -> None:
    message = make_message(lahijan)
    other = make_message(rudsar)
    head, manager = client_for(lahijan_head), client_for(lahijan_manager)
    assert head.get(reverse("voice:message", args=[other.pk])).status_code == 404
    for name, data in [
        ("route", {"department": lahijan_green.pk}),
        ("note", {"text": "x"}),
        ("reply", {"text": "x"}),
        ("status", {"status": "closed"}),
        ("merge", {"original": message.code}),
    ]:
        assert head.post(reverse(f"voice:{name}", args=[other.pk]), data).status_code == 404
        assert manager.post(reverse(f"voice:{name}", args=[message.pk]), data).status_code == 403
    assert head.get(reverse("voice:contact-details", args=[other.pk])).status_code == 404
    assert manager.get(reverse("voice:message", args=[message.pk])).status_code == 200
    assert manager.post(reverse("voice:contact-details", args=[message.pk])).status_code == 403
    assert head.get(reverse("voice:new", args=["rudsar"])).status_code == 404
    assert manager.get(reverse("voice:new", args=["lahijan"])).status_code == 403
    message.refresh_from_db()
    assert message.status == Status.NEW and not message.notes.exists()


def test_contact_details_are_masked_and_every_view_is_logged(
    client_for,
    rudsar,
    rudsar_reporter,
    rudsar_head,
    make_message,  # type: ignore[no-untyped-def]
) -> None:
    message = make_message(rudsar, national_code="2740291876")
    reporter = client_for(rudsar_reporter)
    page = reporter.get(message.get_office_url()).content.decode()
    assert "09121234567" not in page and "۰۹۱۲۱۲۳۴۵۶۷" not in page and "۲۷۴۰۲۹۱۸۷۶" not in page
    shown = reporter.post(
        reverse("voice:contact-details", args=[message.pk]), HTTP_HX_REQUEST="true"
    )
    assert "۰۹۱۲۱۲۳۴۵۶۷" in shown.content.decode()
    assert "۲۷۴۰۲۹۱۸۷۶" in shown.content.decode()
    log = AccessLog.objects.get()
    assert (log.user, log.message) == (rudsar_reporter, message)
    # The PR head reads the log; the reporter may not.
    log_url = reverse("voice:access-log", args=["rudsar"])
    assert reporter.get(log_url).status_code == 403
    html = client_for(rudsar_head).get(log_url).content.decode()
    assert message.display_code in html and str(rudsar_reporter) in html


def test_routing_notes_reply_status_and_merge(
    client_for,
    rudsar,
    rudsar_reporter,
    rudsar_head,
    rudsar_services,
    make_message,  # type: ignore[no-untyped-def]
) -> None:
    message = make_message(rudsar)
    reporter, head = client_for(rudsar_reporter), client_for(rudsar_head)
    reporter.post(reverse("voice:route", args=[message.pk]), {"department": rudsar_services.pk})
    message.refresh_from_db()
    assert (message.status, message.department) == (Status.ROUTED, rudsar_services)
    reporter.post(reverse("voice:note", args=[message.pk]), {"text": "با آقای رحیمی هماهنگ شد"})
    assert message.notes.get().author == rudsar_reporter
    reporter.post(reverse("voice:status", args=[message.pk]), {"status": "in_progress"})
    message.refresh_from_db()
    assert message.status == Status.IN_PROGRESS
    bad = reporter.post(reverse("voice:status", args=[message.pk]), {"status": "answered"})
    assert bad.status_code == 400  # answered comes only with a reply
    head.post(reverse("voice:reply", args=[message.pk]), {"text": "کار انجام شد"})
    message.refresh_from_db()
    assert message.status == Status.ANSWERED and message.first_reply_at is not None

    duplicate = make_message(rudsar, mobile="09351112233")
    wrong = reporter.post(reverse("voice:merge", args=[duplicate.pk]), {"original": "22222222"})
    assert wrong.status_code == 400
    reporter.post(reverse("voice:merge", args=[duplicate.pk]), {"original": message.display_code})
    duplicate.refresh_from_db()
    assert duplicate.merged_into == message and duplicate.status == Status.CLOSED


def test_staff_enter_a_phone_message(client_for, rudsar, rudsar_reporter) -> None:  # type: ignore[no-untyped-def]
    from .conftest import category

    response = client_for(rudsar_reporter).post(
        reverse("voice:new", args=["rudsar"]),
        {
            "channel": "phone",
            "kind": "request",
            "category": category(rudsar, "green-space").pk,
            "text": "درخواست هرس درختان پارک ساحلی",
            "mobile": "",
            "name": "",
        },
    )
    message = Message.objects.get()
    assert response["Location"] == message.get_office_url()
    assert (message.channel, message.entered_by, message.mobile) == ("phone", rudsar_reporter, "")


def test_inbox_filters_and_persian_search(
    client_for,
    rudsar,
    rudsar_reporter,
    rudsar_services,
    make_message,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    make_message(
        rudsar, text="درختان پارك ساحلي هرس نشده‌اند", kind="request", category_code="green-space"
    )
    make_message(rudsar, text="زباله کنار پل", channel="phone", department=rudsar_services)
    overdue = make_message(rudsar, text="آسفالت خراب", due_on="2026-01-01")
    client = client_for(rudsar_reporter)
    url = reverse("voice:inbox", args=["rudsar"])

    def codes(**params: str) -> str:
        return client.get(url, params, HTTP_HX_REQUEST="true").content.decode()

    assert "درختان پارك" in codes(q="درختان پارک ساحلی")  # Arabic kaf and yeh fold
    assert "زباله کنار پل" not in codes(q="درختان")
    assert "درختان" in codes(kind="request") and "زباله" not in codes(kind="request")
    assert "زباله" in codes(channel="phone") and "درختان" not in codes(channel="phone")
    assert "زباله" in codes(department=str(rudsar_services.pk))
    assert overdue.display_code in codes(overdue="on") and "زباله" not in codes(overdue="on")
    assert "<html" not in codes()  # an htmx request gets only the rows
    assert "۱۴۰۰/۰۱/۰۱" not in codes(date_from="۱۴۰۵/۰۱/۰۱")
    assert "آسفالت" not in codes(date_from="۱۴۰۵/۰۹/۰۱", date_to="۱۴۰۵/۰۸/۰۱")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(10):
        make_message(rudsar, text=f"پیام شماره {i}")
    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_messages_are_found_only_by_the_municipalitys_pr_roles(
    client_for,
    rudsar,
    rudsar_reporter,
    rudsar_head,
    lahijan_head,
    lahijan_manager,
    observer,
    citizen,
    make_message,  # type: ignore[no-untyped-def]
) -> None:
    message = make_message(rudsar, text="صدای ناهنجار کارگاه شبانه")
    url = message.get_office_url()
    assert SearchEntry.objects.filter(kind="voice.message").count() == 1
    for user in (rudsar_reporter, rudsar_head):
        html = client_for(user).get("/office/search/", {"q": "كارگاه شبانه"}).content.decode()
        assert url in html, user
    for user in (lahijan_head, lahijan_manager, observer):
        html = client_for(user).get("/office/search/", {"q": "کارگاه شبانه"}).content.decode()
        assert url not in html, user
    assert url not in citizen.get("/search/", {"q": "کارگاه شبانه"}).content.decode()
    # Never by contact details.
    html = client_for(rudsar_head).get("/office/search/", {"q": "09121234567"}).content.decode()
    assert url not in html


def test_dashboard_panel_counts_new_overdue_and_satisfaction(
    client_for,
    rudsar,
    rudsar_head,
    make_message,
    east_gilan,
    observer,  # type: ignore[no-untyped-def]
) -> None:
    from ravabet.voice import actions

    make_message(rudsar)
    make_message(rudsar, due_on="2026-01-01")
    rated = make_message(rudsar)
    actions.reply_to_message(rated, rudsar_head, "انجام شد")
    actions.rate_message(rated, 4)
    html = client_for(rudsar_head).get("/office/m/rudsar/").content.decode()
    panel = html.split('data-testid="voice-panel"', 1)[1].split("</ul>", 1)[0]
    assert "۲ پیام تازه" in panel
    assert "۱ پیام دیرکرده" in panel
    assert "۴٫۰/۵" in panel
    network = client_for(observer).get("/office/n/east-gilan/").content.decode()
    assert reverse("voice:network-report", args=["east-gilan"]) in network


def test_the_inbox_counts_a_few_pages_ahead_not_the_whole_mailbox(
    client_for, rudsar, rudsar_reporter, make_message
) -> None:
    from ravabet.lib.paging import PAGES_AHEAD
    from ravabet.voice.office_views import PAGE_SIZE

    first = make_message(rudsar, text="نخستین پیام")
    many = PAGE_SIZE * (PAGES_AHEAD + 1) + 5
    Message.objects.bulk_create(
        [
            Message(
                municipality=rudsar,
                code=f"T{n:07d}",
                public_id=f"test{n:012d}",
                kind=first.kind,
                channel=first.channel,
                category=first.category,
                text=f"پیام انبوه {n}",
                text_norm=f"پیام انبوه {n}",
                due_on=first.due_on,
                consent=True,
            )
            for n in range(many)
        ]
    )
    client = client_for(rudsar_reporter)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("voice:inbox", args=["rudsar"])).content.decode()
    limit = PAGE_SIZE * (PAGES_AHEAD + 1)
    persian = str(limit).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert f"بیش از {persian} پیام" in page
    counts = [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"].upper() and "voice_message" in q["sql"]
    ]
    assert counts and all("LIMIT" in sql.upper() for sql in counts), counts
    # Paging on still works, and the last page is reached.
    last = client.get(reverse("voice:inbox", args=["rudsar"]), {"page": 1000})
    assert last.status_code == 200
