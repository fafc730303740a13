"""Drills (issue 11, item 7), on PostgreSQL with real processes: `accord worker` keeps running
while its database connections are ended between and during tasks, and while its database
refuses connections or falls silent; a worker killed with SIGKILL mid-delivery is taken back by
another, and every recipient receives exactly one message over real SMTP.

Each drill starts its workers as processes of their own against the test database (a
transactional test, so they see what the test writes) and takes well under a minute.
"""

from collections import Counter

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from accord.core.models import WorkerHeartbeat
from accord.leadership.models import Announcement
from accord.leadership.tasks import send_reminders

from .harness import (
    DrillInbox,
    Proxy,
    SmtpServer,
    WorkerProcess,
    announce,
    audience,
    delivery_task,
    end_worker_connections,
    wait_until,
)

pytestmark = pytest.mark.django_db(transaction=True)
STARTUP = 60  # a process loads Django in a few seconds, more on a machine busy with other tests


@pytest.fixture(autouse=True)
def queue(settings):
    """Tasks go to the database queue, which the worker processes run."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.ACCORD_WORKER_STALE_SECONDS = 3


@pytest.fixture
def start_worker(tmp_path):
    started: list[WorkerProcess] = []

    def start(name: str, smtp_port: int, database_port: int | None = None) -> WorkerProcess:
        worker = WorkerProcess(name, tmp_path, smtp_port, database_port)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def beating(worker: WorkerProcess) -> None:
    wait_until(
        lambda: WorkerHeartbeat.objects.filter(worker_id=worker.name).exists(),
        STARTUP,
        f"{worker.name} writes its heartbeat",
        worker,
    )


def status_of(result) -> str:
    return DBTaskResult.objects.get(pk=result.id).status


def sent(announcement: Announcement) -> bool:
    return Announcement.objects.get(pk=announcement.pk).status == "sent"


def test_a_worker_killed_mid_delivery_is_taken_back_and_everyone_gets_one_message(
    start_worker,
):
    # The mail server holds its answer to the fifth message, which it already has: the worker
    # is killed at the worst moment, with the message delivered and its outcome not recorded.
    partnership, addresses = audience(12)
    with SmtpServer(DrillInbox(hold_at=5)) as smtp:
        found = announce(partnership)
        first = start_worker("drill-killed", smtp.port)
        wait_until(
            lambda: len(smtp.inbox.messages) >= 5, STARTUP, "five messages handed over", first
        )
        first.kill()
        smtp.inbox.release.set()
        assert delivery_task().status == "RUNNING"  # held by a dead worker
        second = start_worker("drill-rescuer", smtp.port)
        wait_until(lambda: sent(found), STARTUP, "the announcement is sent", second)
        assert smtp.inbox.per_address() == Counter(dict.fromkeys(addresses, 1))
        task = delivery_task()
        assert task.status == "SUCCESSFUL"
        assert task.worker_ids == ["drill-killed", "drill-rescuer"]
        # The fifth stays "handed over, not confirmed": it arrived, and was not sent again.
        statuses = Counter(found.deliveries.values_list("status", flat=True))
        assert statuses == Counter({"sent": 11, "sending": 1})
        assert "held by worker drill-killed, which is silent, goes back to the queue" in (
            second.output()
        )


def test_a_worker_keeps_running_while_its_database_connections_are_ended(start_worker):
    partnership, addresses = audience(20)
    with SmtpServer(DrillInbox(delay=0.15)) as smtp:
        worker = start_worker("drill-ended", smtp.port)
        beating(worker)
        # Between tasks: an idle worker's connections end, as in a database restart. An idle
        # worker holds a connection most, not all, of the time (it closes one that is too old
        # before each poll): the drill ends them once there is one to end.
        wait_until(lambda: end_worker_connections() >= 1, 10, "a connection ended", worker)
        reminders = send_reminders.enqueue()
        wait_until(
            lambda: status_of(reminders) == "SUCCESSFUL", 30, "the reminders task runs", worker
        )
        # During a task: the connections end twice while an announcement goes out.
        found = announce(partnership)
        wait_until(lambda: len(smtp.inbox.messages) >= 4, 30, "four messages out", worker)
        assert end_worker_connections() >= 1
        wait_until(lambda: len(smtp.inbox.messages) >= 10, 30, "ten messages out", worker)
        assert end_worker_connections() >= 1
        wait_until(lambda: sent(found), 45, "the announcement is sent", worker)
        assert worker.alive
        assert smtp.inbox.per_address() == Counter(dict.fromkeys(addresses, 1))
        delivery = delivery_task()
        assert delivery.status == "SUCCESSFUL" and set(delivery.worker_ids) == {"drill-ended"}
        log = worker.output()
        assert "The database failed" in log and "The database answers again" in log


def test_a_worker_waits_for_a_database_that_refuses_or_falls_silent(start_worker, client):
    proxy = Proxy(target_port=int(connection.settings_dict["PORT"] or 5432))
    proxy.open()
    try:
        with SmtpServer(DrillInbox()) as smtp:
            worker = start_worker("drill-refused", smtp.port, database_port=proxy.port)
            beating(worker)
            assert client.get("/healthz").status_code == 200
            # Refused: nothing listens where the worker's database was.
            proxy.refuse()
            first = send_reminders.enqueue()
            wait_until(
                lambda: client.get("/healthz").status_code == 503,
                15,
                "/healthz sees the worker silent",
                worker,
            )
            assert client.get("/healthz").json()["workers"]["alive"] == 0
            assert worker.alive and status_of(first) == "READY"
            proxy.open()
            wait_until(lambda: status_of(first) == "SUCCESSFUL", 45, "the task runs after", worker)
            wait_until(
                lambda: client.get("/healthz").status_code == 200, 15, "/healthz is well", worker
            )
            # Silent: connections stay open and nothing comes back.
            proxy.fall_silent()
            second = send_reminders.enqueue()
            wait_until(
                lambda: client.get("/healthz").status_code == 503,
                15,
                "/healthz sees the silent worker",
                worker,
            )
            assert worker.alive and status_of(second) == "READY"
            proxy.speak()
            wait_until(lambda: status_of(second) == "SUCCESSFUL", 45, "the task runs after", worker)
            assert "The database failed" in worker.output()
    finally:
        proxy.refuse()
