"""Uploaded files: opaque stored names, checked names at upload, and one way to send them.

Nothing under MEDIA_ROOT is served from a public folder. Every file goes out through a
view that first reaches its record with the app's access helper, then calls `serve_file`:
the type comes from the bytes (never the name), only photos open in the browser, anything
else downloads, and nothing is ever sent as a type a browser would run. Django checks;
the web server sends the bytes (django-sendfile2: X-Accel-Redirect for nginx), or Django
itself under `make run` and in the tests (the "simple" backend).

Stored names are random (`<folder>/<2 hex>/<32 hex>.<ext>`): a name on disk, in a backup
or in a log holds no tracking code and nothing of what the uploader called the file; the
display name, where there is one, is a field of the record.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
import zipfile
from pathlib import Path, PurePosixPath
from typing import IO
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_sendfile import sendfile

JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OCTET_STREAM = "application/octet-stream"

# Shown in the page (a photo opens as a photo); everything else downloads.
INLINE_TYPES = frozenset({JPEG, PNG, WEBP})
# The allow-list: a file whose bytes are none of these goes out as application/octet-stream.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    JPEG: (".jpg", ".jpeg"),
    PNG: (".png",),
    WEBP: (".webp",),
    PDF: (".pdf",),
    DOCX: (".docx",),
}
KIND_NAMES = {JPEG: "JPEG", PNG: "PNG", WEBP: "WebP", PDF: "PDF", DOCX: "Word (DOCX)"}
# Names a browser, or the desktop after a download, would open as a page or a program.
ACTIVE_EXTENSIONS = frozenset(
    {
        ".htm", ".html", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml", ".svg", ".svgz",
        ".xml", ".xsl", ".xslt", ".js", ".mjs", ".css", ".swf", ".hta", ".php", ".phtml",
        ".asp", ".aspx", ".jsp", ".exe", ".msi", ".bat", ".cmd", ".com", ".scr", ".ps1",
        ".vbs", ".wsf", ".jar", ".sh", ".lnk", ".url", ".desktop",
    }
)  # fmt: skip

PRIVATE_CACHE = "private, no-store"
PUBLIC_MAX_AGE = 60 * 60
# As a document of its own the file may run nothing and load nothing (an image still shows).
FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


# --- what a file is -------------------------------------------------------------------


def sniff(stream: IO[bytes]) -> str:
    """The content type the bytes say, from the allow-list, or application/octet-stream."""
    stream.seek(0)
    head = stream.read(16)
    kind = OCTET_STREAM
    if head.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        kind = WEBP
    elif head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"PK\x03\x04"):
        # A DOCX is a ZIP holding word/document.xml; only the directory is read.
        stream.seek(0)
        try:
            with zipfile.ZipFile(stream) as archive:
                if "word/document.xml" in archive.namelist():
                    kind = DOCX
        except (zipfile.BadZipFile, OSError, ValueError):
            pass
    stream.seek(0)
    return kind


def suffix(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def check_upload_name(name: str, content_type: str) -> None:
    """Refuse a name that would make the file a page or a program, or that lies about it."""
    ext = suffix(name)
    if ext in ACTIVE_EXTENSIONS:
        raise ValidationError(
            _(
                "Files ending in %(ext)s are not accepted: web pages, SVG images and scripts "
                "could run in a reader's browser. Send a PDF, a photo or a Word file."
            ),
            code="active_name",
            params={"ext": ext},
        )
    expected = EXTENSIONS.get(content_type, ())
    if expected and ext not in expected:
        raise ValidationError(
            _(
                "The file's name does not match what it is: its content is %(kind)s, so its "
                "name should end in %(ext)s. Rename it and send it again."
            ),
            code="name_mismatch",
            params={"kind": KIND_NAMES[content_type], "ext": expected[0]},
        )


# --- stored names ---------------------------------------------------------------------


def opaque_name(folder: str, filename: str) -> str:
    """A random name in `folder`, keeping only a known extension of `filename`."""
    token = uuid.uuid4().hex
    ext = suffix(filename)
    known = {e for exts in EXTENSIONS.values() for e in exts}
    return f"{folder}/{token[:2]}/{token}{ext if ext in known else ''}"


def is_opaque(name: str, folder: str) -> bool:
    return (
        re.fullmatch(rf"{re.escape(folder)}/[0-9a-f]{{2}}/[0-9a-f]{{32}}(\.[a-z]+)?", name)
        is not None
    )


def move_to_opaque_name(storage: Storage, name: str, folder: str) -> str | None:
    """Copy a stored file to an opaque name; the old one goes once the transaction commits
    (a rolled-back migration leaves every row pointing at a file that is still there).

    None when the name is opaque already. A file that is missing gets a new name all the
    same: the row must not keep a tracking code, and it pointed at nothing before too.
    """
    if not name or is_opaque(name, folder):
        return None
    if not storage.exists(name):
        return opaque_name(folder, name)
    with storage.open(name, "rb") as old:
        ext = EXTENSIONS.get(sniff(old), ("",))[0]
        new = storage.save(opaque_name(folder, f"file{ext}"), old)
    transaction.on_commit(lambda: storage.delete(name))
    return new


def rename_stored_files(
    model: type[Model], field: str, folder: str, *, display_name: str = ""
) -> int:
    """Give every row's stored file of `model.field` an opaque name in `folder`; for a data
    migration (pass the historical model). `display_name`: a field to keep the old base
    name in, when it is empty, so a download is still called what the uploader called it."""
    storage = model._meta.get_field(field).storage  # type: ignore[union-attr]
    moved = 0
    for row in model._default_manager.exclude(**{field: ""}).iterator():
        old = getattr(row, field).name
        new = move_to_opaque_name(storage, old, folder)
        if new is None:
            continue
        changed = [field]
        setattr(row, field, new)
        if display_name and not getattr(row, display_name):
            setattr(row, display_name, PurePosixPath(old).name[-200:])
            changed.append(display_name)
        row.save(update_fields=changed)
        moved += 1
    return moved


# --- sending --------------------------------------------------------------------------


# Direction overrides can make "fdp.exe" read as "exe.pdf"; ZWNJ and ZWJ are Persian text.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _printable(ch: str) -> bool:
    if ch in _BIDI_CONTROLS:
        return False
    return unicodedata.category(ch) not in {"Cc", "Cs", "Co", "Cn"}


def download_name(name: str, content_type: str) -> str:
    """The name the reader's computer saves the file under: no path, no control characters,
    and an extension that matches the bytes (so a PDF named x.html is saved as x.html.pdf)."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if _printable(ch)).strip() or "file"
    ext = suffix(base)
    expected = EXTENSIONS.get(content_type)
    if expected and ext not in expected:
        base += expected[0]
    elif not expected and ext in ACTIVE_EXTENSIONS:
        base += ".bin"
    return base[-150:]


