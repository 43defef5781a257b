"""Issue 9, part 8: a backup restores, every record and every file.

`manage.py backup` runs, as the operator runs it, while another connection keeps writing;
`manage.py restore` puts the archive into an empty place: a new SQLite file, or a new
PostgreSQL database made by the test and dropped after. On SQLite the source is a real file
in WAL mode (the suite's own database lives in memory): the writer's rows stay in the
`-wal` file, where a plain copy of the database file loses them.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from PIL import Image

from ravabet.network.models import Municipality
from ravabet.voice.actions import Submission, submit_message
from ravabet.voice.models import Category, Message

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass(frozen=True)
class Place:
    """A database the commands are pointed at: an SQLite file or a PostgreSQL database."""

    vendor: str
    name: str

    @property
    def url(self) -> str:
        if self.vendor == "sqlite":
            return f"sqlite:///{self.name}"
        config = connections["default"].settings_dict
        user = quote(config["USER"] or "")
        password = f":{quote(config['PASSWORD'])}" if config["PASSWORD"] else ""
        return (
            f"postgres://{user}{password}@{config['HOST'] or 'localhost'}:"
            f"{config['PORT'] or 5432}/{self.name}"
        )

    def connect(self) -> Any:
        if self.vendor == "sqlite":
            return sqlite3.connect(self.name, isolation_level=None)
        return _postgres(self.name)

    def rows(self) -> dict[str, list[Any]]:
        """Every model's primary keys, as this database holds them."""
        found = {}
        with closing(self.connect()) as db:
            for model in apps.get_models():
                if model._meta.managed and not model._meta.proxy:
                    table, pk = model._meta.db_table, model._meta.pk.column
                    query = f'SELECT "{pk}" FROM "{table}" ORDER BY 1'  # noqa: S608  (our names)
                    found[model._meta.label] = [row[0] for row in db.execute(query).fetchall()]
        return found

    def tables(self) -> int:
        if self.vendor == "sqlite":
            if not Path(self.name).exists():
                return 0
            query = "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        else:
            query = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        with closing(self.connect()) as db:
            return int(db.execute(query).fetchone()[0])


def _vendor() -> str:
    return connections["default"].vendor


def _postgres(name: str) -> psycopg.Connection[Any]:
    config = connections["default"].settings_dict
    return psycopg.connect(
        dbname=name,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        autocommit=True,
    )


def _manage(place: Place, media_root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": place.url, "RAVABET_MEDIA_ROOT": str(media_root)}
    return subprocess.run(  # noqa: S603  (this interpreter, this project's manage.py)
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@contextmanager
def _source(tmp_path: Path) -> Iterator[Place]:
    """The database to back up, holding the test's records (committed: transaction=True)."""
    if _vendor() == "postgresql":
        yield Place("postgresql", connections["default"].settings_dict["NAME"])
        return
    path = tmp_path / "source.sqlite3"
    with connections["default"].cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(path)])
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode=WAL")
    yield Place("sqlite", str(path))


@contextmanager
def _empty_place(tmp_path: Path) -> Iterator[Place]:
    if _vendor() == "sqlite":
        yield Place("sqlite", str(tmp_path / "restored.sqlite3"))
        return
    name = f"{connections['default'].settings_dict['NAME']}_restored"
    with closing(_postgres("postgres")) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Place("postgresql", name)
    finally:
        with closing(_postgres("postgres")) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(autouse=True)
def _client_matches_server() -> None:
    if _vendor() != "postgresql":
        return
    found = shutil.which("pg_dump")
    assert found, "pg_dump is missing: install postgresql-client"
    version = subprocess.run(  # noqa: S603  (pg_dump found on PATH)
        [found, "--version"], capture_output=True, text=True, check=True
    )
    client = int(re.findall(r"(\d+)\.", version.stdout)[0])
    server = connections["default"].pg_version // 10000  # type: ignore[attr-defined]
    if client != server:
        pytest.skip(f"pg_dump {client} on PATH cannot back up this PostgreSQL {server} server")


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT  # type: ignore[no-any-return]


def _jpeg(colour: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, format="JPEG")
    return SimpleUploadedFile(f"{colour}.jpg", buffer.getvalue(), "image/jpeg")


def _records(rudsar: Municipality) -> int:
    category = Category.objects.get(municipality=rudsar, code="cleaning-waste")
    for i, colour in enumerate(("green", "red", "blue")):
        submission = Submission(
            kind="complaint", category=category, text=f"زباله‌های کوچه {i} جمع نشده", consent=True
        )
        submit_message(rudsar, submission, photos=[_jpeg(colour)])
    default_storage.save("meetings/minutes.pdf", ContentFile(b"%PDF-1.4 minutes"))
    message = Message.objects.first()
    assert message is not None
    return message.pk


