"""Uploaded photos: checked by what they are, not by their name; stripped and resized.

Only JPEG, PNG and WebP are kept. The original is re-encoded from its pixels, which drops
EXIF (and with it any GPS location) and anything appended to the file.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from ravabet.lib import uploads

MAX_SIDE = 12_000
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PAGE_WIDTH = 1200
FEED_WIDTH = 600


@dataclass
class ProcessedPhoto:
    original: ContentFile
    page: ContentFile
    feed: ContentFile
    width: int
    height: int


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=85, optimize=True)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=85)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _resized(image: Image.Image, width: int) -> Image.Image:
    if image.width <= width:
        return image.copy()
    height = round(image.height * width / image.width)
    return image.resize((width, max(1, height)), Image.Resampling.LANCZOS)


def process_photo(upload: UploadedFile) -> ProcessedPhoto:
    max_bytes = settings.NEWS_PHOTO_MAX_BYTES
    not_an_image = _(
        "This file is not a JPEG, PNG or WebP photo, whatever its name says. "
        "Only photos in these formats are accepted."
    )
    # Judged by its header (bytes, format, pixels) before any pixel is decoded.
    fmt = uploads.check_image(
        upload, formats=FORMATS, max_bytes=max_bytes, invalid=not_an_image, max_side=MAX_SIDE
    ).format
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:  # the declared size was wrong
        raise ValidationError(not_an_image)
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened)
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(not_an_image) from None
    if image.mode not in ("RGB", "RGBA", "L"):
        image = image.convert("RGBA" if image.mode in ("P", "LA", "PA") else "RGB")
    # A new image from the pixels only: no EXIF, no GPS, no trailing payload.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    ext = FORMATS[str(fmt)]
    stem = uuid.uuid4().hex
    page_image = _resized(clean.convert("RGB"), PAGE_WIDTH)
    feed_image = _resized(page_image, FEED_WIDTH)
    return ProcessedPhoto(
        original=ContentFile(_encode(clean, fmt), name=f"{stem}.{ext}"),
        page=ContentFile(_encode(page_image, "JPEG"), name=f"{stem}-page.jpg"),
        feed=ContentFile(_encode(feed_image, "JPEG"), name=f"{stem}-feed.jpg"),
        width=clean.width,
        height=clean.height,
    )
