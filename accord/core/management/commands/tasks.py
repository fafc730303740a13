"""`accord tasks`: the task workers, the queue, and any task that is stuck.

A task is stuck when it is marked running but the worker holding it has stopped writing its
heartbeat (killed, its machine gone). Any running `accord worker` gives such a task back to the
queue within ACCORD_WORKER_STALE_SECONDS; `--take-back` does it now, from here.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accord.core import health
from accord.core.models import WorkerHeartbeat
from accord.core.worker import Identity, Worker


def ago(moment, now) -> str:
    seconds = int((now - moment).total_seconds())
    if seconds < 120:
        return f"{seconds} s ago"
    if seconds < 7200:
        return f"{seconds // 60} min ago"
    return f"{seconds // 3600} h ago"


class Command(BaseCommand):
    help = "Show the task workers, the queue and stuck tasks; --take-back requeues stuck tasks."

    def add_arguments(self, parser):
        parser.add_argument(
            "--take-back",
            action="store_true",
            help="Give back to the queue (or fail, past the attempts allowed) every task held by "
            "a worker that is silent, as a running worker would.",
        )

    def handle(self, *args, take_back: bool, **options):
        if take_back:
            self.take_back()
        now = timezone.now()
        out = self.stdout
        stale = settings.ACCORD_WORKER_STALE_SECONDS
        out.write(f"Task workers (alive: a heartbeat in the last {stale} s):")
        beats = list(WorkerHeartbeat.objects.all())
        for beat in beats:
            state = "alive" if beat.beat_at >= health.stale_cutoff(now) else "SILENT"
            running = f", running {beat.task_id}" if beat.task_id else ""
            out.write(
                f"  {beat.worker_id}  pid {beat.pid} on {beat.hostname}, queues {beat.queues}: "
                f"{state}, beat {ago(beat.beat_at, now)}{running}"
            )
        if not beats:
            out.write("  none")
        counts = health.task_counts(now)
        oldest = health.queue_check(now)["oldest_ready_seconds"]
        waited = f" (the oldest has waited {oldest:.0f} s)" if oldest is not None else ""
        out.write(
            f"Tasks: {counts['ready']} ready{waited}, {counts['running']} running; in the last "
            f"24 hours {counts['successful_24h']} done, {counts['failed_24h']} failed."
        )
        for held in health.held_tasks(now):
            task = held.task
            state = (
                "held by its worker"
                if held.held
                else "STUCK: its worker is silent or runs something else; it goes back to the "
                "queue at a running worker's next pass"
            )
            out.write(
                f"  running {task.pk}  {task.task_path}  since {ago(task.started_at, now)}, "
                f"attempt {len(task.worker_ids)}, worker {held.worker_id}: {state}"
            )
        failed = DBTaskResult.objects.failed().order_by("-finished_at")[:10]
        for task in failed:
            out.write(
                f"  failed {task.pk}  {task.task_path}  {ago(task.finished_at, now)}: "
                f"{task.exception_class_path}"
            )

    def take_back(self) -> None:
        worker = Worker(
            identity=Identity(worker_id="accord-tasks", hostname="", pid=0, queues=""),
            queue_names=["*"],
            excluded_queue_names=[],
            interval=0,
            batch=True,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        )
        self.stdout.write(f"Gave back {worker.reclaim()} stuck task(s).")
