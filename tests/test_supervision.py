"""Supervision: the systemd units of deploy/systemd pass `systemd-analyze verify`, and
scripts/supervise.sh (which runs the task worker for `make run`) starts a command again when it
stops and passes a stop signal on to it."""

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
UNITS = BASE_DIR / "deploy" / "systemd"


def installed_units(tmp_path: Path) -> Path:
    """The units as installed on a machine whose checkout is this one, with an env file."""
    env_file = tmp_path / "accord.env"
    env_file.write_text("ACCORD_SECRET_KEY=not-a-real-one\n")
    folder = tmp_path / "units"
    folder.mkdir()
    for unit in UNITS.iterdir():
        text = unit.read_text().replace("/etc/accord/accord.env", str(env_file))
        (folder / unit.name).write_text(text.replace("/srv/accord", str(BASE_DIR)))
    return folder


def test_the_units_pass_systemd_analyze_verify(tmp_path):
    # scripts/test-deps.sh installs systemd (for systemd-analyze) where it is missing in CI.
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing: run scripts/test-deps.sh (CI=true installs it)"
    folder = installed_units(tmp_path)
    names = sorted(unit.name for unit in folder.iterdir())
    assert names == [
        "accord-prune-tasks.service",
        "accord-prune-tasks.timer",
        "accord-remind.service",
        "accord-remind.timer",
        "accord-web.service",
        "accord-worker@.service",
    ]
    # A template unit is verified as an instance of it.
    checked = [name.replace("@.", "@1.") for name in names]
    result = subprocess.run(
        [analyze, "verify", "--man=no", *checked],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )
    # verify prints what it ignores (a misspelt setting) without failing: nothing may be printed.
    assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), (
        result.stdout + result.stderr
    )


def test_verify_would_catch_a_unit_that_does_not_start(tmp_path):
    analyze = shutil.which("systemd-analyze")
    assert analyze
    folder = installed_units(tmp_path)
    unit = folder / "accord-worker@.service"
    unit.write_text(unit.read_text().replace("bin/accord worker", "bin/acord worker"))
    result = subprocess.run(
        [analyze, "verify", "--man=no", "accord-worker@1.service"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and "is not executable" in result.stderr


def test_the_worker_unit_runs_accord_worker_and_always_restarts_it():
    unit = (UNITS / "accord-worker@.service").read_text()
    assert "ExecStart=/srv/accord/.venv/bin/accord worker " in unit
    assert "Restart=always" in unit


def wait_for(predicate, timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_supervise_starts_a_stopped_command_again_and_passes_on_sigterm(tmp_path):
    runs = tmp_path / "runs"
    command = (
        f'echo started >> {runs}; trap "echo stopped >> {runs}; exit 0" TERM; '
        # The first run stops on its own at once; the second waits to be stopped.
        f"[ $(wc -l < {runs}) -eq 1 ] && exit 3; while true; do sleep 0.05; done"
    )
    supervisor = subprocess.Popen(
        ["bash", "scripts/supervise.sh", "bash", "-c", command],
        cwd=BASE_DIR,
        env={**os.environ, "SUPERVISE_FIRST_DELAY": "1"},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert wait_for(lambda: runs.exists() and runs.read_text().count("started") == 2)
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(timeout=20) == 0
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
    assert runs.read_text().split() == ["started", "started", "stopped"]
    assert "stopped (exit status 3); starting it again in 1 s." in supervisor.stderr.read()
