"""Backups an operator can trust: `accord backup` and `accord restore` (docs/operations.md).

A backup is a directory `accord-backup-<UTC time>/` holding

- the database: `database.sqlite3`, written with SQLite's online backup API from a live
  connection (one step, so one consistent snapshot, taken while Accord runs; never a file copy,
  which misses what is still in the write-ahead log), or, on PostgreSQL, `database.dump` from
  `pg_dump -Fc` run on an exported snapshot;
- `media/`: the uploaded and generated files, copied after the database, so every file the
  database names is there;
- `manifest.json`, written last: the SHA-256 of every file, the migrations applied, each table's
  row count and checksum taken in the same snapshot as the database copy, and a fingerprint of
  the secret key (never the key itself).

The secret key (ACCORD_SECRET_KEY) is part of a backup but is not in it: keep it with the
backup, in the password manager or vault the key lives in. Restoring with another key signs
everyone out and invalidates links already sent; `accord restore` says so.

`restore` checks the backup's hashes before it touches anything, restores the database and the
media, then checks what it restored: the row counts and checksums of every table, the
migrations, the media's hashes, the secret key, and every check an app registers
(`register_restore_check`: leadership checks that each executed MOU's documents still match the
SHA-256 recorded when it was signed).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
DUMP_FILE = "database.dump"
MEDIA_DIR = "media"
CHUNK = 1 << 20

_checks: list[tuple[str, Callable[[], list[str]]]] = []


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why."""


def register_restore_check(label: str, check: Callable[[], list[str]]) -> None:
    """Run `check` after every restore; it returns the problems it finds (empty when well)."""
    if all(existing != label for existing, _ in _checks):
        _checks.append((label, check))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def secret_key_fingerprint() -> str:
    return hashlib.sha256(f"accord-backup:{settings.SECRET_KEY}".encode()).hexdigest()


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


# --- Tables: row counts and checksums, the same on the copy and on what is restored ------------
def _sqlite_tables(db: sqlite3.Connection) -> dict:
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    tables = {}
    for name in names:
        digest, rows = hashlib.sha256(), 0
        for row in db.execute(f'SELECT * FROM "{name}" ORDER BY rowid'):
            digest.update(repr(row).encode())
            rows += 1
        tables[name] = {"rows": rows, "checksum": digest.hexdigest()}
    return tables


def _postgresql_tables(cursor) -> dict:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    tables = {}
    for (name,) in cursor.fetchall():
        quoted = connection.ops.quote_name(name)
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) "
            f"FROM {quoted} AS t"
        )
        rows, checksum = cursor.fetchone()
        tables[name] = {"rows": rows, "checksum": checksum}
    return tables


def _sqlite_migrations(db: sqlite3.Connection) -> list[str]:
    return sorted(
        f"{app}.{name}" for app, name in db.execute("SELECT app, name FROM django_migrations")
    )


def _applied_migrations() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        return sorted(f"{app}.{name}" for app, name in cursor.fetchall())


# --- pg_dump and pg_restore ----------------------------------------------------------------------
def _pg_environment() -> dict:
    given = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if given.get(key):
            env[variable] = str(given[key])
    env["PGCONNECT_TIMEOUT"] = str(settings.DB_CONNECT_TIMEOUT)
    return env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed. Install PostgreSQL's client tools (the version of the "
            f"server or newer), or follow the runbook (docs/operations.md, Backups)."
        )
    return found


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


# --- Backup -----------------------------------------------------------------------------------
@dataclass
class Backup:
    path: Path
    manifest: dict


