"""`accord remind`: send the leadership pillar's reminders (MOU expiry, signatures waiting).

Run it once a day from cron, for example at 07:00:

    0 7 * * *  cd /srv/accord && .venv/bin/accord remind

It enqueues the `send_reminders` background task, which a worker (`accord worker`) runs; the
reminders' e-mails are background tasks too. With `--now` it runs the reminders in this process
instead and prints what it sent (their e-mails still go through the task queue). Running it
more than once a day is harmless: each reminder is sent once (see accord/leadership/reminders.py).
"""

from django.core.management.base import BaseCommand

from accord.leadership import reminders
from accord.leadership.tasks import send_reminders


class Command(BaseCommand):
    help = (
        "Send due reminders (MOU expiry 60/30/7 days ahead, signatures waiting): enqueue the "
        "background task, or with --now run it here and list what was sent. For cron, daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Run the reminders in this process and print what was sent.",
        )

    def handle(self, *args, now: bool, **options):
        if not now:
            result = send_reminders.enqueue()
            self.stdout.write(
                f"Reminders queued (task {result.id}); a worker (`accord worker`) sends them."
            )
            return
        report = reminders.send_all()
        for notification in report.sent:
            user = notification.user
            self.stdout.write(
                f"  {notification.kind} to {user.get_username()}: {notification.title}"
            )
        counts = report.counts()
        total = sum(counts.values())
        if total:
            self.stdout.write(
                f"Sent {total} reminder{'s' if total != 1 else ''}: {counts['mou_expiry']} about "
                f"MOU expiry, {counts['signatures']} about signatures."
            )
            others = total - counts["mou_expiry"] - counts["signatures"]
            if others:
                self.stdout.write(f"Of them, {others} from the other pillars (input overdue...).")
        else:
            self.stdout.write("No reminders were due.")
