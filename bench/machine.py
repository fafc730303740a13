"""What bench/run.py measured on: the machine, the software versions, the code, and the CPU time.

The CPU time tells whether other work shared the machine during the run, which skews every figure.
"""

import importlib.metadata
import os
import platform
import re
import resource
import sqlite3
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def busy_cpu_s() -> float:
    """CPU seconds every process on the machine has used since boot (/proc/stat, all cores)."""
    ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # minus idle, iowait


def own_cpu_s() -> float:
    """CPU seconds of this process and the children it has waited for (all commands run)."""
    usages = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usages)


def code_version() -> str:
    """The commit measured, and whether the working tree differed from it (read-only git)."""
    git = ["git", "-C", str(ROOT)]
    quiet = {"capture_output": True, "text": True, "env": os.environ | {"GIT_OPTIONAL_LOCKS": "0"}}
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], **quiet)
    if head.returncode != 0:
        return "unknown (not a git checkout)"
    changed = subprocess.run([*git, "status", "--porcelain"], **quiet).stdout.strip()
    return f"commit {head.stdout.strip()}" + (", with uncommitted changes" if changed else "")


def describe(pg_version: str | None, wrk_measured: bool, cpu_before: float) -> dict:
    """The machine, the versions and the code measured; cpu_before is busy_cpu_s() at the start."""
    cpu = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
    mem_kib = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    os_name = platform.freedesktop_os_release().get("PRETTY_NAME", platform.system())
    wrk_version = "not measured"
    if wrk_measured:  # `wrk -v` prints "wrk VERSION [epoll] ...", then usage, and exits with 1
        wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
        wrk_version = wrk_version.split()[1]
    return {
        "cpu": cpu[1] if cpu else platform.processor() or "unknown",
        "cores": os.cpu_count(),
        "ram_gib": int(mem_kib[1]) / 1024**2 if mem_kib else 0.0,
        "os": f"{os_name}, Linux {platform.release()}",
        "python": platform.python_version(),
        "django": importlib.metadata.version("django"),
        "postgresql": pg_version or "not available",
        "sqlite": sqlite3.sqlite_version,
        "gunicorn": importlib.metadata.version("gunicorn"),
        "wrk": wrk_version,
        "code": code_version(),
        # Other work on the machine skews every figure: these two show whether there was any.
        "cpu_all_s": busy_cpu_s() - cpu_before,
        "cpu_own_s": own_cpu_s(),
    }
