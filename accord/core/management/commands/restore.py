"""`accord restore BACKUP`: restore a backup made by `accord backup`, then check it.

Stop the web processes and the workers first. The backup's files are checked against their
hashes before anything is touched; after restoring, the row counts and checksums of every table,
the migrations, the media files, the secret key and every executed MOU's documents are checked.
Exits with status 1 when a check fails.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accord.core.backups import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `accord backup` over this database and media, and check it."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup's directory (accord-backup-…).")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, backup, interactive, **options):
        if interactive:
            answer = input(
                "This replaces Accord's database and media files with the backup's. Stop the web "
                "processes and the workers first. Type 'yes' to go on: "
            )
            if answer.strip() != "yes":
                raise CommandError("Nothing was restored.")
        try:
            report = restore(Path(backup))
        except BackupError as error:
            raise CommandError(str(error)) from error
        tables = report.manifest["tables"]
        self.stdout.write(
            f"Restored {len(tables)} tables ({sum(t['rows'] for t in tables.values())} rows) and "
            f"{len(report.manifest['media'])} media files from {backup}"
        )
        for note in report.notes:
            self.stdout.write(f"  {note}")
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(f"  PROBLEM: {problem}")
            raise CommandError(f"The restore check found {len(report.problems)} problem(s).")
        self.stdout.write(self.style.SUCCESS("Check passed: the restore matches the backup."))
