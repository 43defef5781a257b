"""Defect 3.10: a citizen's photo clicked in the office opened as a download with no
extension. It opens in the browser, named with the extension of what its bytes are."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ravabet.voice.actions import Submission, submit_message
from ravabet.voice.tests.conftest import category


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "#3a7").save(buffer, "PNG")
    # Named without an extension, as a phone's share sheet may send it.
    return SimpleUploadedFile("IMG_2041", buffer.getvalue(), content_type="image/png")


def test_a_photo_opens_inline_with_its_extension(
    client, client_for, rudsar, rudsar_head, lahijan_head
):
    message, _created = submit_message(
        rudsar,
        Submission(kind="complaint", category=category(rudsar), text="چاله", consent=True),
        photos=[_png()],
    )
    photo = message.photos.get()
    page = client_for(rudsar_head).get(message.get_office_url()).content.decode()
    assert photo.get_absolute_url() in page
    response = client_for(rudsar_head).get(photo.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;") and f'filename="photo-{photo.pk}.png"' in disposition
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"\x89PNG")
    assert client_for(lahijan_head).get(photo.get_absolute_url()).status_code == 404
    assert "/login/" in client.get(photo.get_absolute_url())["Location"]
