"""One bulk path for writing many rows: COPY on PostgreSQL, batched executemany on SQLite.

Rows stream in as dicts keyed by field attname (`organization_id` for a foreign key); a field left
out takes the model's default, computed once per batch. Primary keys are handed out up front in
blocks (`BulkWriter.new_id`), so that rows of one table can point at rows of another before either
is written (foreign keys are checked at commit on both databases). A model with an audit trail gets
its history rows from the same values, in the same batch, written the same way: no model instance
and no history object is built per row, and memory stays flat however many rows stream through.

Like `bulk_create`, nothing here runs `full_clean`: callers write values valid by construction
(the scale generator), or values a validating import has already checked row by row.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connection, connections
from django.db.models import JSONField
from django.utils import timezone

BATCH = 5000
ID_BLOCK = 1000


def _columns(model, *, skip_auto: bool) -> list:
    fields = []
    for field in model._meta.concrete_fields:
        if skip_auto and field.primary_key and field.get_internal_type() == "AutoField":
            continue  # the history table numbers its own rows
        fields.append(field)
    return fields


class BulkWriter:
    """Write rows of one model (and its history) in batches through the fastest path.

    Use it as a context manager inside a transaction; `add` buffers a row and returns its id,
    `close` (or leaving the block) writes what is left.
    """

    def __init__(
        self,
        model,
        *,
        history: bool = True,
        history_reason: str = "",
        history_user=None,
        history_date=None,
        batch_size: int = BATCH,
    ):
        self.model = model
        self.fields = _columns(model, skip_auto=False)
        self.pk = model._meta.pk
        history_model = getattr(getattr(model, "history", None), "model", None)
        self.history_model = history_model if history else None
        self.history_reason = history_reason
        self.history_user_id = getattr(history_user, "pk", history_user)
        self.history_date = history_date
        self.batch_size = batch_size
        self.rows: list[dict] = []
        self.written = 0
        self._free_ids: list[int] = []

    # --- ids ---------------------------------------------------------------------------------
    def new_id(self) -> int:
        """A primary key for a row not yet written (allocated from the database in blocks)."""
        if not self._free_ids:
            self._free_ids = self._allocate(ID_BLOCK)
            self._free_ids.reverse()
        return self._free_ids.pop()

    def _allocate(self, count: int) -> list[int]:
        """Reserve `count` ids, as the database's own counter would hand them out.

        PostgreSQL: the column's sequence. SQLite: Django's tables are AUTOINCREMENT, whose
        counter lives in sqlite_sequence; moving it on reserves the block, so a row inserted by
        other means meanwhile gets an id after it.
        """
        table, column = self.model._meta.db_table, self.pk.column
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table, column, count],
                )
                return [row[0] for row in cursor.fetchall()]
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
                f"COALESCE((SELECT MAX({connection.ops.quote_name(column)}) FROM {quoted}), 0))",
                [table],
            )
            last = cursor.fetchone()[0]
            cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, last + count]
            )
        return list(range(last + 1, last + count + 1))

    # --- rows --------------------------------------------------------------------------------
    def add(self, row: dict) -> int:
        if row.get(self.pk.attname) is None:
            row[self.pk.attname] = self.new_id()
        self.rows.append(row)
        if len(self.rows) >= self.batch_size:
            self.flush()
        return row[self.pk.attname]

    def add_all(self, rows: Iterable[dict]) -> None:
        for row in rows:
            self.add(row)

    def flush(self) -> None:
        if not self.rows:
            return
        rows, self.rows = self.rows, []
        now = timezone.now()
        defaults = self._defaults(now)
        values = [
            [row.get(f.attname, defaults.get(f.attname)) for f in self.fields] for row in rows
        ]
        _write(self.model._meta.db_table, self.fields, values)
        if self.history_model is not None:
            self._write_history(values, self.history_date or now)
        self.written += len(rows)

    def _defaults(self, now) -> dict:
        defaults = {}
        for field in self.fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                defaults[field.attname] = now
            elif not field.primary_key:
                defaults[field.attname] = field.get_default()
        return defaults

    def _write_history(self, values: list[list], when) -> None:
        position = {field.attname: index for index, field in enumerate(self.fields)}
        extra = {
            "history_date": when,
            "history_change_reason": self.history_reason or None,
            "history_type": "+",
            "history_user_id": self.history_user_id,
        }
        columns = _columns(self.history_model, skip_auto=True)
        plan = [position.get(field.attname) for field in columns]
        history = [
            [
                row[index] if index is not None else extra[field.attname]
                for field, index in zip(columns, plan, strict=True)
            ]
            for row in values
        ]
        _write(self.history_model._meta.db_table, columns, history)

    def close(self) -> int:
        self.flush()
        return self.written

    def __enter__(self) -> BulkWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()


def _write(table: str, fields: list, values: list[list]) -> None:
    """Write rows into `table`: COPY on PostgreSQL, one executemany per batch on SQLite."""
    names = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    if connection.vendor == "postgresql":
        as_json = [isinstance(field, JSONField) for field in fields]
        sql = f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in values:
                if any(as_json):
                    row = [
                        json.dumps(value) if is_json and value is not None else value
                        for value, is_json in zip(row, as_json, strict=True)
                    ]
                copy.write_row(row)
        return
    # The connection itself, not the proxy `connection`: a value's preparation asks for it, and
    # through the proxy each ask costs a lookup of the thread's connection.
    real = connections[connection.alias]
    prepared = [
        [field.get_db_prep_save(value, real) for field, value in zip(fields, row, strict=True)]
        for row in values
    ]
    marks = ", ".join("%s" for _ in fields)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({marks})", prepared
        )
