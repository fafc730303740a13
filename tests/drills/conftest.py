"""The drills run real worker processes against the test database, which they reach only when it
is a PostgreSQL server (SQLite's test database lives in this process's memory). They belong to
the PostgreSQL pass of `make test` and are not collected on SQLite."""

import os

ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
collect_ignore_glob = [] if ON_POSTGRESQL else ["test_*.py"]