def content_disposition(disposition: str, name: str) -> str:
    # Old clients read only filename=, in ASCII; a Persian name becomes file.pdf there.
    ext = suffix(name)
    stem = name[: -len(ext)] if ext else name
    fallback = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    fallback = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in fallback)
    if not any(ch.isalnum() for ch in fallback):
        fallback = "file"
    fallback += "".join(ch for ch in ext if ch.isalnum() or ch == ".")
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def serve_file(
    request: HttpRequest,
    file: FieldFile,
    *,
    public: bool,
    name: str = "",
    inline: bool = False,
) -> HttpResponse:
    """Send a stored file the caller has already allowed this request to have.

    ``public``: anyone may have it (cached by browsers and proxies for an hour); otherwise
    ``private, no-store``. ``inline``: a photo may open in the browser (only if its bytes
    are a photo). ``name``: what the download is called.
    """
    if not file or not file.name:
        raise Http404(_("No such file."))
    try:
        with file.storage.open(file.name, "rb") as stream:
            content_type = sniff(stream)
        path = Path(file.path)
    except (FileNotFoundError, NotImplementedError):
        raise Http404(_("No such file.")) from None
    show = inline and content_type in INLINE_TYPES
    response = sendfile(request, str(path), attachment=not show, mimetype=content_type)
    response["Content-Disposition"] = content_disposition(
        "inline" if show else "attachment", download_name(name or file.name, content_type)
    )
    # The type says what the bytes are; a guessed "gzip" from a name must not change that.
    if "Content-Encoding" in response:
        del response["Content-Encoding"]
    if settings.SENDFILE_BACKEND != "django_sendfile.backends.simple" and (
        "Content-Length" in response
    ):
        del response["Content-Length"]  # the web server sends the bytes and counts them
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    if public:
        response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    else:
        response["Cache-Control"] = PRIVATE_CACHE
        response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
