"""The bell, the list, following a notification and marking read: each person's own only."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ravabet.notifications.actions import notify
from ravabet.notifications.models import Kind, Notification

from .conftest import make_item


def _many(n, recipient, actor, municipality):  # type: ignore[no-untyped-def]
    for i in range(n):
        item = make_item(municipality, actor, title=f"خبر شماره {i}")
        notify(
            [recipient], Kind.NEWS_SUBMITTED, target=item, actor=actor, params={"title": item.title}
        )


def _queries(client, url):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response


def test_the_bell_counts_unread_on_every_office_page(
    client_for, rudsar_head, rudsar_reporter, rudsar
):
    head = client_for(rudsar_head)
    page = head.get("/office/m/rudsar/").content.decode()
    assert 'data-testid="bell"' in page and 'data-testid="bell-count"' not in page
    _many(3, rudsar_head, rudsar_reporter, rudsar)
    for url in (
        "/office/m/rudsar/",
        "/office/n/east-gilan/",
        "/office/m/rudsar/news/",
        "/office/notifications/",
    ):
        page = head.get(url).content.decode()
        assert '<span class="bell-count" data-testid="bell-count">۳</span>' in page, url


def test_the_bell_is_one_query_however_many_notifications(
    client_for, rudsar_head, rudsar_reporter, rudsar
):
    head = client_for(rudsar_head)
    _many(2, rudsar_head, rudsar_reporter, rudsar)
    few, _r = _queries(head, "/office/m/rudsar/")
    _many(6, rudsar_head, rudsar_reporter, rudsar)
    many, response = _queries(head, "/office/m/rudsar/")
    assert "۸" in response.content.decode()
    assert many == few


def test_the_list_is_paged_and_its_queries_do_not_grow(
    client_for, rudsar_head, rudsar_reporter, rudsar
):
    head = client_for(rudsar_head)
    _many(4, rudsar_head, rudsar_reporter, rudsar)
    few, _r = _queries(head, "/office/notifications/")
    _many(8, rudsar_head, rudsar_reporter, rudsar)
    many, response = _queries(head, "/office/notifications/")
    assert many == few
    assert response.content.decode().count('data-testid="notification"') == 12
    _many(20, rudsar_head, rudsar_reporter, rudsar)
    first = head.get("/office/notifications/").content.decode()
    assert first.count('data-testid="notification"') == 25
    second = head.get("/office/notifications/?page=2").content.decode()
    assert second.count('data-testid="notification"') == 7
    assert "خبر شماره ۰" not in first and "خبر شماره 0" in second


def test_following_a_notification_marks_it_read_and_goes_to_the_thing(
    client_for, rudsar_head, rudsar_reporter, rudsar
):
    _many(2, rudsar_head, rudsar_reporter, rudsar)
    first, second = Notification.objects.order_by("pk")
    head = client_for(rudsar_head)
    response = head.get(f"/office/notifications/{first.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/office/news/{first.target_id}/"
    assert head.get(response["Location"]).status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    assert Notification.objects.unread().count() == 1


def test_mark_one_read_with_htmx_swaps_the_row_and_the_bell(
    client_for, rudsar_head, rudsar_reporter, rudsar
):
    _many(2, rudsar_head, rudsar_reporter, rudsar)
    first = Notification.objects.order_by("pk")[0]
    response = client_for(rudsar_head).post(
        f"/office/notifications/{first.pk}/read/", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert f'id="notification-{first.pk}"' in html and "<html" not in html
    assert 'hx-swap-oob="true"' in html and "۱</span>" in html
    first.refresh_from_db()
    assert first.read_at is not None


def test_mark_all_read(client_for, rudsar_head, rudsar_reporter, lahijan_head, rudsar, lahijan):
    _many(3, rudsar_head, rudsar_reporter, rudsar)
    _many(1, lahijan_head, rudsar_reporter, rudsar)
    head = client_for(rudsar_head)
    assert head.get("/office/notifications/read-all/").status_code == 405
    response = head.post("/office/notifications/read-all/")
    assert response.status_code == 302
    assert Notification.objects.filter(user=rudsar_head).unread().count() == 0
    # Another person's are theirs.
    assert Notification.objects.filter(user=lahijan_head).unread().count() == 1
    htmx = head.post("/office/notifications/read-all/", headers={"HX-Request": "true"})
    assert 'id="notifications"' in htmx.content.decode()


def test_another_persons_notification_is_404_and_anonymous_logs_in(
    client_for, citizen, rudsar_head, lahijan_head, rudsar_reporter, rudsar
):
    _many(1, rudsar_head, rudsar_reporter, rudsar)
    notification = Notification.objects.get()
    other = client_for(lahijan_head)
    assert other.get(f"/office/notifications/{notification.pk}/").status_code == 404
    assert other.post(f"/office/notifications/{notification.pk}/read/").status_code == 404
    # A member of the same office is another person too.
    assert (
        client_for(rudsar_reporter).get(f"/office/notifications/{notification.pk}/").status_code
        == 404
    )
    notification.refresh_from_db()
    assert notification.read_at is None
    for url in (
        "/office/notifications/",
        f"/office/notifications/{notification.pk}/",
        "/office/notifications/settings/",
    ):
        response = citizen.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
    response = citizen.post(f"/office/notifications/{notification.pk}/read/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_notification_whose_thing_is_gone_says_so(
    client_for, rudsar_head, rudsar_reporter, rudsar
):
    _many(1, rudsar_head, rudsar_reporter, rudsar)
    notification = Notification.objects.get()
    from ravabet.newsroom.models import NewsItem

    NewsItem.objects.filter(pk=notification.target_id).delete()
    response = client_for(rudsar_head).get(f"/office/notifications/{notification.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == "/office/notifications/"


def test_notify_is_idempotent_and_never_tells_the_actor(rudsar_head, rudsar_reporter, rudsar):
    item = make_item(rudsar, rudsar_reporter)
    for _ in range(3):
        notify(
            [rudsar_head, rudsar_reporter],
            Kind.NEWS_SUBMITTED,
            target=item,
            actor=rudsar_reporter,
            occasion="once",
        )
    assert list(Notification.objects.values_list("user", flat=True)) == [rudsar_head.pk]
    notify([rudsar_head], Kind.NEWS_SUBMITTED, target=item, occasion="twice")
    assert Notification.objects.count() == 2
