"""Accord's task worker (`accord worker`): django-tasks-db's queue, run by a worker that survives
the database and leaves no task stuck.

django-tasks-db's own `db_worker` stops at the first database error and leaves a task it was
running marked "running" for ever if it is killed. This worker, built on the same queue:

- waits for a database that fails (restarted, refusing connections, silent) with pauses that grow
  from half a second to 30 seconds, then carries on where it was;
- writes a heartbeat (`WorkerHeartbeat.beat_at`) from a thread of its own every
  ACCORD_WORKER_HEARTBEAT_SECONDS, which /healthz and the other workers read;
- gives a task back to the queue when the database fails under it, and takes back a task held by
  a worker whose heartbeat has stopped for ACCORD_WORKER_STALE_SECONDS (killed, its machine gone);
  after ACCORD_TASK_MAX_ATTEMPTS tries such a task is marked failed instead.

A task may therefore run more than once: every Accord task is safe to run again (announcement
delivery records each message before handing it to the mail server, and skips what it recorded).
Only run `accord worker` against a queue: a plain `db_worker` writes no heartbeat, so the tasks it
holds would be taken back from it.
"""

import contextlib
import logging
import random
import signal
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from traceback import format_exception
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connections,
)
from django.utils import timezone
from django_tasks_db.compat import TaskContext, TaskResultStatus, task_finished, task_started
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from .models import WorkerHeartbeat

logger = logging.getLogger("accord.worker")

# What a database that is down, restarting or unreachable raises (Django wraps the driver's).
DATABASE_DOWN = (OperationalError, InterfaceError)
# Heartbeats of workers silent for this long are removed (they stay a day to be looked at).
FORGET_AFTER = timedelta(days=1)


class WorkerLost(Exception):
    """The worker running a task stopped (killed, its machine gone) too many times."""


def close_connections() -> None:
    """Drop this thread's database connections; a broken one may fail to close, which is fine."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DatabaseError:
            connection.connection = None


class Backoff:
    """Pauses between attempts to reach the database: 0.5 s, doubling up to 30 s, with jitter."""

    def __init__(self, first: float = 0.5, most: float = 30.0):
        self.first, self.most = first, most
        self.failures = 0

    def pause(self) -> float:
        delay = min(self.most, self.first * 2 ** min(self.failures, 16))
        self.failures += 1
        # Several workers that lost the database together do not all knock at once.
        return delay * random.uniform(0.75, 1.0)

    def reset(self) -> None:
        self.failures = 0


@dataclass(frozen=True)
class Identity:
    """Who a worker is, as its heartbeat row says."""

    worker_id: str
    hostname: str
    pid: int
    queues: str

    def register(self) -> None:
        """Write (or write again) this worker's heartbeat row, beating now."""
        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"beat_at": now},
            create_defaults={
                "hostname": self.hostname[:255],
                "pid": self.pid,
                "queues": self.queues[:255],
                "started_at": now,
                "beat_at": now,
            },
        )

    def beat(self) -> None:
        if not WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(
            beat_at=timezone.now()
        ):
            self.register()  # the row was removed (pruned, or by an administrator)

    def holds(self, task_id) -> None:
        """Say which task the worker runs now (None: none)."""
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(task_id=task_id)

    def forget(self) -> None:
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()


class Heartbeat(threading.Thread):
    """Beats every `every` seconds on a database connection of its own, even during a long task."""

    def __init__(self, identity: Identity, every: float):
        super().__init__(name=f"heartbeat {identity.worker_id}", daemon=True)
        self.identity, self.every = identity, every
        self.stopping = threading.Event()

    def run(self) -> None:
        failing = False
        try:
            while not self.stopping.wait(self.every):
                try:
                    self.identity.beat()
                except Exception as error:  # nothing may end the heartbeat while the worker runs
                    if not failing:
                        logger.warning("The heartbeat was not written: %s", error)
                    failing = True
                    close_connections()
                else:
                    if failing:
                        logger.info("The heartbeat is written again.")
                    failing = False
        finally:
            close_connections()

    def stop(self) -> None:
        self.stopping.set()


@dataclass
class Outcome:
    """How running a task ended: "successful", "failed", or "again" (back to the queue)."""

    kind: str
    value: Any = None
    error: BaseException | None = None


