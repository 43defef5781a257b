"""Issue 9: a published item's photos are public (in production too); a draft's photos go
to its newsroom's staff only; an import never takes a web page."""

from __future__ import annotations

from defusedxml import ElementTree
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ravabet.core.tests.filechecks import PDF_BYTES, assert_opaque, assert_served, body
from ravabet.media.models import Journalist
from ravabet.newsroom.actions import approve_item, publish_item
from ravabet.newsroom.models import NewsItem, Photo

from .conftest import photo_bytes

ATOM = "{http://www.w3.org/2005/Atom}"


def _add_photo(client: Client, item: NewsItem) -> Photo:
    client.post(
        f"/office/news/{item.pk}/photos/",
        {"image": SimpleUploadedFile("pol-e-abere-mehdi.jpg", photo_bytes()), "caption": "پل"},
    )
    return Photo.objects.select_related("item__municipality").get(item=item)


def _stored(field) -> bytes:  # type: ignore[no-untyped-def]
    with field.open("rb") as f:
        return f.read()


def test_a_drafts_photos_go_to_its_newsroom_only(  # type: ignore[no-untyped-def]
    client_for, rudsar_draft, rudsar_reporter, rudsar_head, lahijan_head
):
    photo = _add_photo(client_for(rudsar_reporter), rudsar_draft)
    for url in (photo.page_url, photo.feed_url, photo.original_url):
        assert Client().get(url).status_code == 404  # as the draft's page is
        assert client_for(lahijan_head).get(url).status_code == 404  # another municipality
    for staff in (rudsar_reporter, rudsar_head):
        client = client_for(staff)
        assert_served(client.get(photo.page_url), _stored(photo.page), "image/jpeg", inline=True)
        assert_served(client.get(photo.feed_url), _stored(photo.feed), "image/jpeg", inline=True)
    office = client_for(rudsar_reporter).get(rudsar_draft.get_office_url()).content.decode()
    assert f'src="{photo.feed_url}"' in office


def test_a_published_items_photos_are_public(  # type: ignore[no-untyped-def]
    client_for, rudsar_draft, rudsar_reporter, rudsar_head
):
    photo = _add_photo(client_for(rudsar_reporter), rudsar_draft)
    approve_item(rudsar_draft, rudsar_head)
    publish_item(rudsar_draft, rudsar_head)
    anonymous = Client()
    for url, field in ((photo.page_url, photo.page), (photo.feed_url, photo.feed)):
        response = anonymous.get(url)
        assert_served(response, _stored(field), "image/jpeg", inline=True, public=True)
        assert "Cookie" not in response.get("Vary", "")  # one copy for every reader
    article = anonymous.get(rudsar_draft.get_absolute_url()).content.decode()
    assert f'src="{photo.page_url}"' in article
    listing = anonymous.get("/m/rudsar/news/").content.decode()
    assert f'src="{photo.feed_url}"' in listing


def test_the_feeds_and_the_press_release_link_photos_anyone_can_open(  # type: ignore[no-untyped-def]
    client_for,
    rudsar,
    rudsar_draft,
    rudsar_reporter,
    rudsar_head,
    smtp_server,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    photo = _add_photo(client_for(rudsar_reporter), rudsar_draft)
    approve_item(rudsar_draft, rudsar_head)
    publish_item(rudsar_draft, rudsar_head)
    anonymous = Client()
    rss = ElementTree.fromstring(anonymous.get("/m/rudsar/news/rss/").content)
    assert rss.find("channel/item/enclosure").get("url") == "http://testserver" + photo.feed_url
    atom = ElementTree.fromstring(anonymous.get("/m/rudsar/news/atom/").content)
    links = atom.findall(f"{ATOM}entry/{ATOM}link[@rel='enclosure']")
    assert [link.get("href") for link in links] == ["http://testserver" + photo.feed_url]
    assert body(anonymous.get(photo.feed_url)) == _stored(photo.feed)

    journalist = Journalist.objects.create(
        municipality=rudsar, name="سمیرا احمدی", email="samira@example.org", consent=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        client_for(rudsar_head).post(
            f"/office/news/{rudsar_draft.pk}/distribute/", {"journalists": [journalist.pk]}
        )
    run_tasks()
    (message,) = smtp_server.messages
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "http://testserver" + photo.page_url in text
    assert body(anonymous.get(photo.page_url)) == _stored(photo.page)


def test_stored_photo_names_are_random(client_for, rudsar_draft, rudsar_reporter):  # type: ignore[no-untyped-def]
    photo = _add_photo(client_for(rudsar_reporter), rudsar_draft)
    for field in (photo.image, photo.page, photo.feed):
        assert_opaque(field.name, "news/rudsar", ".jpg", "pol", "mehdi")


def test_a_web_page_is_never_imported(client_for, rudsar_reporter, rudsar):  # type: ignore[no-untyped-def]
    client = client_for(rudsar_reporter)
    for name, data in (
        ("x.html", PDF_BYTES),
        ("news.htm", b"<p>hi</p>"),
        ("a.svg", b"<svg/>"),
        ("a.js", b"alert(1)"),
    ):
        response = client.post(
            "/office/m/rudsar/news/import/", {"file": SimpleUploadedFile(name, data)}
        )
        # A refused import answers 400 with the form and its error (issue 9, section 5).
        assert response.status_code == 400, name
        assert "پذیرفته نمی‌شود" in response.content.decode(), name
    response = client.post(
        "/office/m/rudsar/news/import/", {"file": SimpleUploadedFile("report.txt", PDF_BYTES)}
    )
    assert "با محتوایش نمی‌خواند" in response.content.decode()
    assert not NewsItem.objects.exists()
