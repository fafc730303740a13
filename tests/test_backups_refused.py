"""Restores refused (issue 11, item 5): a backup whose files do not match its manifest restores
nothing, and a restore under another secret key fails its check (tests/backup_drill.py)."""

import json
import uuid

from accord.core.backups import MANIFEST
from tests.backup_drill import accord, places_fixture  # noqa: F401


def test_a_damaged_backup_or_another_secret_key_fails_the_restore(tmp_path, places):
    live, restored = places
    accord(live.env, "backup", str(tmp_path / "backups"))
    (backup_dir,) = (tmp_path / "backups").iterdir()

    env = {**restored.env, "ACCORD_SECRET_KEY": uuid.uuid4().hex * 2}
    result = accord(env, "restore", "--no-input", str(backup_dir), check=False)
    assert result.returncode == 1
    assert "ACCORD_SECRET_KEY is not the key in use" in result.stderr

    manifest = json.loads((backup_dir / MANIFEST).read_text())
    damaged = backup_dir / "media" / next(iter(manifest["media"]))
    damaged.write_bytes(damaged.read_bytes() + b"%")
    result = accord(restored.env, "restore", "--no-input", str(backup_dir), check=False)
    assert result.returncode == 1
    assert "damaged; nothing was restored" in result.stderr and "does not match" in result.stderr
    assert restored.organization_names() >= {"Host Society"}  # the first restore's, untouched
