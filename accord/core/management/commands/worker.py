"""`accord worker`: run the background tasks (e-mail, reminders, announcement delivery).

Start one or more, anywhere the database is reachable, under a supervisor that starts them again
(`make run` does; deploy/systemd/accord-worker@.service in production). Each survives the
database failing, writes a heartbeat that /healthz reads, and takes back the tasks of workers
that stopped; see accord/core/worker.py and docs/operations.md.
"""

import logging
import os
import socket

from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string
from django_tasks_db.compat import (
    DEFAULT_TASK_BACKEND_ALIAS,
    DEFAULT_TASK_QUEUE_NAME,
    TASKS_LOGGER,
)
from django_tasks_db.management.commands.db_worker import (
    valid_backend_name,
    valid_interval,
    valid_max_tasks,
    validate_worker_id,
)

from accord.core.worker import Identity, Worker

LOGGERS = ("accord.worker", "django_tasks_db", TASKS_LOGGER)


def show_logs(verbosity: int, stream) -> None:
    """The worker's own log, with times, on standard output (systemd's journal, worker.log)."""
    level = {0: logging.CRITICAL, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.addHandler(handler)
        logger.propagate = False


def default_worker_id() -> str:
    """Host, process and a random part: unique, and says where to look."""
    host = socket.gethostname().split(".")[0][:40]
    return f"{host}-{os.getpid()}-{get_random_string(6)}"


class Command(BaseCommand):
    help = (
        "Run background tasks from the database queue, surviving database failures; writes a "
        "heartbeat and takes back the tasks of workers that stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue-name",
            default=DEFAULT_TASK_QUEUE_NAME,
            help="Queues to run, separated by commas; '*' for all (default: %(default)s).",
        )
        parser.add_argument(
            "--exclude-queues",
            default="",
            help="Queues to leave out, separated by commas (with --queue-name='*').",
        )
        parser.add_argument(
            "--interval",
            default=1.0,
            type=valid_interval,
            help="Seconds an idle worker waits before looking for tasks again (default: 1).",
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run the tasks that are ready, then stop."
        )
        parser.add_argument(
            "--max-tasks",
            default=None,
            type=valid_max_tasks,
            help="Stop after running this many tasks.",
        )
        parser.add_argument(
            "--backend",
            default=DEFAULT_TASK_BACKEND_ALIAS,
            type=valid_backend_name,
            dest="backend_name",
            help="The task backend whose queue to run (default: %(default)s).",
        )
        parser.add_argument(
            "--worker-id",
            default=None,
            type=validate_worker_id,
            help="This worker's id, unique among the workers (default: host-pid-random).",
        )
        parser.add_argument(
            "--no-startup-delay",
            action="store_false",
            dest="startup_delay",
            help="Start at once, without the short random wait that spreads workers out.",
        )

    def handle(self, *args, **options):
        show_logs(options["verbosity"], self.stdout)
        queue_names = options["queue_name"].split(",")
        excluded = [name for name in options["exclude_queues"].split(",") if name]
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name='*'.")
        identity = Identity(
            worker_id=options["worker_id"] or default_worker_id(),
            hostname=socket.gethostname(),
            pid=os.getpid(),
            queues=options["queue_name"],
        )
        worker = Worker(
            identity=identity,
            queue_names=queue_names,
            excluded_queue_names=excluded,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
        )
        worker.configure_signals()
        worker.run()
