"""`accord digests send [--now]`: send the e-mail digests that are due (daily, from cron).

Without --now the task is queued for `accord worker`; with it, the digests are sent here and each
e-mail is listed. Either way each digest goes to each recipient once per period, however often it
runs (accord/reports/digests.py).
"""

from django.core.management.base import BaseCommand

from accord.reports import digests
from accord.reports.tasks_digests import send_digests


class Command(BaseCommand):
    help = "Send the e-mail digests that are due (each once per period). For cron, daily."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        send = actions.add_parser("send", help="Send the digests that are due.")
        send.add_argument(
            "--now", action="store_true", help="Send them in this process and list them."
        )

    def handle(self, *args, action, now: bool = False, **options):
        if not now:
            result = send_digests.enqueue()
            self.stdout.write(
                f"Digests queued (task {result.id}); a worker (`accord worker`) sends them."
            )
            return
        sent = digests.send_due()
        for item in sent:
            self.stdout.write(
                f"  “{item.digest.title}” to {item.user.get_username()} "
                f"for the period from {item.period_start:%Y-%m-%d}"
            )
        self.stdout.write(
            f"Sent {len(sent)} digest e-mail{'s' if len(sent) != 1 else ''}."
            if sent
            else "No digest was due: nothing sent."
        )
