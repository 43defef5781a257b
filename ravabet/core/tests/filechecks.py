"""Checks shared by the apps' test_trust_files.py: what a file response must and must not be."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any
from urllib.parse import quote

OPAQUE = r"[0-9a-f]{2}/[0-9a-f]{32}"


def body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content


def assert_refused(response: Any, *, anonymous: bool) -> None:
    """Anonymous: sent to the login page; anyone else without the right: a 404. No bytes."""
    if anonymous:
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith("/login/")
    else:
        assert response.status_code == 404, response.status_code
    assert b"%PDF" not in body(response) and b"PK\x03\x04" not in body(response)


def assert_served(
    response: Any,
    data: bytes,
    content_type: str,
    *,
    inline: bool = False,
    filename: str = "",
    public: bool = False,
) -> None:
    assert response.status_code == 200, response.status_code
    assert body(response) == data
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;" if inline else "attachment;"), disposition
    if filename:
        assert f"filename*=UTF-8''{quote(filename, safe='')}" in disposition, disposition
    if public:
        assert response["Cache-Control"].startswith("public, max-age="), response["Cache-Control"]
    else:
        assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]


def assert_opaque(name: str | None, folder: str, ext: str, *secrets: str) -> None:
    assert name and re.fullmatch(rf"{re.escape(folder)}/{OPAQUE}{re.escape(ext)}", name), name
    for secret in secrets:
        assert secret not in name, (secret, name)


PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        # A fixed date: two calls a second apart must give the same bytes (tests compare).
        for name, text in (
            ("[Content_Types].xml", "<Types/>"),
            ("word/document.xml", "<w:document/>"),
        ):
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text)
    return out.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 6), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()
