"""Uploads refused by what they declare, before anything is decoded.

A 1 MB .docx can unpack to gigabytes and a 128 KB PNG can declare 40 megapixels; the
cost is paid only when a library decodes them. So an archive is judged by its central
directory (member count, each member's declared size, the total, the compression ratio)
and then read through a bounded reader that stops at the declared size; an image by
its header (format, width × height). Only then may python-docx, openpyxl or Pillow's
``load()`` run.

Plain helpers: the limits come from Django settings (``UPLOAD_*``), nothing from the apps.
"""

from __future__ import annotations

import io
import warnings
import zipfile
import zlib
from collections.abc import Collection
from typing import IO, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from ravabet.lib.i18n import local_digits

# A member this small cannot hurt, however well it compresses (an empty sheet, a logo).
RATIO_FLOOR = 1024 * 1024
CHUNK = 64 * 1024


def limit_pillow(max_pixels: int) -> None:
    """Make Pillow itself refuse larger images everywhere, not only where we check.

    Pillow only warns between MAX_IMAGE_PIXELS and twice that; the warning becomes an
    error so an image that slipped past a form is still never decoded.
    """
    Image.MAX_IMAGE_PIXELS = max_pixels
    warnings.filterwarnings("error", category=Image.DecompressionBombWarning)


def _mb(size: int) -> str:
    return local_digits(f"{size / (1024 * 1024):.3g}")


def _megapixels(pixels: int) -> str:
    return local_digits(f"{pixels / 1_000_000:g}")


# --- Archives (.docx, .xlsx) -------------------------------------------------------------


def check_zip(
    data: bytes,
    *,
    invalid: str,
    max_members: int | None = None,
    max_bytes: int | None = None,
    max_ratio: int | None = None,
) -> None:
    """Refuse an archive whose declared or actual unpacked size is beyond the limits.

    ``invalid`` is the caller's message for a file that is not a readable archive.
    Reads at most ``max_bytes`` of unpacked data, in small chunks.
    """
    max_members = max_members or settings.UPLOAD_ZIP_MAX_MEMBERS
    max_bytes = max_bytes or settings.UPLOAD_ZIP_MAX_BYTES
    max_ratio = max_ratio or settings.UPLOAD_ZIP_MAX_RATIO
    too_big = ValidationError(
        _(
            "This file unpacks to more than %(mb)s MB, far more than a real document; "
            "it was refused (it may be damaged or a «zip bomb»)."
        )
        % {"mb": _mb(max_bytes)},
        code="zip_too_big",
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ValidationError(invalid, code="invalid") from None
    with archive:
        members = archive.infolist()
        if len(members) > max_members:
            raise ValidationError(
                _("This file holds more than %(n)s parts; it was refused as damaged.")
                % {"n": local_digits(max_members)},
                code="zip_too_many",
            )
        declared = 0
        for member in members:
            declared += member.file_size
            if declared > max_bytes:
                raise too_big
            if member.file_size > RATIO_FLOOR and member.file_size > max_ratio * max(
                member.compress_size, 1
            ):
                raise ValidationError(
                    _(
                        "This file is packed far tighter than a real document "
                        "(a «zip bomb»); it was refused."
                    ),
                    code="zip_ratio",
                )
        # The directory may lie: read every member, counting, and stop at what it declared.
        unpacked = 0
        try:
            for member in members:
                read = 0
                with archive.open(member) as stream:
                    while chunk := stream.read(CHUNK):
                        read += len(chunk)
                        unpacked += len(chunk)
                        if read > member.file_size or unpacked > max_bytes:
                            raise too_big
        except (
            zipfile.BadZipFile,
            zlib.error,
            OSError,
            EOFError,
            ValueError,
            RuntimeError,  # an encrypted member
            NotImplementedError,  # a compression method zipfile does not know
        ):
            raise ValidationError(invalid, code="invalid") from None


# --- Images ------------------------------------------------------------------------------


class ImageHeader(NamedTuple):
    format: str
    width: int
    height: int


def check_image(
    upload: IO[bytes],
    *,
    formats: Collection[str],
    max_bytes: int,
    invalid: str,
    bad_format: str | None = None,
    size: int | None = None,
    max_pixels: int | None = None,
    max_side: int | None = None,
) -> ImageHeader:
    """The image's format and size from its header, or a ValidationError; nothing decoded.

    ``size`` is the upload's byte size when known (Django's ``UploadedFile.size``);
    ``invalid`` the caller's message for a file that is not an image it can read,
    ``bad_format`` for an image of another format (``invalid`` when not given).
    """
    max_pixels = max_pixels or settings.UPLOAD_MAX_IMAGE_PIXELS
    if size is None:
        size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    too_heavy = ValidationError(
        _("The image is larger than %(mb)s MB; send a smaller one.") % {"mb": _mb(max_bytes)},
        code="too_big",
    )
    if size is not None and size > max_bytes:
        raise too_heavy
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            header = ImageHeader(image.format or "", image.width, image.height)
            if header.width * header.height > max_pixels or (
                max_side and max(header.width, header.height) > max_side
            ):
                raise ValidationError(
                    _(
                        "The image is too large (%(w)s×%(h)s pixels); "
                        "the limit is %(mp)s megapixels."
                    )
                    % {
                        "w": local_digits(header.width),
                        "h": local_digits(header.height),
                        "mp": _megapixels(max_pixels),
                    },
                    code="too_many_pixels",
                )
            # Checks the file's structure (PNG chunk checksums); decodes no pixels.
            image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The image is too large; the limit is %(mp)s megapixels.")
            % {"mp": _megapixels(max_pixels)},
            code="too_many_pixels",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(invalid, code="not_image") from None
    finally:
        upload.seek(0)
    if header.format not in formats:
        raise ValidationError(bad_format or invalid, code="bad_format")
    return header
