"""Issue 12, section 5: the report after the event takes photos (checked by their content
like every other upload, stripped of their location), served privately through
``serve_file``, and to everyone only once the event is public and reported."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ravabet.events.models import ReportPhoto, Status
from ravabet.events.tests.conftest import make_event


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def _png(name: str = "IMG_2041.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "#3a7").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content) if response.streaming else response.content


def _held(rudsar, rudsar_head, *, public: bool = True):  # type: ignore[no-untyped-def]
    event = make_event(rudsar, rudsar_head, public=public)
    event.status = Status.HELD
    event.save(update_fields=["status"])
    return event


def add(client, event, upload, caption="مراسم"):  # type: ignore[no-untyped-def]
    return client.post(f"/office/events/{event.pk}/photos/", {"image": upload, "caption": caption})


def test_a_photo_is_added_to_the_report_and_shown_to_the_office(
    client_for, rudsar, rudsar_head, press_conference
):
    head = client_for(rudsar_head)
    # Not before the event is held.
    assert add(head, press_conference, _png()).status_code == 400
    assert not ReportPhoto.objects.exists()
    event = _held(rudsar, rudsar_head)
    response = add(head, event, _png(), "نشست خبری")
    assert response.status_code == 302
    photo = ReportPhoto.objects.get()
    assert photo.caption == "نشست خبری" and photo.added_by == rudsar_head
    assert (photo.image.name or "").startswith("events/photos/")  # an opaque name, not the upload's
    page = head.get(event.get_absolute_url()).content.decode()
    assert photo.get_absolute_url() in page
    served = head.get(photo.get_absolute_url())
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["Content-Disposition"].startswith("inline;")
    assert "no-store" in served["Cache-Control"]  # private until public and reported
    assert _body(served).startswith(b"\x89PNG")


def test_a_file_that_is_not_a_photo_is_refused_plainly(client_for, rudsar, rudsar_head):
    event = _held(rudsar, rudsar_head)
    head = client_for(rudsar_head)
    fake = SimpleUploadedFile("photo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = add(head, event, fake)
    assert response.status_code == 400
    assert "not a photo we can read" in response.content.decode()
    assert add(head, event, "").status_code == 400
    assert not ReportPhoto.objects.exists()


def test_other_offices_get_404_and_the_public_only_public_reported_photos(
    client, client_for, rudsar, rudsar_head, lahijan_head, outsider
):
    public = _held(rudsar, rudsar_head)
    internal = _held(rudsar, rudsar_head, public=False)
    head = client_for(rudsar_head)
    assert add(head, public, _png()).status_code == 302
    assert add(head, internal, _png()).status_code == 302
    public_photo = ReportPhoto.objects.get(event=public)
    internal_photo = ReportPhoto.objects.get(event=internal)
    # Another office can neither see nor add.
    for other in (client_for(lahijan_head), client_for(outsider)):
        assert other.get(public_photo.get_absolute_url()).status_code == 404
        assert other.get(internal_photo.get_absolute_url()).status_code == 404
        assert add(other, public, _png()).status_code == 404
    # Anonymous: nothing while the event is only held.
    assert client.get(public_photo.get_absolute_url()).status_code == 404
    report = {"attendance": "۴۰", "report": "برگزار شد"}
    assert head.post(f"/office/events/{public.pk}/report/", report).status_code == 302
    assert head.post(f"/office/events/{internal.pk}/report/", report).status_code == 302
    # Reported: the public event's photo is public (and cacheable), the internal one not.
    served = client.get(public_photo.get_absolute_url())
    assert served.status_code == 200 and served["Cache-Control"].startswith("public")
    assert client.get(internal_photo.get_absolute_url()).status_code == 404
    assert client_for(lahijan_head).get(internal_photo.get_absolute_url()).status_code == 404
    page = client.get("/m/rudsar/events/").content.decode()
    assert public_photo.get_absolute_url() in page
    assert internal_photo.get_absolute_url() not in page
