"""`accord scorecard --all`: recompute every partnership's health scorecard in this process.

Run it once a day from cron: time alone moves an MOU toward its end and input past its
deadline, which no write announces.

    30 6 * * *  cd /srv/accord && .venv/bin/accord scorecard --all

`--partnership ID` (repeatable) recomputes only those. A snapshot is kept only where something
changed; running it twice is harmless.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from accord.evaluation.services import scorecard_recompute_all


class Command(BaseCommand):
    help = "Recompute the health scorecards: --all, or --partnership ID (repeatable)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Every partnership.")
        parser.add_argument(
            "--partnership", type=int, action="append", help="One partnership's id (repeatable)."
        )

    def handle(self, *args, all: bool, partnership, **options):
        if not all and not partnership:
            raise CommandError("Say which scorecards: --all, or --partnership ID.")
        started = time.perf_counter()
        computed, changed = scorecard_recompute_all(partnership_ids=None if all else partnership)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Computed {computed} scorecard{'s' if computed != 1 else ''} in {seconds:.1f} s; "
            f"{changed} changed."
        )
