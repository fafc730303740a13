"""Throughput over HTTP: gunicorn on a loopback port, wrk against it, bounded in time.

Only 127.0.0.1 is ever a target. gunicorn is started in its own process group and stopped by its
id in a `finally`, so an error mid-run never leaves a server behind.
"""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

HOST = "127.0.0.1"
WRK_ARGS = ["-t2", "-c8", "-d10s", "--latency", "--timeout", "5s"]
LOGIN_PATH = "/accounts/sign-in/"  # accounts:login
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def ensure_wrk(log) -> str | None:
    """Path of wrk; installed with apt-get only in CI or when ACCORD_INSTALL_TOOLS=1."""
    found = shutil.which("wrk")
    if found:
        return found
    if not (os.environ.get("CI") or os.environ.get("ACCORD_INSTALL_TOOLS") == "1"):
        log(
            "wrk is not installed: throughput NOT MEASURED. Install it with "
            "`apt-get install wrk`, or run `ACCORD_INSTALL_TOOLS=1 make bench`."
        )
        return None
    log("installing wrk with apt-get ...")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.STDOUT, "timeout": 300}
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    if subprocess.run(install, **quiet).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], **quiet)
        subprocess.run(install, **quiet)
    found = shutil.which("wrk")
    if not found:
        log("apt-get could not install wrk: throughput NOT MEASURED.")
    return found


def _to_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match[1]) * UNITS_MS[match[2]]


def parse_wrk(output: str) -> dict:
    """Requests/s, latency percentiles (ms), request and error counts from `wrk --latency`."""
    result = {"percentiles_ms": {}}
    for pct, value in re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", output, re.M):
        result["percentiles_ms"][int(pct)] = _to_ms(value)
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    total = re.search(r"^\s+(\d+) requests in ", output, re.M)
    if not (rps and total and result["percentiles_ms"]):
        raise ValueError(f"unexpected wrk output:\n{output}")
    result["requests_per_s"] = float(rps[1])
    result["requests"] = int(total[1])
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    result["non_2xx_3xx"] = int(bad[1]) if bad else 0
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    result["socket_errors"] = sum(int(x) for x in errors.groups()) if errors else 0
    return result


@contextmanager
def gunicorn(bin_dir: Path, env: dict, log_path: Path, root: Path, extra: tuple[str, ...] = ()):
    """Serve accord.wsgi on a free loopback port; yield its base URL and the master's process
    id; always stop it."""
    port = free_port()
    command = [
        str(bin_dir / "gunicorn"),
        "accord.wsgi",
        "--workers", "2",
        "--threads", "4",
        "--bind", f"{HOST}:{port}",
        "--graceful-timeout", "5",
        *extra,
    ]  # fmt: skip
    with open(log_path, "ab") as log_file:
        process = subprocess.Popen(
            command, cwd=root, env=env, stdout=log_file, stderr=log_file, start_new_session=True
        )
    base = f"http://{HOST}:{port}"
    try:
        _wait_healthy(base, process)
        yield base, process.pid
    finally:
        _stop(process)


def _wait_healthy(base: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} before serving")
        try:
            with urllib.request.urlopen(f"{base}/healthz/web", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {base}/healthz/web within {timeout:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    # The process group holds gunicorn's own workers; the group id is the process we started.
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _opener(jar: http.cookiejar.CookieJar):
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)


def _fetch(opener, url: str, data: dict | None = None) -> tuple[int, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with opener.open(url, data=body, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def login_session(base: str, username: str, password: str) -> str | None:
    """Sign in through POST LOGIN_PATH; the session key, or None without a login page."""
    jar = http.cookiejar.CookieJar()
    opener = _opener(jar)
    status, html = _fetch(opener, f"{base}{LOGIN_PATH}")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if status != 200 or not token:
        return None
    data = {"csrfmiddlewaretoken": token[1], "username": username, "password": password}
    status, _ = _fetch(opener, f"{base}{LOGIN_PATH}", data)
    session = next((c.value for c in jar if c.name == "sessionid"), None)
    return session if status in (302, 303) else None


def signed_in_status(base: str, path: str, session_key: str) -> int:
    """Status of one GET with the session cookie (200 when signed in, 302 to login if not)."""
    request = urllib.request.Request(
        f"{base}{path}", headers={"Cookie": f"sessionid={session_key}"}
    )
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def run_wrk(wrk: str, url: str, session_key: str | None, args: list[str] = WRK_ARGS) -> dict:
    command = [wrk, *args]
    if session_key:
        command += ["-H", f"Cookie: sessionid={session_key}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    return parse_wrk(output)


def workers(master: int) -> list[int]:
    """The process ids of gunicorn's workers (the master's children)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def memory(pid: int) -> dict[str, float]:
    """Resident memory of one process in MB from /proc/<pid>/smaps_rollup: RSS, PSS (its share
    of pages shared with other processes), shared and private."""
    kb = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        kb[name] = int(value.split()[0])
    return {
        "rss_mb": kb["Rss"] / 1024,
        "pss_mb": kb["Pss"] / 1024,
        "shared_mb": (kb["Shared_Clean"] + kb["Shared_Dirty"]) / 1024,
        "private_mb": (kb["Private_Clean"] + kb["Private_Dirty"]) / 1024,
    }
