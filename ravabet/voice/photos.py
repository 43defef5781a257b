"""Citizens' photos: checked by their content, not their name, and stripped of location."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
GPS_IFD = 0x8825


def check_image(upload: UploadedFile) -> str:
    """The image's real format (JPEG, PNG or WEBP), or a ValidationError in Persian."""
    if upload.size and upload.size > MAX_BYTES:
        raise ValidationError(_("A photo may be at most 5 MB."), code="too_big")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format or ""
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("This photo is too large."), code="too_big")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not a photo we can read; send a JPEG, PNG or WebP image."),
            code="not_image",
        ) from None
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(_("Send a JPEG, PNG or WebP image."), code="bad_format")
    upload.seek(0)
    return image_format


def clean_image(upload: UploadedFile, *, keep_location: bool) -> ContentFile:
    """The photo re-encoded in its own format; GPS EXIF removed unless the citizen shares it."""
    upload.seek(0)
    with Image.open(upload) as image:
        image_format = image.format or "JPEG"
        exif = image.getexif()
        if not keep_location:
            exif.pop(GPS_IFD, None)
        image.load()
        buffer = io.BytesIO()
        options: dict[str, object] = {"exif": exif.tobytes()}
        output: Image.Image = image
        if image_format == "JPEG":
            options["quality"] = 90
            if image.mode not in ("RGB", "L"):
                output = image.convert("RGB")
        output.save(buffer, format=image_format, **options)
    return ContentFile(buffer.getvalue(), name=f"photo.{ALLOWED_FORMATS[image_format]}")