def backup(destination: Path) -> Backup:
    """Write a backup of the running Accord under `destination`; return it."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S.%fZ")
    final = Path(destination) / f"accord-backup-{stamp}"
    partial = final.with_name(final.name + ".partial")
    partial.mkdir(parents=True)
    try:
        if _engine() == "sqlite":
            database_file, tables, migrations = _backup_sqlite(partial / SQLITE_FILE)
        else:
            database_file, tables, migrations = _backup_postgresql(partial / DUMP_FILE)
        media = _copy_media(Path(settings.MEDIA_ROOT), partial / MEDIA_DIR)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": _engine(),
            "database": {
                "file": database_file.name,
                "sha256": file_sha256(database_file),
                "size": database_file.stat().st_size,
            },
            "migrations": migrations,
            "tables": tables,
            "media": media,
            "secret_key": {
                "fingerprint": secret_key_fingerprint(),
                "note": "Keep ACCORD_SECRET_KEY with this backup: it is not stored here.",
            },
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Backup(final, manifest)


def _backup_sqlite(target: Path):
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # One step (pages=-1): the whole database under one read transaction, one snapshot.
        connection.connection.backup(copy, pages=-1)
        return target, _sqlite_tables(copy), _sqlite_migrations(copy)
    finally:
        copy.close()


def _backup_postgresql(target: Path):
    pg_dump = _pg_tool("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SET LOCAL statement_timeout = 0")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        tables = _postgresql_tables(cursor)
        migrations = _applied_migrations()
        # pg_dump reads the very snapshot the counts and checksums were taken in.
        _run([pg_dump, "-Fc", f"--snapshot={snapshot}", "--no-owner", "-f", str(target)])
    return target, tables, migrations


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _copy_media(source: Path, target: Path) -> dict:
    target.mkdir()
    media = {}
    for path in _media_files(source):
        relative = path.relative_to(source).as_posix()
        copied = target / relative
        copied.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copied)
        media[relative] = {"sha256": file_sha256(copied), "size": copied.stat().st_size}
    return media


# --- Restore ----------------------------------------------------------------------------------
@dataclass
class Report:
    manifest: dict
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def read_manifest(path: Path) -> dict:
    manifest_file = Path(path) / MANIFEST
    if not manifest_file.is_file():
        raise BackupError(f"{path} is not a complete Accord backup (no {MANIFEST}).")
    manifest = json.loads(manifest_file.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is a backup of another format ({manifest.get('format')}).")
    return manifest


def verify_files(path: Path, manifest: dict) -> list[str]:
    """The backup's own files against the manifest's hashes."""
    path = Path(path)
    problems = []
    expected = {manifest["database"]["file"]: manifest["database"]["sha256"]}
    expected |= {
        f"{MEDIA_DIR}/{name}": entry["sha256"] for name, entry in manifest["media"].items()
    }
    for name, sha256 in expected.items():
        file = path / name
        if not file.is_file():
            problems.append(f"{name} is missing from the backup.")
        elif file_sha256(file) != sha256:
            problems.append(f"{name} does not match its SHA-256 in the manifest.")
    return problems


def restore(path: Path) -> Report:
    """Restore the backup at `path` over this Accord's database and media; check the result.

    Stop the web processes and workers first. Nothing is touched when the backup's own files do
    not match their manifest.
    """
    path = Path(path)
    manifest = read_manifest(path)
    report = Report(manifest)
    if manifest["engine"] != _engine():
        raise BackupError(
            f"This is a backup of a {manifest['engine']} database; Accord now runs on {_engine()}."
        )
    if problems := verify_files(path, manifest):
        raise BackupError(
            "The backup is damaged; nothing was restored:\n- " + "\n- ".join(problems)
        )
    database_file = path / manifest["database"]["file"]
    if _engine() == "sqlite":
        _restore_sqlite(database_file)
    else:
        _restore_postgresql(database_file)
    _restore_media(path / MEDIA_DIR, Path(settings.MEDIA_ROOT), manifest["media"])
    check(report)
    return report


def _restore_sqlite(database_file: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{database_file}?mode=ro", uri=True)
    try:
        source.backup(connection.connection, pages=-1)
    finally:
        source.close()


def _restore_postgresql(dump: Path) -> None:
    pg_restore = _pg_tool("pg_restore")
    connection.close()
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ]
    )


def _restore_media(source: Path, target: Path, media: dict) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for path in _media_files(target):
        if path.relative_to(target).as_posix() not in media:
            path.unlink()
    for name in media:
        copied = target / name
        copied.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, copied)


def check(report: Report) -> None:
    """Check this Accord's database and media against the manifest of the backup restored."""
    manifest = report.manifest
    if _engine() == "sqlite":
        # A plain connection, as the backup's copy was read: no type conversions of Django's.
        connection.ensure_connection()
        if connection.is_in_memory_db():
            tables = _sqlite_tables(connection.connection)
        else:
            plain = sqlite3.connect(connection.settings_dict["NAME"])
            try:
                tables = _sqlite_tables(plain)
            finally:
                plain.close()
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 0")
            tables = _postgresql_tables(cursor)
    for name, expected in sorted(manifest["tables"].items()):
        found = tables.get(name)
        if found is None:
            report.problems.append(f"Table {name} is missing.")
        elif found["rows"] != expected["rows"]:
            report.problems.append(
                f"Table {name} has {found['rows']} rows; the backup had {expected['rows']}."
            )
        elif found["checksum"] != expected["checksum"]:
            report.problems.append(f"Table {name} does not match its checksum in the backup.")
    applied = _applied_migrations()
    if applied != manifest["migrations"]:
        report.problems.append("The migrations applied differ from the backup's.")
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    if unknown := sorted(set(applied) - known):
        report.problems.append(
            "The backup has migrations this version of Accord does not know (it is newer): "
            + ", ".join(unknown[:5])
        )
    if missing := sorted(known - set(applied)):
        report.notes.append(
            f"{len(missing)} migration(s) of this version are not applied yet: run "
            "`accord migrate` before starting Accord."
        )
    media_root = Path(settings.MEDIA_ROOT)
    for name, entry in manifest["media"].items():
        file = media_root / name
        if not file.is_file() or file_sha256(file) != entry["sha256"]:
            report.problems.append(f"The media file {name} was not restored intact.")
    if manifest["secret_key"]["fingerprint"] != secret_key_fingerprint():
        report.problems.append(
            "ACCORD_SECRET_KEY is not the key in use when the backup was made: set it to that key "
            "(otherwise everyone is signed out and links already sent stop working)."
        )
    for label, registered in _checks:
        found = registered()
        report.problems.extend(found)
        if not found:
            report.notes.append(f"{label}: intact.")
