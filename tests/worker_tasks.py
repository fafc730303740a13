"""Tasks that the worker tests queue (importable by path, as the queue stores them)."""

from django.db import connection
from django.tasks import task


@task()
def add(a: int, b: int) -> int:
    return a + b


@task()
def fail(message: str) -> None:
    raise ValueError(message)


@task()
def lose_the_database() -> None:
    """Fail the way a database that goes away fails: with Django's OperationalError."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The server ends this very connection, as a restart would.
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        else:
            cursor.execute("SELECT * FROM a_table_that_is_not_there")
