"""`accord worker` (accord/core/worker.py): tasks run and recorded, a task whose worker stopped
taken back, a task the database failed under given back to the queue, and outcomes of a worker
that lost its task not written over the new run's.

These run the worker's steps in this process. Real worker processes, a database connection
ended under them and a worker killed mid-delivery are in tests/drills (PostgreSQL).
"""

import itertools
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accord.core.models import WorkerHeartbeat
from accord.core.worker import Backoff, Identity, Worker
from tests import worker_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def queue(settings):
    """Tasks go to the database queue, as in production (the other tests run them inline)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.ACCORD_WORKER_STALE_SECONDS = 60
    settings.ACCORD_TASK_MAX_ATTEMPTS = 3


def make_worker(worker_id: str = "worker-a", **options) -> Worker:
    identity = Identity(worker_id=worker_id, hostname="test-host", pid=4242, queues="default")
    values = {
        "queue_names": ["default"],
        "excluded_queue_names": [],
        "interval": 0,
        "batch": True,
        "backend_name": "default",
    }
    return Worker(identity=identity, **(values | options))


def row(result) -> DBTaskResult:
    return DBTaskResult.objects.get(pk=result.id)


def silent_since(worker_id: str, seconds: int) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(
        beat_at=timezone.now() - timedelta(seconds=seconds)
    )


def claimed_long_ago(worker: Worker, seconds: int = 120) -> DBTaskResult:
    """Let `worker` claim the next task, as if it had done so `seconds` ago."""
    worker.identity.register()
    task = worker.claim()
    DBTaskResult.objects.filter(pk=task.pk).update(
        started_at=timezone.now() - timedelta(seconds=seconds)
    )
    return task


class TestRunning:
    def test_a_task_runs_and_its_result_is_recorded(self):
        result = worker_tasks.add.enqueue(2, 3)
        worker = make_worker()
        assert worker.step() is True
        done = row(result)
        assert done.status == "SUCCESSFUL" and done.return_value == 5
        assert done.worker_ids == ["worker-a"]
        assert worker.step() is False  # nothing left

    def test_a_failing_task_is_failed_with_its_error(self):
        result = worker_tasks.fail.enqueue("no such partner")
        make_worker().step()
        failed = row(result)
        assert failed.status == "FAILED"
        assert failed.exception_class_path == "builtins.ValueError"
        assert "no such partner" in failed.traceback

    def test_the_heartbeat_names_the_task_while_it_runs_and_is_cleared_after(self):
        result = worker_tasks.add.enqueue(1, 1)
        worker = make_worker()
        worker.identity.register()
        task = worker.claim()
        assert WorkerHeartbeat.objects.get(worker_id="worker-a").task_id == task.pk
        worker.run_task(task)
        assert WorkerHeartbeat.objects.get(worker_id="worker-a").task_id is None
        assert row(result).status == "SUCCESSFUL"


class TestTakingBack:
    def test_a_task_held_by_a_silent_worker_goes_back_to_the_queue_and_runs(self):
        result = worker_tasks.add.enqueue(20, 22)
        claimed_long_ago(make_worker("killed"))
        silent_since("killed", 300)
        rescuer = make_worker("rescuer")
        rescuer.identity.register()
        assert rescuer.reclaim() == 1
        assert row(result).status == "READY"
        assert rescuer.step() is True
        done = row(result)
        assert done.status == "SUCCESSFUL" and done.return_value == 42
        assert done.worker_ids == ["killed", "rescuer"]

    def test_a_long_task_of_a_live_worker_is_left_alone(self):
        result = worker_tasks.add.enqueue(1, 2)
        claimed_long_ago(make_worker("busy"), seconds=3600)
        assert make_worker("other").reclaim() == 0
        assert row(result).status == "RUNNING"

    def test_a_worker_that_started_again_under_the_same_id_does_not_keep_its_old_task(self):
        result = worker_tasks.add.enqueue(1, 2)
        restarted = make_worker("host-1")
        claimed_long_ago(restarted)
        # The process was killed and started again with the same id: it beats, running nothing.
        restarted.identity.holds(None)
        assert make_worker("other").reclaim() == 1
        assert row(result).status == "READY"

    def test_a_task_just_claimed_is_not_taken_back_before_its_worker_could_beat(self):
        result = worker_tasks.add.enqueue(1, 2)
        worker = make_worker("new")
        worker.identity.register()
        worker.claim()
        silent_since("new", 300)
        assert make_worker("other").reclaim() == 0
        assert row(result).status == "RUNNING"

    def test_after_the_attempts_allowed_the_task_is_failed(self, settings):
        result = worker_tasks.add.enqueue(1, 2)
        for attempt in range(settings.ACCORD_TASK_MAX_ATTEMPTS):
            claimed_long_ago(make_worker(f"doomed-{attempt}"))
            silent_since(f"doomed-{attempt}", 300)
            make_worker("rescuer").reclaim()
        failed = row(result)
        assert failed.status == "FAILED"
        assert failed.exception_class_path == "accord.core.worker.WorkerLost"
        assert "stopped 3 times" in failed.traceback
        assert len(failed.worker_ids) == 3

    def test_an_outcome_is_not_written_over_the_run_that_took_the_task_back(self):
        result = worker_tasks.add.enqueue(2, 2)
        lost = make_worker("lost")
        task = claimed_long_ago(lost)
        silent_since("lost", 300)
        rescuer = make_worker("rescuer")
        rescuer.identity.register()
        rescuer.reclaim()
        again = rescuer.claim()
        # The silent worker comes back and finishes its copy: its outcome is not recorded.
        lost.run_task(task)
        assert row(result).status == "RUNNING"
        rescuer.run_task(again)
        assert row(result).status == "SUCCESSFUL"
        assert row(result).worker_ids == ["lost", "rescuer"]

    def test_heartbeats_silent_for_a_day_are_removed(self):
        make_worker("gone").identity.register()
        make_worker("here").identity.register()
        silent_since("gone", 2 * 24 * 3600)
        make_worker("here").reclaim()
        assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["here"]


@pytest.mark.django_db(transaction=True)
def test_a_batch_run_registers_then_removes_its_heartbeat():
    # A transactional test: run() drops its database connections at the end, as a worker does.
    results = [worker_tasks.add.enqueue(n, n) for n in range(3)]
    worker = make_worker()
    worker.run()
    assert [row(r).return_value for r in results] == [0, 2, 4]
    assert not WorkerHeartbeat.objects.exists()
    assert worker.tasks_run == 3


@pytest.mark.django_db(transaction=True)
def test_a_task_the_database_fails_under_goes_back_to_the_queue_then_fails(settings):
    settings.ACCORD_TASK_MAX_ATTEMPTS = 2
    result = worker_tasks.lose_the_database.enqueue()
    worker = make_worker()
    assert worker.step() is True
    again = row(result)
    assert again.status == "READY" and again.worker_ids == ["worker-a"]
    assert worker.step() is True
    failed = row(result)
    assert failed.status == "FAILED"
    assert failed.exception_class_path == "django.db.utils.OperationalError"
    assert failed.worker_ids == ["worker-a", "worker-a"]


def test_backoff_doubles_up_to_its_ceiling_and_starts_again_after_success():
    backoff = Backoff(first=0.5, most=30)
    pauses = [backoff.pause() for _ in range(10)]
    assert 0.375 <= pauses[0] <= 0.5
    assert all(later >= earlier * 1.4 for earlier, later in itertools.pairwise(pauses[:6]))
    assert max(pauses) <= 30 and pauses[-1] >= 22.5
    backoff.reset()
    assert backoff.pause() <= 0.5


def test_accord_tasks_shows_a_stuck_task_and_takes_it_back(capsys):
    result = worker_tasks.add.enqueue(1, 2)
    claimed_long_ago(make_worker("killed"))
    silent_since("killed", 300)
    call_command("tasks")
    shown = capsys.readouterr().out
    assert "killed" in shown and "SILENT" in shown
    assert f"running {result.id}" in shown and "STUCK" in shown
    call_command("tasks", "--take-back")
    shown = capsys.readouterr().out
    assert "Gave back 1 stuck task(s)." in shown
    assert "0 running" in shown
    assert row(result).status == "READY"
