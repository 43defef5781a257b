"""`manage.py backup PATH`: the database and every uploaded file in one archive.

Safe while the site runs: the database is read as one snapshot (SQLite's backup API,
`pg_dump` on PostgreSQL). `manage.py restore PATH` puts it back.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from ravabet.core.backup import BackupError, make_backup


class Command(BaseCommand):
    # Neither needs the site's checks to pass: a backup is most wanted when something is off.
    requires_system_checks: list[str] = []
    help = "Write one archive (tar) of the database and MEDIA_ROOT, with a manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The archive to write; it must not exist.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to back up.")

    def handle(self, *args: Any, path: Path, database: str, **options: Any) -> None:
        try:
            summary = make_backup(path, database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {summary.path} ({summary.vendor} database, "
                f"{summary.files} files, {summary.size} bytes)."
            )
        )