class Worker:
    """Claims ready tasks one at a time and runs them, until stopped (see the module's text)."""

    def __init__(
        self,
        *,
        identity: Identity,
        queue_names: list[str],
        excluded_queue_names: list[str],
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool = False,
        max_tasks: int | None = None,
    ):
        self.identity = identity
        self.worker_id = identity.worker_id
        self.queue_names = queue_names
        self.excluded_queue_names = excluded_queue_names
        self.interval = interval
        self.batch = batch
        self.backend_name = backend_name
        self.startup_delay = startup_delay
        self.max_tasks = max_tasks
        self.heartbeat_every = settings.ACCORD_WORKER_HEARTBEAT_SECONDS
        self.stale_after = timedelta(seconds=settings.ACCORD_WORKER_STALE_SECONDS)
        self.max_attempts = settings.ACCORD_TASK_MAX_ATTEMPTS
        self.running = True
        self.running_task = False
        self.tasks_run = 0
        self.registered = False
        self.next_reclaim = 0.0
        self.backoff = Backoff()
        self.down_since: float | None = None

    # --- Stopping: the first signal stops after the task, the second at once -------------------
    def configure_signals(self) -> None:
        for name in ("SIGINT", "SIGTERM", "SIGQUIT"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), self.shutdown)

    def shutdown(self, signum, frame) -> None:
        name = signal.strsignal(signum)
        if not self.running:
            logger.warning("Received %s again: stopping now, the task back in the queue.", name)
            raise SystemExit(1)
        logger.warning("Received %s: stopping after the current task (again: stop now).", name)
        self.running = False
        if not self.running_task:
            raise SystemExit(0)

    # --- The loop --------------------------------------------------------------------------------
    def run(self) -> None:
        logger.info("Starting worker %s on queues %s", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # workers started together spread out
        heartbeat = Heartbeat(self.identity, self.heartbeat_every)
        heartbeat.start()
        try:
            while self.running:
                try:
                    close_old_connections()  # one dropped while the worker waited
                    worked = self.step()
                except DATABASE_DOWN as error:
                    if not is_locked_database_exception(error):
                        self.database_failed(error)
                        continue
                    worked = False  # SQLite busy with another writer: try again shortly
                else:
                    self.database_answered()
                if self.batch and not worked:
                    logger.info("No more tasks for worker %s: stopping.", self.worker_id)
                    return
                if self.max_tasks is not None and self.tasks_run >= self.max_tasks:
                    logger.info("Worker %s ran %d tasks: stopping.", self.worker_id, self.tasks_run)
                    return
                if self.running and not worked:
                    time.sleep(self.interval)
        finally:
            heartbeat.stop()
            self.unregister()

    def step(self) -> bool:
        """Take back what stopped workers held, then claim and run one task; False if none."""
        if not self.registered:
            self.identity.register()
            self.registered = True
        if time.monotonic() >= self.next_reclaim:
            self.reclaim()
            self.next_reclaim = time.monotonic() + self.heartbeat_every
        task = self.claim()
        if task is None:
            return False
        self.run_task(task)
        return True

    def database_failed(self, error: BaseException) -> None:
        """Wait for the database, a little longer at each failure in a row."""
        if self.down_since is None:
            self.down_since = time.monotonic()
            logger.error("The database failed (%s); waiting for it, then carrying on.", error)
        close_connections()
        self.registered = False
        pause = self.backoff.pause()
        logger.info("Trying the database again in %.1f s.", pause)
        time.sleep(pause)

    def database_answered(self) -> None:
        if self.down_since is not None:
            logger.warning(
                "The database answers again after %.1f s; carrying on.",
                time.monotonic() - self.down_since,
            )
            self.down_since = None
        self.backoff.reset()

    def unregister(self) -> None:
        # If the database is down the heartbeat simply stops; it is removed a day later.
        with contextlib.suppress(DatabaseError):
            self.identity.forget()
        close_connections()

    # --- Claiming and running ----------------------------------------------------------------
    def ready_tasks(self):
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if "*" not in self.queue_names:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        return tasks

    def claim(self) -> DBTaskResult | None:
        """Mark the next ready task as this worker's, in the same transaction as its heartbeat."""
        tasks = self.ready_tasks()
        with exclusive_transaction(tasks.db):
            task = tasks.get_locked()
            if task is not None:
                task.claim(self.worker_id)
                self.identity.holds(task.id)
        return task

    def run_task(self, task: DBTaskResult) -> None:
        self.running_task = True
        try:
            outcome = self.execute(task)
            self.record(task, outcome)
        finally:
            self.running_task = False
            self.tasks_run += 1
        if isinstance(outcome.error, SystemExit | KeyboardInterrupt):
            raise outcome.error

    def execute(self, task: DBTaskResult) -> Outcome:
        try:
            definition = task.task
            result = task.task_result
            task_started.send(sender=type(definition.get_backend()), task_result=result)
            args = (
                (TaskContext(task_result=result), *result.args)
                if definition.takes_context
                else result.args
            )
            value = definition.call(*args, **result.kwargs)
        except DATABASE_DOWN as error:
            # Not the task's fault: it runs again once the database answers.
            return Outcome("again", error=error)
        except (SystemExit, KeyboardInterrupt) as error:
            return Outcome("again", error=error)
        except Exception as error:
            return Outcome("failed", error=error)
        return Outcome("successful", value=value)

    def record(self, task: DBTaskResult, outcome: Outcome) -> None:
        """Write how the task ended, waiting for the database as long as it takes."""
        while True:
            try:
                updated, finished = self.write_outcome(task, outcome)
                break
            except DATABASE_DOWN as error:
                self.database_failed(error)
        try:
            self.after(task, updated, finished=finished)
        except DATABASE_DOWN as error:  # only the heartbeat's note and the signal are missed
            logger.warning("Task %s is recorded; what follows was not: %s", task.pk, error)
            close_connections()

    def write_outcome(self, task: DBTaskResult, outcome: Outcome) -> tuple[int, bool]:
        """Write the outcome if the task is still this run's; (rows written, whether it ended)."""
        # The claim's start time is its token: a task taken back and claimed again has another,
        # so a worker that lost its task (silent too long) does not overwrite the new run's.
        mine = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        )
        now = timezone.now()
        if outcome.kind == "again":
            attempts = len(task.worker_ids)
            if attempts < self.max_attempts:
                updated = mine.update(status=TaskResultStatus.READY, started_at=None)
                logger.warning(
                    "Task %s (%s) goes back to the queue after attempt %d of %d: %s",
                    task.pk,
                    task.task_path,
                    attempts,
                    self.max_attempts,
                    outcome.error,
                )
                return updated, False
            outcome = Outcome("failed", error=outcome.error)
        if outcome.kind == "successful":
            try:
                updated = mine.update(
                    status=TaskResultStatus.SUCCESSFUL,
                    finished_at=now,
                    return_value=outcome.value,
                    exception_class_path="",
                    traceback="",
                )
            except (TypeError, ValueError) as error:  # a return value that is not JSON
                outcome = Outcome("failed", error=error)
            else:
                return updated, True
        updated = mine.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            return_value=None,
            exception_class_path=failure_class(outcome.error),
            traceback="".join(format_exception(outcome.error)),
        )
        return updated, True

    def after(self, task: DBTaskResult, updated: int, *, finished: bool = True) -> None:
        self.identity.holds(None)
        if not updated:
            logger.warning(
                "Task %s was taken back (its worker silent too long) or removed while this "
                "worker ran it; what this run did is not recorded.",
                task.pk,
            )
            return
        if finished:
            self.announce_finished(task)

    def announce_finished(self, task: DBTaskResult) -> None:
        row = DBTaskResult.objects.get(pk=task.pk)
        try:
            result = row.task_result
            sender = type(row.task.get_backend())
        except (ImportError, SuspiciousOperation):
            logger.exception("Task %s failed: its code cannot be found", task.pk)
            return
        task_finished.send(sender=sender, task_result=result)

    # --- Taking back what stopped workers held ---------------------------------------------------
    def reclaim(self) -> int:
        """Give back to the queue each task held by a worker that is gone; how many."""
        now = timezone.now()
        cutoff = now - self.stale_after
        taken = 0
        with exclusive_transaction(DBTaskResult.objects.db):
            held = list(
                DBTaskResult.objects.running()
                .filter(backend_name=self.backend_name, started_at__lt=cutoff)
                .select_for_update(skip_locked=True)
            )
            if held:
                alive = dict(
                    WorkerHeartbeat.objects.filter(beat_at__gte=cutoff).values_list(
                        "worker_id", "task_id"
                    )
                )
                for task in held:
                    owner = task.worker_ids[-1] if task.worker_ids else None
                    if owner in alive and alive[owner] == task.pk:
                        continue  # a long task of a live worker
                    self.take_back(task, owner, now)
                    taken += 1
        WorkerHeartbeat.objects.filter(beat_at__lt=now - FORGET_AFTER).delete()
        return taken

    def take_back(self, task: DBTaskResult, owner: str | None, now) -> None:
        attempts = len(task.worker_ids)
        rows = DBTaskResult.objects.filter(pk=task.pk)
        if attempts < self.max_attempts:
            rows.update(status=TaskResultStatus.READY, started_at=None)
            logger.warning(
                "Task %s (%s) held by worker %s, which is silent, goes back to the queue "
                "(attempt %d of %d).",
                task.pk,
                task.task_path,
                owner,
                attempts,
                self.max_attempts,
            )
            return
        message = (
            f"The worker running this task stopped {attempts} times "
            f"(workers: {', '.join(task.worker_ids)}); it is not tried again."
        )
        rows.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            return_value=None,
            exception_class_path=failure_class(WorkerLost()),
            traceback=message,
        )
        logger.error("Task %s (%s) failed: %s", task.pk, task.task_path, message)


def failure_class(error: BaseException | None) -> str:
    kind = type(error) if error is not None else WorkerLost
    return f"{kind.__module__}.{kind.__qualname__}"
