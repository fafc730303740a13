"""Drills (issue 11, item 7), on PostgreSQL with real processes: `accord worker` keeps running
while its database connections are ended between and during tasks; a worker killed with SIGKILL
mid-delivery is taken back by another, and every recipient receives exactly one message over real
SMTP. A database that refuses connections or falls silent: tests/drills/test_worker_outage.py.

Each drill starts its workers as processes of their own against the test database (a
transactional test, so they see what the test writes) and takes well under a minute.
"""

from collections import Counter

import pytest

from accord.leadership.tasks import send_reminders

from .harness import (
    STARTUP,
    DrillInbox,
    SmtpServer,
    announce,
    audience,
    beating,
    delivery_task,
    end_worker_connections,
    sent,
    status_of,
    wait_until,
)

pytestmark = pytest.mark.django_db(transaction=True)


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
