"""Database faults for the drills: a database that cannot be reached, and a connection lost
just after a transaction commits. Both are real failures of the database layer, not stand-ins
for Accord's own code: the first points Django at a database that is not there (connecting
fails), the second ends the server session on PostgreSQL (`pg_terminate_backend`) and, on SQLite,
whose connections live in this process, fails every statement after the commit."""

import contextlib
import copy
import socket

from django.db import OperationalError, connection, connections, transaction
from django.db.utils import load_backend


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once the socket is closed


@contextlib.contextmanager
def unreachable_database():
    """Within the block, this thread's default database cannot be connected to."""
    original = connections["default"]
    settings_dict = copy.deepcopy(original.settings_dict)
    if original.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-accord-directory/accord.sqlite3"
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    broken = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
    connections["default"] = broken
    try:
        yield
    finally:
        broken.close()
        connections["default"] = original


class LostAfterCommit:
    """An execute wrapper: once the first transaction a statement runs in has committed, the
    connection is gone, and every later statement fails as a lost connection does."""

    def __init__(self):
        self.armed = False
        self.lost = False

    def __call__(self, execute, sql, params, many, context):
        if self.lost and connection.vendor != "postgresql":
            raise OperationalError("server closed the connection unexpectedly (drill)")
        if not self.armed and context["connection"].in_atomic_block:
            self.armed = True
            transaction.on_commit(self.lose)
        return execute(sql, params, many, context)

    def lose(self):
        self.lost = True
        if connection.vendor == "postgresql":
            pid = connection.connection.info.backend_pid
            other = connections.create_connection("default")
            try:
                with other.cursor() as cursor:
                    cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            finally:
                other.close()


@contextlib.contextmanager
def connection_lost_after_commit():
    fault = LostAfterCommit()
    try:
        with connection.execute_wrapper(fault):
            yield fault
    finally:
        if fault.lost:
            connection.close()  # the next test reconnects
