"""What the backup drills drive (tests/test_backups*.py).

Accord runs here as real processes: a writer adding organizations through Accord's services,
`accord backup` and `accord restore`, on SQLite files (the default setup) or on PostgreSQL
(pg_dump and pg_restore), whichever database the test run uses.
"""

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import Cast
from tests.matrix.leadership_mous import make_mou

ROOT = Path(__file__).resolve().parent.parent
ACCORD = [sys.executable, "-c", "from accord.cli import main; main()"]
WRITER = """
import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
django.setup()
from accord.directory import services
number = 0
while True:
    services.organization_create(name=f"Drill writer {number}", subtype="university")
    print(number, flush=True)
    number += 1
"""


def accord_env(**variables) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACCORD_", "DATABASE_URL"))}
    env.update(
        ACCORD_EMAIL="console", ACCORD_TASKS_BACKEND="django.tasks.backends.dummy.DummyBackend"
    )
    env.update(variables)
    return env


def accord(env, *arguments, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [*ACCORD, *arguments], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


class Writer:
    """A process that writes organizations through Accord, one acknowledged line per write."""

    def __init__(self, env):
        self.process = subprocess.Popen(
            [sys.executable, "-c", WRITER], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        self.acknowledged: list[int] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.acknowledged.append(int(line))

    def wait_for(self, count: int):
        deadline = time.monotonic() + 120
        while len(self.acknowledged) < count:
            assert self.process.poll() is None, "the writer stopped"
            assert time.monotonic() < deadline, "the writer is too slow"
            time.sleep(0.05)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.reader.join(timeout=10)


class Place:
    """Where one Accord keeps its data: a database and a media directory."""

    def __init__(self, tmp_path: Path, name: str):
        self.media = tmp_path / f"{name}-media"
        self.media.mkdir()
        if connection.vendor == "sqlite":
            self.sqlite = tmp_path / f"{name}.sqlite3"
            self.env = accord_env(
                ACCORD_SQLITE_PATH=str(self.sqlite), ACCORD_MEDIA_ROOT=str(self.media)
            )
        else:
            given = connection.settings_dict
            self.database = f"{given['NAME']}_{name}"[:60]
            self.url = (
                f"postgres://{given['USER'] or 'postgres'}:{given['PASSWORD'] or ''}@"
                f"{given['HOST'] or '127.0.0.1'}:{given['PORT'] or 5432}/{self.database}"
            )
            self.env = accord_env(DATABASE_URL=self.url, ACCORD_MEDIA_ROOT=str(self.media))

    def organization_names(self) -> set[str]:
        query = "SELECT name FROM directory_organization"
        if connection.vendor == "sqlite":
            with sqlite3.connect(self.sqlite) as db:
                return {name for (name,) in db.execute(query)}
        with psycopg.connect(self.url) as db:
            return {name for (name,) in db.execute(query)}


def admin_dsn() -> str:
    given = connection.settings_dict
    return (
        f"postgres://{given['USER'] or 'postgres'}:{given['PASSWORD'] or ''}@"
        f"{given['HOST'] or '127.0.0.1'}:{given['PORT'] or 5432}/postgres"
    )


@pytest.fixture(name="places")
def places_fixture(tmp_path, transactional_db):
    """A running Accord's data (the test database, with an executed MOU and its files) and an
    empty place to restore it to."""
    cast = Cast()
    make_mou(cast, "own", "executed")
    live, restored = Place(tmp_path, "live"), Place(tmp_path, "restored")
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            copied = live.media / path.relative_to(settings.MEDIA_ROOT)
            copied.parent.mkdir(parents=True, exist_ok=True)
            copied.write_bytes(path.read_bytes())
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(live.sqlite) as copy:
            connection.connection.backup(copy)
        with sqlite3.connect(live.sqlite) as copy:
            copy.execute("PRAGMA journal_mode=WAL")
        restored.sqlite.touch()
        yield live, restored
        return
    connection.close()
    with psycopg.connect(admin_dsn(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{restored.database}"')
        admin.execute(f'CREATE DATABASE "{restored.database}"')
    # The live Accord is the test database itself.
    live.url, live.database = (
        restored.url.replace(restored.database, connection.settings_dict["NAME"]),
        connection.settings_dict["NAME"],
    )
    live.env["DATABASE_URL"] = live.url
    try:
        yield live, restored
    finally:
        with psycopg.connect(admin_dsn(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored.database}" WITH (FORCE)')
