"""/healthz (a monitor's check) and /healthz/web (a load balancer's): the database, the age of
the oldest task ready to run, whether a task worker has written a heartbeat recently; 503 when
one of them fails, with the problem named, in JSON."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accord.core.worker import Identity
from tests import worker_tasks

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.ACCORD_WORKER_STALE_SECONDS = 60
    settings.ACCORD_HEALTH_QUEUE_SECONDS = 600


def beating(worker_id: str = "worker-a", seconds_ago: int = 0) -> None:
    Identity(worker_id=worker_id, hostname="h", pid=1, queues="default").register()
    from accord.core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(
        beat_at=timezone.now() - timedelta(seconds=seconds_ago)
    )


def test_with_tasks_run_inline_only_the_database_is_checked(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"]["ok"] is True
    assert body["queue"] == body["workers"] == {"ok": True, "inline": True}
    assert response["Cache-Control"].startswith("max-age=0")


def test_no_worker_beating_is_503_naming_the_problem(client, queue):
    beating("gone", seconds_ago=120)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["workers"]["ok"] is False and body["workers"]["alive"] == 0
    assert body["workers"]["last_beat_seconds"] >= 120
    assert body["workers"]["problem"] == (
        "No task worker has written a heartbeat in the last 60 s."
    )
    assert body["database"]["ok"] is True and body["queue"]["ok"] is True


def test_a_worker_beating_and_an_empty_queue_is_200_in_three_queries(client, queue):
    beating()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["workers"]["alive"] == 1 and body["workers"]["last_beat_seconds"] < 5
    assert body["queue"] == {"ok": True, "oldest_ready_seconds": None, "limit_seconds": 600}
    assert len(queries) == 3


def test_a_task_waiting_too_long_is_503(client, queue):
    beating()
    waiting = worker_tasks.add.enqueue(1, 2)
    DBTaskResult.objects.filter(pk=waiting.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=20)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    queue_check = response.json()["queue"]
    assert queue_check["ok"] is False and queue_check["oldest_ready_seconds"] >= 1200
    assert queue_check["problem"].startswith("A task has waited 1200 s to be run")


def test_a_task_deferred_to_later_is_not_waiting(client, queue):
    beating()
    later = timezone.now() + timedelta(hours=1)
    deferred = worker_tasks.add.using(run_after=later).enqueue(1, 2)
    DBTaskResult.objects.filter(pk=deferred.id).update(
        enqueued_at=timezone.now() - timedelta(hours=2)
    )
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["queue"]["oldest_ready_seconds"] is None


def test_the_load_balancer_check_asks_only_the_database(client, queue):
    beating("gone", seconds_ago=600)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz/web")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["database"]["ok"] is True
    assert len(queries) == 1


def test_a_database_that_refuses_connections_is_503_from_both(tmp_path):
    """A real process whose database address refuses: both checks answer 503, in JSON."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACCORD_", "DJANGO_"))}
    env |= {
        "DATABASE_URL": "postgres://accord@127.0.0.1:9/accord",  # nothing listens on port 9
        "ACCORD_VAR_DIR": str(tmp_path),
    }
    script = (
        "import json\n"
        "from django.test import Client\n"
        "client = Client()\n"
        "for path in ('/healthz', '/healthz/web'):\n"
        "    r = client.get(path)\n"
        "    print(json.dumps([r.status_code, r.json()]))\n"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    answers = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("[")]
    assert len(answers) == 2, done.stdout + done.stderr
    (status, body), (web_status, web_body) = answers
    assert status == 503 and body["status"] == "failing"
    assert body["database"] == {
        "ok": False,
        "problem": "The database does not answer (OperationalError).",
    }
    assert body["workers"]["ok"] is False and body["queue"]["ok"] is False
    assert web_status == 503 and web_body["database"]["ok"] is False
