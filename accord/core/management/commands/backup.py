"""`accord backup [DIRECTORY]`: a consistent backup of the running Accord (accord/core/backups.py).

Writes `accord-backup-<UTC time>/` under DIRECTORY (default: var/backups): the database (SQLite's
online backup, or pg_dump -Fc on PostgreSQL), then the media files, then a manifest of hashes.
Safe while Accord runs. Keep ACCORD_SECRET_KEY with it: the key is part of a backup but not in it.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accord.core.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the media files, with a manifest of hashes, while Accord runs."

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            nargs="?",
            default=str(settings.VAR_DIR / "backups"),
            help="Where to write the backup (default: var/backups).",
        )

    def handle(self, *args, directory, **options):
        try:
            made = backup(Path(directory))
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = made.manifest
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables ({rows} rows) and "
            f"{len(manifest['media'])} media files to {made.path}"
        )
        self.stdout.write(
            "Keep ACCORD_SECRET_KEY with this backup: restoring needs the same key "
            f"(fingerprint {manifest['secret_key']['fingerprint'][:12]}…)."
        )
