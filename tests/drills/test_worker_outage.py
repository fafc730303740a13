"""Drill (issue 11, item 7), on PostgreSQL with real processes: `accord worker` keeps running
while its database refuses connections or falls silent (through a proxy the drill controls),
/healthz reports the silent worker, and the tasks queued meanwhile run once the database answers.
"""

import pytest
from django.db import connection

from accord.leadership.tasks import send_reminders

from .harness import DrillInbox, Proxy, SmtpServer, beating, status_of, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


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
