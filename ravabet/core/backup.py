"""One archive holding the database and the uploaded files, and its restore.

The archive is a plain tar: the database (SQLite's own backup of it, or `pg_dump
--format=custom`), every file under MEDIA_ROOT below `media/`, and `manifest.json` listing
each with its size and sha256. A restore checks every byte against the manifest in a
staging folder before it changes anything.

A plain copy of an SQLite file in WAL mode misses what is still in its `-wal` file; the
backup API reads the database as one consistent snapshot while others keep writing.
The database is read first and the files after, so every file a record names is there
(a file uploaded in between is only a harmless extra).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Said to the operator as it is: what is wrong and, where it helps, what to do."""


@dataclass(frozen=True)
class Summary:
    path: Path
    vendor: str
    files: int
    size: int


def make_backup(path: Path, alias: str = "default") -> Summary:
    """Write the archive at `path` (it must not exist yet); it appears whole or not at all."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists; give a new name (e.g. with the date in it).")
    connection = connections[alias]
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBER:
        raise BackupError(f"Backing up a {vendor} database is not supported.")
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".ravabet-backup-") as work:
        database = Path(work) / DATABASE_MEMBER[vendor]
        if vendor == "sqlite":
            _dump_sqlite(alias, database)
        else:
            _dump_postgresql(alias, database)
        partial = Path(work) / "archive.tar"
        entries = []
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            db_entry = _add(tar, database, database.name)
            for file, name in _media_files():
                try:
                    entries.append(_add(tar, file, name))
                except OSError as error:
                    raise BackupError(
                        f"{file} changed while it was being read ({error}); run the backup again."
                    ) from None
            manifest = {
                "format": FORMAT,
                "ravabet_version": _version(),
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "database": {"vendor": vendor, **db_entry},
                "migrations": _migrations(alias),
                "files": entries,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
            tar.addfile(info, _BytesReader(data))
        # Citizens' names and numbers are inside: for the owner's eyes only.
        partial.chmod(0o600)
        os.replace(partial, path)
    return Summary(path, vendor, len(entries), path.stat().st_size)


def restore_backup(path: Path, alias: str = "default", *, force: bool = False) -> Summary:
    """Put the archive's database and files in place, after checking every byte of it."""
    path = Path(path)
    connection = connections[alias]
    vendor = connection.vendor
    media_root = Path(settings.MEDIA_ROOT)
    with _open_archive(path) as tar:
        manifest = _read_manifest(tar, path)
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(
                f"This backup holds a {manifest['database']['vendor']} database; "
                f"the configured database is {vendor}."
            )
        if not force:
            if _database_has_tables(alias):
                raise BackupError(
                    "The configured database is not empty; restore into an empty one, "
                    "or pass --force to replace what it holds."
                )
            if media_root.is_dir() and any(p.is_file() for p in media_root.rglob("*")):
                raise BackupError(
                    f"MEDIA_ROOT ({media_root}) already holds files; restore into an empty "
                    "folder, or pass --force to write over them."
                )
        media_root.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".ravabet-restore-") as work:
            staged = _extract_checked(tar, manifest, Path(work), path)
            database = staged[manifest["database"]["name"]]
            if vendor == "sqlite":
                _load_sqlite(alias, database)
            else:
                _load_postgresql(alias, database, clean=force)
            files = [e["name"] for e in manifest["files"]]
            for name in files:
                target = media_root.joinpath(*PurePosixPath(name).parts[1:])
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged[name], target)
    return Summary(path, vendor, len(files), path.stat().st_size)


# --- the archive ---------------------------------------------------------------------------


def _open_archive(path: Path) -> tarfile.TarFile:
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    try:
        return tarfile.open(path, "r:")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{path} is not a readable backup archive ({error}).") from None


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.at + size
        chunk, self.at = self.data[self.at : end], min(end, len(self.data))
        return chunk


