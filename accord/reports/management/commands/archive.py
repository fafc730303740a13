"""`accord archive export PARTNERSHIP_ID FILE` and `accord archive import FILE [--by USERNAME]`:
a whole partnership as one archive, and that archive imported as a new partnership
(accord/reports/archive.py)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accord.core.audit import acting_as
from accord.partnerships.models import Partnership
from accord.reports import archive


class Command(BaseCommand):
    help = "Export a partnership as one archive, or import an archive as a new partnership."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        out = actions.add_parser("export", help="Write a partnership's archive to FILE.")
        out.add_argument("partnership_id", type=int)
        out.add_argument("file")
        into = actions.add_parser("import", help="Import the archive FILE as a new partnership.")
        into.add_argument("file")
        into.add_argument("--by", help="The username the import is recorded for.")

    def handle(self, *args, action, file, **options):
        path = Path(file)
        if action == "export":
            partnership = Partnership.objects.filter(pk=options["partnership_id"]).first()
            if partnership is None:
                raise CommandError(f"There is no partnership {options['partnership_id']}.")
            path.write_bytes(archive.export(partnership))
            self.stdout.write(f"Wrote the archive of “{partnership.title}” to {path}")
            return
        by = None
        if options.get("by"):
            by = get_user_model().objects.filter(username=options["by"]).first()
            if by is None:
                raise CommandError(f"There is no user {options['by']}.")
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            with path.open("rb") as stream, acting_as(by):
                imported = archive.import_archive(stream, by=by)
        except archive.ArchiveRefused as refused:
            raise CommandError(" ".join(refused.messages)) from refused
        self.stdout.write(
            f"Imported “{imported.partnership.title}” (id {imported.partnership.pk}): "
            f"{sum(imported.rows.values())} records; directory records matched "
            f"{sum(imported.matched.values())}, added {sum(imported.created.values())}."
        )
