"""Uploaded photos: checked by what they are, not by their name; stripped and resized.

Only JPEG, PNG and WebP are kept. The original is re-encoded from its pixels, which drops
EXIF (and with it any GPS location) and anything appended to the file.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
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
    if upload.size and upload.size > MAX_BYTES:
        raise ValidationError(
            _("The photo is larger than %(mb)d MB; send a smaller one.") % {"mb": MAX_BYTES >> 20}
        )
    data = upload.read()
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The photo is larger than %(mb)d MB; send a smaller one.") % {"mb": MAX_BYTES >> 20}
        )
    not_an_image = ValidationError(
        _(
            "This file is not a JPEG, PNG or WebP photo, whatever its name says. "
            "Only photos in these formats are accepted."
        )
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    if fmt not in FORMATS:
        raise not_an_image
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise ValidationError(
            _("The photo is too large (%(w)d×%(h)d pixels); the limit is 40 megapixels.")
            % {"w": width, "h": height}
        )
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened)
    except (OSError, SyntaxError, ValueError):
        raise not_an_image from None
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
