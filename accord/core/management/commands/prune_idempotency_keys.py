"""`accord prune_idempotency_keys`: delete stored API answers older than ACCORD_IDEMPOTENCY_HOURS.

Run every night by accord-prune-tasks.timer, with the pruning of old task results. A key older
than that is no longer honoured anyway (a request with it runs afresh), so this only frees space.
"""

from django.core.management.base import BaseCommand

from accord.core.idempotency import prune


class Command(BaseCommand):
    help = (
        "Delete the stored answers of Idempotency-Key requests older than ACCORD_IDEMPOTENCY_HOURS."
    )

    def handle(self, *args, **options):
        deleted = prune()
        self.stdout.write(f"Deleted {deleted} idempotency record(s).")
