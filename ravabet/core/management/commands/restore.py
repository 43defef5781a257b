"""`manage.py restore PATH`: the database and files of a `manage.py backup` archive.

Every byte is checked against the archive's manifest before anything is written. It
refuses a database that already holds tables, or a MEDIA_ROOT that holds files, unless
--force. Stop the web server and the worker first; run `manage.py migrate` after.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from ravabet.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    # Neither needs the site's checks to pass: a backup is most wanted when something is off.
    requires_system_checks: list[str] = []
    help = "Restore the database and MEDIA_ROOT from an archive made by `manage.py backup`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The archive to restore.")
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="The database to restore into."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that is not empty and write over files in MEDIA_ROOT.",
        )

    def handle(self, *args: Any, path: Path, database: str, force: bool, **options: Any) -> None:
        try:
            summary = restore_backup(path, database, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {summary.path}: {summary.vendor} database and {summary.files} files. "
                "Run `manage.py migrate` if this version of Ravabet is newer than the backup."
            )
        )
