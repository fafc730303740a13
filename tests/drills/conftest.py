"""The drills run real worker processes against the test database, which they reach only when it
is a PostgreSQL server (SQLite's test database lives in this process's memory). They belong to
the PostgreSQL pass of `make test` and are not collected on SQLite."""

import os

import pytest

ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
collect_ignore_glob = [] if ON_POSTGRESQL else ["test_*.py"]


@pytest.fixture(autouse=True)
def queue(settings):
    """Tasks go to the database queue, which the worker processes run."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.ACCORD_WORKER_STALE_SECONDS = 3


@pytest.fixture
def start_worker(tmp_path):
    """Starts worker processes (`accord worker`) for the drill and stops them after it."""
    from .harness import WorkerProcess

    started: list[WorkerProcess] = []

    def start(name: str, smtp_port: int, database_port: int | None = None) -> WorkerProcess:
        worker = WorkerProcess(name, tmp_path, smtp_port, database_port)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