def _files(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


class _Writer(threading.Thread):
    """Writes a row every moment, each in its own commit, on a connection of its own."""

    def __init__(self, place: Place, message_id: int) -> None:
        super().__init__(daemon=True)
        self.place, self.message_id = place, message_id
        self.stop, self.written = threading.Event(), 0

    def run(self) -> None:
        mark = "?" if self.place.vendor == "sqlite" else "%s"
        insert = (
            "INSERT INTO voice_accesslog (message_id, viewed_at) "  # noqa: S608  (no input)
            f"VALUES ({mark}, CURRENT_TIMESTAMP)"
        )
        with closing(self.place.connect()) as db:
            if self.place.vendor == "sqlite":
                db.execute("PRAGMA busy_timeout=5000")
                # Nothing moves to the main file: the writer's rows all stay in the -wal.
                db.execute("PRAGMA wal_autocheckpoint=0")
            while not self.stop.is_set():
                db.execute(insert, [self.message_id])
                self.written += 1
                self.stop.wait(0.002)


def test_a_backup_made_while_writing_restores_every_record_and_file(
    rudsar, rudsar_head, media, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    message_id = _records(rudsar)
    archive = tmp_path / "backups" / "ravabet.tar"
    with _source(tmp_path) as source:
        writer = _Writer(source, message_id)
        writer.start()
        while writer.written < 30 and writer.is_alive():
            writer.stop.wait(0.01)
        before = len(source.rows()["voice.AccessLog"])
        if source.vendor == "sqlite":
            # What the issue saw: a copy of the file alone misses what sits in its -wal.
            plain = Place("sqlite", str(tmp_path / "plain.sqlite3"))
            shutil.copyfile(source.name, plain.name)
            assert len(plain.rows()["voice.AccessLog"]) < before
        made = _manage(source, media, "backup", str(archive))
        writer.stop.set()
        writer.join(10)
        assert made.returncode == 0, made.stderr
        assert "Backup written" in made.stdout
        assert writer.written > 30
        source_rows, source_files = source.rows(), _files(media)

    restored_media = tmp_path / "restored-media"
    with _empty_place(tmp_path) as restored:
        done = _manage(restored, restored_media, "restore", str(archive))
        assert done.returncode == 0, done.stderr
        restored_rows = restored.rows()
        # Refused over what it has just written, unless forced.
        again = _manage(restored, restored_media, "restore", str(archive))
        assert again.returncode == 1
        assert "The configured database is not empty" in again.stderr
        forced = _manage(restored, restored_media, "restore", "--force", str(archive))
        assert forced.returncode == 0, forced.stderr
        assert restored.rows() == restored_rows

    logs = restored_rows.pop("voice.AccessLog")
    source_logs = source_rows.pop("voice.AccessLog")
    assert restored_rows == source_rows
    assert len(restored_rows["voice.Photo"]) == 3
    assert sum(map(len, restored_rows.values())) > 50
    # One moment of the database: every row written before the backup began, and of those
    # written during it an unbroken run; never a later row without the one before.
    assert len(logs) >= before
    assert logs == source_logs[: len(logs)]
    assert _files(restored_media) == source_files
    assert len(source_files) == 4


def test_a_damaged_archive_is_refused_and_changes_nothing(rudsar, media, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _records(rudsar)
    archive = tmp_path / "ravabet.tar"
    with _source(tmp_path) as source:
        assert _manage(source, media, "backup", str(archive)).returncode == 0
        twice = _manage(source, media, "backup", str(archive))
        assert twice.returncode == 1
        assert "already exists" in twice.stderr

    with tarfile.open(archive) as tar:
        photo = next(m for m in tar.getmembers() if m.name.startswith("media/voice/"))
    data = bytearray(archive.read_bytes())
    data[photo.offset_data + 10] ^= 0xFF
    flipped = tmp_path / "flipped.tar"
    flipped.write_bytes(data)
    cut = tmp_path / "cut.tar"
    cut.write_bytes(archive.read_bytes()[: len(data) // 2])
    not_tar = tmp_path / "notes.tar"
    not_tar.write_bytes(b"these are not the backups you are looking for\n" * 20)

    restored_media = tmp_path / "restored-media"
    with _empty_place(tmp_path) as restored:
        for bad, said in (
            (flipped, f"{photo.name} does not match its checksum"),
            (cut, "damaged"),
            (not_tar, "not a readable backup archive"),
            (tmp_path / "missing.tar", "does not exist"),
        ):
            refused = _manage(restored, restored_media, "restore", str(bad))
            assert refused.returncode == 1, bad
            assert said in refused.stderr
            assert "Traceback" not in refused.stderr
            assert restored.tables() == 0
            assert not restored_media.exists() or not _files(restored_media)
            assert not list(tmp_path.glob(".ravabet-restore-*"))
