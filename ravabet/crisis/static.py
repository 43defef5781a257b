"""Each municipality's crisis page as a static file, written on every publication.

The web server serves it when the application or its database is down (README, "The
crisis page that stays up"): one self-contained HTML file per municipality, Persian and
right to left, its CSS inline, no script, no font or image to fetch. It is written to a
temporary file in the same folder and renamed over the old one, so a reader never gets
half a page.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ravabet.network.models import Municipality

from .models import Statement

log = logging.getLogger(__name__)

LATEST = 30


def root() -> Path:
    return Path(settings.CRISIS_STATIC_ROOT)


def page_path(municipality: Municipality) -> Path:
    return root() / municipality.slug / "index.html"


def statements_for(municipality: Municipality) -> list[Statement]:
    return list(
        Statement.objects.public()
        .filter(incident__municipalities=municipality)
        .select_related("incident")
        .newest_first()[:LATEST]
    )


def page_html(municipality: Municipality) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "crisis/static_page.html",
            {
                "municipality": municipality,
                "statements": statements_for(municipality),
                "written_at": timezone.now(),
            },
        )


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".crisis-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_page(municipality: Municipality) -> Path:
    path = page_path(municipality)
    _write_atomically(path, page_html(municipality))
    return path


def write_pages(municipality_ids: Iterable[int]) -> list[Path]:
    """Run on commit of a publication; a disk fault is logged, the publication stands."""
    written = []
    for municipality in Municipality.objects.filter(pk__in=list(municipality_ids)):
        try:
            written.append(write_page(municipality))
        except OSError:
            log.exception("writing the crisis page of %s failed", municipality.slug)
    return written
