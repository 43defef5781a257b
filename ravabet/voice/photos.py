"""Citizens' photos: checked by their content, not their name, and stripped of location."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image

from ravabet.lib import uploads

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
GPS_IFD = 0x8825


def check_image(upload: UploadedFile) -> str:
    """The image's real format (JPEG, PNG or WEBP), or a ValidationError; nothing decoded."""
    header = uploads.check_image(
        upload,
        formats=ALLOWED_FORMATS,
        max_bytes=settings.VOICE_PHOTO_MAX_BYTES,
        invalid=_("This file is not a photo we can read; send a JPEG, PNG or WebP image."),
        bad_format=_("Send a JPEG, PNG or WebP image."),
    )
    return header.format


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
