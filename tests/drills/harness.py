"""What the drills drive: `accord worker` processes against the test's PostgreSQL database, a
real SMTP server that can hold or slow its answers, a TCP proxy in front of the database that
can refuse connections or fall silent, and the partnership whose people an announcement goes to.
"""

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from aiosmtpd.controller import Controller
from django.db import connection
from django_tasks_db.models import DBTaskResult

from accord.core.models import WorkerHeartbeat
from accord.leadership.models import Announcement
from accord.leadership.services.announcements import announcement_create, announcement_send
from accord.partnerships.models import Partnership
from tests.factories import MembershipFactory, PartnershipFactory, PersonFactory, RoleFactory
from tests.smtp import Inbox

ROOT = Path(__file__).resolve().parents[2]
APP_NAME = "accord-drill"  # the workers' connections say so to PostgreSQL (pg_stat_activity)
STARTUP = 60  # a process loads Django in a few seconds, more on a machine busy with other tests


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout: float, what: str, *workers: "WorkerProcess") -> None:
    """Wait for `predicate`; failing, say what did not happen and show the workers' logs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    logs = "".join(f"\n--- {worker.name} ---\n{worker.output()}" for worker in workers)
    raise AssertionError(f"{what}: not within {timeout:.0f} s{logs}")


def database_url(port: int | None = None) -> str:
    """The test database's address (through `port` on loopback, if given)."""
    given = connection.settings_dict
    auth = quote(given["USER"] or "postgres")
    if given["PASSWORD"]:
        auth += ":" + quote(given["PASSWORD"])
    host = "127.0.0.1" if port else (given["HOST"] or "127.0.0.1")
    return f"postgres://{auth}@{host}:{port or given['PORT'] or 5432}/{given['NAME']}"


def end_worker_connections() -> int:
    """End every database connection of the drill's workers, as a restart of the server would."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = %s AND pid <> pg_backend_pid()",
            [APP_NAME],
        )
        return cursor.fetchone()[0]


class WorkerProcess:
    """`accord worker` in a process of its own, writing a heartbeat every second."""

    def __init__(self, name: str, folder: Path, smtp_port: int, database_port: int | None = None):
        self.name = name
        self.log = folder / f"{name}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ACCORD_", "DJANGO_"))}
        env |= {
            "DATABASE_URL": database_url(database_port),
            "PGAPPNAME": APP_NAME,
            "ACCORD_VAR_DIR": str(folder / "var"),
            "ACCORD_EMAIL": "smtp",
            "ACCORD_EMAIL_HOST": "127.0.0.1",
            "ACCORD_EMAIL_PORT": str(smtp_port),
            "ACCORD_WORKER_HEARTBEAT_SECONDS": "1",
            "ACCORD_WORKER_STALE_SECONDS": "3",
            "ACCORD_DB_CONNECT_TIMEOUT": "2",
            "PYTHONUNBUFFERED": "1",
        }
        command = [sys.executable, "manage.py", "worker", "--worker-id", name]
        command += ["--interval", "0.2", "--no-startup-delay"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
            )

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no chance to finish or record anything."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> int:
        if self.alive:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.process.returncode

    def output(self) -> str:
        return self.log.read_text(errors="replace")


class DrillInbox(Inbox):
    """The test SMTP server's inbox: it may take `delay` seconds to answer each message, and hold
    its answer to message number `hold_at` (already received) until `release` is set."""

    def __init__(self, delay: float = 0.0, hold_at: int | None = None):
        super().__init__()
        self.delay, self.hold_at = delay, hold_at
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        answer = await super().handle_DATA(server, session, envelope)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.hold_at is not None and len(self.messages) == self.hold_at:
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 60)
        return answer

    def per_address(self) -> Counter:
        return Counter(message["To"] for message in self.messages)


class SmtpServer:
    def __init__(self, inbox: DrillInbox):
        self.inbox = inbox
        self.controller = Controller(inbox, hostname="127.0.0.1", port=free_port())

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.inbox.release.set()
        self.controller.stop()

    @property
    def port(self) -> int:
        return self.controller.port


def audience(people: int) -> tuple[Partnership, set[str]]:
    """A partnership with `people` people in it (committed), and their addresses."""
    partnership = PartnershipFactory()
    membership = MembershipFactory(partnership=partnership, kind="host")
    addresses = set()
    for _ in range(people):
        person = PersonFactory(organization=membership.organization)
        RoleFactory(partnership=partnership, person=person, role="viewer")
        addresses.add(person.email)
    # The new organization queued its discovery vector (A1); the drills are about the e-mails.
    DBTaskResult.objects.filter(task_path__endswith=".refresh_organization_vector").delete()
    return partnership, addresses


def announce(partnership: Partnership) -> Announcement:
    """Send an announcement to everyone in the partnership: its delivery task is queued."""
    found = announcement_create(
        partnership=partnership, title="Where we are heading", body="Two more summer programs."
    )
    return announcement_send(announcement=found)


def delivery_task() -> DBTaskResult:
    return DBTaskResult.objects.get(task_path__endswith=".deliver_announcement")


class Proxy:
    """A TCP proxy in front of the database that can refuse connections or fall silent."""

    def __init__(self, target_port: int):
        self.target = ("127.0.0.1", target_port)
        self.port = free_port()
        self.flowing = threading.Event()
        self.flowing.set()
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None
        self.lock = threading.Lock()

    def open(self) -> None:
        """Accept connections (again) on the same port."""
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def refuse(self) -> None:
        """Close the port and every connection through it: the database is unreachable."""
        with self.lock:
            if self.listener is not None:
                self._close(self.listener)  # shutdown() wakes the thread blocked in accept()
                self.listener = None
            for sock in self.sockets:
                self._close(sock)
            self.sockets.clear()

    def fall_silent(self) -> None:
        """Pass nothing on, either way, until `speak` (connections stay open)."""
        self.flowing.clear()

    def speak(self) -> None:
        self.flowing.set()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # refused: the listener was closed
            try:
                server = socket.create_connection(self.target)
            except OSError:
                self._close(client)
                continue
            with self.lock:
                self.sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                self.flowing.wait()
                sink.sendall(data)
        except OSError:
            pass
        self._close(sink)

    @staticmethod
    def _close(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()


def beating(worker: WorkerProcess) -> None:
    wait_until(
        lambda: WorkerHeartbeat.objects.filter(worker_id=worker.name).exists(),
        STARTUP,
        f"{worker.name} writes its heartbeat",
        worker,
    )


def status_of(result) -> str:
    return DBTaskResult.objects.get(pk=result.id).status


def sent(announcement: Announcement) -> bool:
    return Announcement.objects.get(pk=announcement.pk).status == "sent"
