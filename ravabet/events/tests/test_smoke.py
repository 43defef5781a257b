from ravabet.events.tests.conftest import make_event


def test_pages_render(
    client_for, rudsar, rudsar_head, rudsar_reporter, lahijan_head, east_gilan, client
):
    event = make_event(rudsar, rudsar_head)
    c = client_for(rudsar_head)
    for url in [
        "/office/m/rudsar/events/",
        "/office/m/rudsar/events/new/?date=2026-08-08&occasion=روز خبرنگار",
        f"/office/events/{event.pk}/",
        f"/office/events/{event.pk}/edit/",
        "/office/m/rudsar/events/checklists/",
        "/office/m/rudsar/",
    ]:
        r = c.get(url)
        assert r.status_code == 200, (url, r.content[:3000])
    for url in [
        "/m/rudsar/events/",
        "/m/rudsar/events.ics",
        "/n/east-gilan/events/",
        "/n/east-gilan/events.ics",
    ]:
        r = client.get(url)
        assert r.status_code == 200, url
    r = client_for(lahijan_head).get("/office/n/east-gilan/events/new/")
    assert r.status_code == 200
    r = client_for(lahijan_head).get("/office/n/east-gilan/")
    assert r.status_code == 200
