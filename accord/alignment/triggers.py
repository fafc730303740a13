"""The triggers that set the directory's change token (DirectoryChange) on every write.

Every statement that writes organizations or their discovery vectors sets the token, in the same
transaction: on PostgreSQL one statement-level trigger per table sets it to the next value of a
sequence (never given twice, not even when the transaction rolls back); on SQLite, which has
row-level triggers only, one trigger per table and kind of write sets it to a random 64-bit
number. A token therefore never comes back: a rolled-back write leaves the token it replaced,
which the index has not recorded since.

They are (re)created after every `migrate` (post_migrate, idempotent): SQLite drops a table's
triggers when a migration rebuilds the table, so a migration alone would not keep them.
"""

TABLES = ("directory_organization", "alignment_organizationvector")
TOKEN = "alignment_directorychange"

SEQUENCE = "alignment_directory_change_seq"
POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION alignment_directory_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {TOKEN} (id, token) VALUES (1, nextval('{SEQUENCE}'))
    ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END $$
"""
SQLITE_SET = (
    f"INSERT INTO {TOKEN} (id, token) VALUES (1, random()) "
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token;"
)


def statements(vendor: str) -> list[str]:
    """The SQL that creates the triggers (again) on `vendor`'s database."""
    if vendor == "postgresql":
        sql = [f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}", POSTGRES_FUNCTION]
        for table in TABLES:
            for name, events in (
                ("changed", "INSERT OR UPDATE OR DELETE"),
                ("truncated", "TRUNCATE"),
            ):
                sql.append(
                    f"CREATE OR REPLACE TRIGGER {table}_{name} AFTER {events} ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION alignment_directory_changed()"
                )
        return sql
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {table}_after_{event.lower()} AFTER {event} ON {table} "
            f"BEGIN {SQLITE_SET} END"
            for table in TABLES
            for event in ("INSERT", "UPDATE", "DELETE")
        ]
    return []


def ensure(using: str = "default", **kwargs) -> None:
    """post_migrate: create the triggers where they are missing."""
    from django.db import connections

    connection = connections[using]
    tables = connection.introspection.table_names()
    if not all(table in tables for table in (*TABLES, TOKEN)):
        return  # migrated backwards, or only part of the way
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor):
            cursor.execute(sql)


def drop(apps, schema_editor) -> None:
    """Migrating back past the token's table: the triggers go first (they write to it)."""
    vendor, run = schema_editor.connection.vendor, schema_editor.execute
    for table in TABLES:
        if vendor == "postgresql":
            for name in ("changed", "truncated"):
                run(f"DROP TRIGGER IF EXISTS {table}_{name} ON {table}")
        elif vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                run(f"DROP TRIGGER IF EXISTS {table}_after_{event}")
    if vendor == "postgresql":
        run("DROP FUNCTION IF EXISTS alignment_directory_changed()")
        run(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")