class _Hashing:
    """Reads exactly the size the tar header promised, hashing what it hands on."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file, self.sha256 = file, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.file.read(size)
        self.sha256.update(chunk)
        return chunk


def _add(tar: tarfile.TarFile, file: Path, name: str) -> dict[str, Any]:
    with file.open("rb") as source:
        info = tar.gettarinfo(fileobj=source, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _Hashing(source)
        # A file that shrank while being read would make the archive lie: tarfile refuses.
        tar.addfile(info, reader)
    return {"name": name, "size": info.size, "sha256": reader.sha256.hexdigest()}


def _media_files() -> Iterator[tuple[Path, str]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for file in sorted(root.rglob("*")):
        if file.is_file() and not file.is_symlink():
            yield file, str(PurePosixPath(MEDIA, *file.relative_to(root).parts))


def _read_manifest(tar: tarfile.TarFile, path: Path) -> dict[str, Any]:
    try:
        source = tar.extractfile(tar.getmember(MANIFEST))
        manifest: dict[str, Any] = json.load(source) if source else {}
    except KeyError:
        raise BackupError(
            f"{path} has no {MANIFEST}: it is damaged (cut short?) or not a Ravabet backup."
        ) from None
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{path} is damaged: {error}.") from None
    except ValueError:
        raise BackupError(f"{path} is damaged: its {MANIFEST} cannot be read.") from None
    try:
        if manifest["format"] != FORMAT:
            raise BackupError(
                f"{path} is in backup format {manifest['format']}; "
                f"this version of Ravabet reads format {FORMAT}."
            )
        vendor = manifest["database"]["vendor"]
        if manifest["database"]["name"] != DATABASE_MEMBER.get(vendor):
            raise BackupError(f"{path} is damaged: its manifest names no known database.")
        for entry in [manifest["database"], *manifest["files"]]:
            _check_name(entry["name"], path)
            if not isinstance(entry["size"], int) or not isinstance(entry["sha256"], str):
                raise TypeError(entry)
    except (KeyError, TypeError, ValueError):
        raise BackupError(f"{path} is damaged: its {MANIFEST} is incomplete.") from None
    return manifest


def _check_name(name: str, path: Path) -> None:
    parts = PurePosixPath(name).parts
    if name in DATABASE_MEMBER.values():
        return
    if len(parts) < 2 or parts[0] != MEDIA or ".." in parts or name.startswith("/"):
        raise BackupError(f"{path} is damaged: it names a file outside media/ ({name!r}).")


def _extract_checked(
    tar: tarfile.TarFile, manifest: dict[str, Any], work: Path, path: Path
) -> dict[str, Path]:
    """Every listed file, written below `work` and checked; anything else refuses the lot."""
    expected = {e["name"]: e for e in [manifest["database"], *manifest["files"]]}
    staged: dict[str, Path] = {}
    try:
        for member in tar:
            if member.name == MANIFEST:
                continue
            entry = expected.get(member.name)
            source = tar.extractfile(member) if member.isfile() else None
            if entry is None or source is None or member.name in staged:
                raise BackupError(f"{path} is damaged: {member.name!r} is not in its manifest.")
            target = work.joinpath(f"{len(staged):06d}")
            digest = hashlib.sha256()
            size = 0
            with target.open("wb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
                raise BackupError(f"{path} is damaged: {member.name} does not match its checksum.")
            staged[member.name] = target
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{path} is damaged: {error}.") from None
    missing = sorted(set(expected) - set(staged))
    if missing:
        raise BackupError(f"{path} is damaged: {len(missing)} files are missing ({missing[0]}).")
    return staged


def _version() -> str:
    with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def _migrations(alias: str) -> dict[str, str]:
    latest: dict[str, str] = {}
    recorder = MigrationRecorder(connections[alias])
    for app, name in sorted(recorder.applied_migrations()):
        latest[app] = max(latest.get(app, name), name)
    return latest


def _database_has_tables(alias: str) -> bool:
    connection = connections[alias]
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if not Path(name).exists() or Path(name).stat().st_size == 0:
            return False
    with connection.cursor() as cursor:
        return bool(connection.introspection.table_names(cursor))


# --- SQLite --------------------------------------------------------------------------------


def _dump_sqlite(alias: str, target: Path) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # In one step: the copy is one snapshot, however much sits in the -wal file.
        connection.connection.backup(destination)
    finally:
        destination.close()


def _regexp(pattern: str, value: object) -> bool:
    return value is not None and re.search(pattern, str(value)) is not None


def _load_sqlite(alias: str, staged: Path) -> None:
    source = sqlite3.connect(staged)
    # The schema's CHECK constraints call REGEXP, which Django adds to its own connections.
    source.create_function("REGEXP", 2, _regexp, deterministic=True)
    try:
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("The database in the backup fails SQLite's integrity check.")
        connection = connections[alias]
        connection.close()
        name = Path(str(connection.settings_dict["NAME"]))
        name.parent.mkdir(parents=True, exist_ok=True)
        destination = sqlite3.connect(name)
        try:
            # The backup API writes the target in one transaction: a restore cut short
            # leaves it as it was, and an existing target's own -wal file is respected.
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()


# --- PostgreSQL ----------------------------------------------------------------------------


def _postgres_env(alias: str) -> dict[str, str]:
    """libpq's environment for the configured database: no password on a command line."""
    config = connections[alias].settings_dict
    options = config.get("OPTIONS") or {}
    env = dict(os.environ)
    for variable, value in (
        ("PGHOST", config.get("HOST")),
        ("PGPORT", config.get("PORT")),
        ("PGUSER", config.get("USER")),
        ("PGPASSWORD", config.get("PASSWORD")),
        ("PGDATABASE", config.get("NAME")),
        ("PGSERVICE", options.get("service")),
        ("PGPASSFILE", options.get("passfile")),
        ("PGSSLMODE", options.get("sslmode")),
        ("PGSSLROOTCERT", options.get("sslrootcert")),
        ("PGSSLCERT", options.get("sslcert")),
        ("PGSSLKEY", options.get("sslkey")),
    ):
        if value:
            env[variable] = str(value)
    return env


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} was not found on PATH: install the PostgreSQL client of the server's "
            "version (Debian: postgresql-client)."
        )
    return found


def _run(args: list[str], alias: str) -> None:
    done = subprocess.run(  # noqa: S603  (a fixed program; the arguments are ours)
        args, env=_postgres_env(alias), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()}")


def _dump_postgresql(alias: str, target: Path) -> None:
    # pg_dump reads the whole database in one snapshot while the site keeps writing.
    _run([_program("pg_dump"), "--format=custom", f"--file={target}"], alias)


def _load_postgresql(alias: str, staged: Path, *, clean: bool) -> None:
    connections[alias].close()
    args = [_program("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
    args += ["--single-transaction"]
    if clean:
        args += ["--clean", "--if-exists"]
    # The database's name is no secret; user, host and password come from the environment.
    args += [f"--dbname={connections[alias].settings_dict['NAME']}", str(staged)]
    _run(args, alias)
