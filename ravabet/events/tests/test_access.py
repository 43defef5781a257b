"""Every view with an id or a slug: another municipality's staff get a 404, a read-only
role a 403 when it would change something, anonymous visitors the login page."""

from __future__ import annotations

import pytest

from ravabet.events.tests.conftest import make_event

WRITE_POSTS = ["status", "tasks", "coverage", "news", "invite", "report"]


@pytest.fixture
def event(rudsar, rudsar_head):  # type: ignore[no-untyped-def]
    return make_event(rudsar, rudsar_head, public=False)


def event_urls(event) -> list[str]:  # type: ignore[no-untyped-def]
    task = event.tasks.first()
    return [
        f"/office/events/{event.pk}/",
        f"/office/events/{event.pk}/edit/",
        *[f"/office/events/{event.pk}/{name}/" for name in WRITE_POSTS],
        f"/office/events/tasks/{task.pk}/done/",
        f"/office/events/tasks/{task.pk}/",
    ]


def test_another_municipalitys_staff_get_404(client_for, event, lahijan_head, outsider):
    for user in (lahijan_head, outsider):
        c = client_for(user)
        urls = event_urls(event)
        for n, url in enumerate(urls):
            method = c.get if n < 2 else c.post
            assert method(url).status_code == 404, (user, url)
    for url in [
        "/office/m/rudsar/events/",
        "/office/m/rudsar/events/new/",
        "/office/m/rudsar/events/checklists/",
    ]:
        assert client_for(outsider).get(url).status_code == 404, url


def test_a_read_only_role_reads_but_does_not_change(client_for, event, rudsar_manager):
    c = client_for(rudsar_manager)
    assert c.get(f"/office/events/{event.pk}/").status_code == 200
    assert c.get("/office/m/rudsar/events/").status_code == 200
    assert c.get(f"/office/events/{event.pk}/edit/").status_code == 403
    for url in event_urls(event)[2:]:
        assert c.post(url).status_code == 403, url
    assert c.get("/office/m/rudsar/events/new/").status_code == 403
    assert c.get("/office/m/rudsar/events/checklists/").status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, event):
    urls = event_urls(event)
    posts = urls[2:]
    gets = [
        *urls[:2],
        "/office/m/rudsar/events/",
        "/office/m/rudsar/events/new/",
        "/office/n/east-gilan/events/new/",
        "/office/m/rudsar/events/checklists/",
    ]
    for url in gets + posts:
        response = client.post(url) if url in posts else client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


def test_a_network_event_is_the_secretariats_to_change_and_members_to_read(
    client_for, east_gilan, lahijan_head, rudsar_head, outsider, observer
):
    event = make_event(east_gilan, lahijan_head, kind="ceremony", public=False)
    assert client_for(lahijan_head).get(f"/office/events/{event.pk}/edit/").status_code == 200
    for reader in (rudsar_head, observer):
        assert client_for(reader).get(f"/office/events/{event.pk}/").status_code == 200
        assert client_for(reader).get(f"/office/events/{event.pk}/edit/").status_code == 403
        assert client_for(reader).get("/office/n/east-gilan/events/new/").status_code == 403
    assert client_for(outsider).get(f"/office/events/{event.pk}/").status_code == 404
    assert client_for(outsider).get("/office/n/east-gilan/events/").status_code == 404


def test_internal_events_are_never_on_public_pages_or_feeds(
    client, event, east_gilan, lahijan_head
):
    network_event = make_event(
        east_gilan, lahijan_head, kind="ceremony", public=False, title="هماهنگی داخلی دبیرخانه"
    )
    for url in [
        "/m/rudsar/events/",
        "/m/rudsar/events.ics",
        "/n/east-gilan/events/",
        "/n/east-gilan/events.ics",
    ]:
        body = client.get(url).content.decode()
        assert event.title not in body and network_event.title not in body, url
