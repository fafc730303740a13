"""What /healthz and `accord tasks` report: the database, the task queue and the task workers.

Each check is one small query, so a load balancer or a monitor may ask every few seconds. The
queue and the workers are checked only where tasks go through the database queue (not where
they run inline, as in the tests).
"""

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, Max, Min, Q
from django.tasks import task_backends
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from .models import WorkerHeartbeat


def uses_task_queue() -> bool:
    """Whether tasks wait in the database for a worker (rather than running inline)."""
    return any(isinstance(task_backends[alias], DatabaseBackend) for alias in settings.TASKS)


def stale_cutoff(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.ACCORD_WORKER_STALE_SECONDS)


def _seconds(since: datetime | None, now: datetime) -> float | None:
    return None if since is None else round(max((now - since).total_seconds(), 0.0), 1)


def database_check() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return {"ok": False, "problem": f"The database does not answer ({type(error).__name__})."}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def queue_check(now: datetime) -> dict:
    """How long the task that has waited longest to be run has waited."""
    limit = settings.ACCORD_HEALTH_QUEUE_SECONDS
    never = get_date_max()
    # A task to run as soon as possible waits from its enqueueing; a deferred one from its time.
    waiting = DBTaskResult.objects.ready().aggregate(
        enqueued=Min("enqueued_at", filter=Q(run_after=never)),
        due=Min("run_after", filter=~Q(run_after=never)),
    )
    oldest = min((t for t in waiting.values() if t is not None), default=None)
    age = _seconds(oldest, now)
    check = {"ok": age is None or age <= limit, "oldest_ready_seconds": age, "limit_seconds": limit}
    if not check["ok"]:
        check["problem"] = f"A task has waited {age:.0f} s to be run (more than {limit} s)."
    return check


def workers_check(now: datetime) -> dict:
    """How many workers have beaten recently, and how long ago the last beat was."""
    limit = settings.ACCORD_WORKER_STALE_SECONDS
    beats = WorkerHeartbeat.objects.aggregate(
        alive=Count("pk", filter=Q(beat_at__gte=stale_cutoff(now))), last=Max("beat_at")
    )
    check = {
        "ok": beats["alive"] > 0,
        "alive": beats["alive"],
        "last_beat_seconds": _seconds(beats["last"], now),
        "limit_seconds": limit,
    }
    if not check["ok"]:
        check["problem"] = f"No task worker has written a heartbeat in the last {limit} s."
    return check


def report() -> tuple[bool, dict]:
    """Whether Accord is healthy, and the checks that say so (the body of /healthz)."""
    checks = {"database": database_check()}
    if not uses_task_queue():
        checks["queue"] = checks["workers"] = {"ok": True, "inline": True}
    elif not checks["database"]["ok"]:
        unknown = {"ok": False, "problem": "Unknown while the database does not answer."}
        checks["queue"] = checks["workers"] = unknown
    else:
        now = timezone.now()
        try:
            checks["queue"] = queue_check(now)
            checks["workers"] = workers_check(now)
        except DatabaseError as error:
            failed = {"ok": False, "problem": f"Not read ({type(error).__name__})."}
            checks.setdefault("queue", failed)
            checks.setdefault("workers", failed)
    healthy = all(check["ok"] for check in checks.values())
    return healthy, {"status": "ok" if healthy else "failing", **checks}


# --- For `accord tasks`: who runs what, and what is stuck ---------------------------------------
@dataclass(frozen=True)
class HeldTask:
    """A task marked running, the worker holding it, and whether that worker still runs it."""

    task: DBTaskResult
    worker_id: str | None
    last_beat: datetime | None
    held: bool  # its worker beats and says it runs this task

    @property
    def stuck(self) -> bool:
        return not self.held


def held_tasks(now: datetime | None = None) -> list[HeldTask]:
    """Every task marked running; a stuck one goes back to the queue at a worker's next pass."""
    now = now or timezone.now()
    cutoff = stale_cutoff(now)
    beats = {beat.worker_id: beat for beat in WorkerHeartbeat.objects.all()}
    held = []
    for task in DBTaskResult.objects.running().order_by("started_at"):
        owner = task.worker_ids[-1] if task.worker_ids else None
        beat = beats.get(owner)
        alive = beat is not None and beat.beat_at >= cutoff
        held.append(
            HeldTask(
                task=task,
                worker_id=owner,
                last_beat=beat.beat_at if beat else None,
                held=alive and beat.task_id == task.pk,
            )
        )
    return held


def task_counts(now: datetime | None = None) -> dict[str, int]:
    """Tasks ready, running, and finished or failed in the last 24 hours."""
    since = (now or timezone.now()) - timedelta(days=1)
    return DBTaskResult.objects.aggregate(
        ready=Count("pk", filter=Q(status=TaskResultStatus.READY)),
        running=Count("pk", filter=Q(status=TaskResultStatus.RUNNING)),
        successful_24h=Count(
            "pk", filter=Q(status=TaskResultStatus.SUCCESSFUL, finished_at__gte=since)
        ),
        failed_24h=Count("pk", filter=Q(status=TaskResultStatus.FAILED, finished_at__gte=since)),
    )
