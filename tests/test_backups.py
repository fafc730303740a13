"""Backups (issue 11, items 5 and 7): `accord backup` while Accord writes, then `accord restore`
into an empty database, gives identical row counts and checksums, every write acknowledged before
the backup began, and an executed MOU that still verifies (tests/backup_drill.py)."""

import json

from accord.core.backups import MANIFEST, file_sha256
from tests.backup_drill import Writer, accord, places_fixture  # noqa: F401


def test_a_backup_taken_during_writes_restores_exactly(tmp_path, places):
    live, restored = places
    writer = Writer(live.env)
    try:
        writer.wait_for(5)
        before_backup = len(writer.acknowledged)
        made = accord(live.env, "backup", str(tmp_path / "backups"))
        writer.wait_for(len(writer.acknowledged) + 3)  # writes go on after it
    finally:
        writer.stop()
    (backup_dir,) = (tmp_path / "backups").iterdir()
    assert str(backup_dir) in made.stdout and "ACCORD_SECRET_KEY" in made.stdout
    manifest = json.loads((backup_dir / MANIFEST).read_text())
    assert manifest["media"], "the executed MOU's files are in the backup"

    result = accord(restored.env, "restore", "--no-input", str(backup_dir))
    assert "Check passed" in result.stdout
    assert "Executed MOUs' documents: intact." in result.stdout
    names = restored.organization_names()
    for number in range(before_backup):
        assert f"Drill writer {number}" in names  # every write acknowledged before the backup
    drill_rows = len([n for n in names if n.startswith("Drill writer ")])
    assert drill_rows >= before_backup
    table = manifest["tables"]["directory_organization"]
    assert table["rows"] == len(names)
    for name, entry in manifest["media"].items():
        assert file_sha256(restored.media / name) == entry["sha256"]
