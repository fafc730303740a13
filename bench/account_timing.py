"""Whether an answer's timing tells a known account from an unknown one, or a right password.

1. The password-reset form, posted alternately with a known and an unknown address: an answer
   that comes measurably later for a known address tells anyone which addresses have an account.
2. Sign-in to a throttled account (accord/accounts/throttle.py) from new addresses, alternately
   with the right and a wrong password: the answer must not tell which was right.

The script makes a throwaway SQLite database with one user, points Accord's mailer at a real
SMTP server on loopback (aiosmtpd; --smtp-delay-ms makes it answer slowly, like a remote server)
and uses the production task backend (the database queue; no worker runs) and password hasher.

    .venv/bin/python bench/account_timing.py                    # 40 posts of each
    .venv/bin/python bench/account_timing.py --smtp-delay-ms 50 --runs 20

It prints the median and the 90th percentile of each and the difference of the medians.
"""

import argparse
import asyncio
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: `python bench/reset_timing.py`
    sys.path.insert(0, str(ROOT))

KNOWN = "known@example.org"
UNKNOWN = "nobody@example.org"
PASSWORD = "a long enough password 1"


class SlowInbox:
    """An SMTP handler that takes `delay` seconds to accept each message, like a remote server."""

    def __init__(self, delay: float):
        self.delay = delay
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        self.count += 1
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="posts of each address")
    parser.add_argument("--smtp-delay-ms", type=float, default=0.0)
    args = parser.parse_args()

    from aiosmtpd.controller import Controller

    inbox = SlowInbox(args.smtp_delay_ms / 1000)
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    work = Path(tempfile.mkdtemp(prefix="accord-reset-timing-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="accord.settings",
        ACCORD_VAR_DIR=str(work),
        ACCORD_SQLITE_PATH=str(work / "db.sqlite3"),
        ACCORD_STATIC_ROOT=str(work),
        ACCORD_LOG_LEVEL="ERROR",  # django-axes logs every failure
        ACCORD_EMAIL="smtp",
        ACCORD_EMAIL_HOST="127.0.0.1",
        ACCORD_EMAIL_PORT=str(port),
    )
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    get_user_model().objects.create_user("known", KNOWN, PASSWORD)
    reset = compare(
        Client(),
        reverse("accounts:password-reset"),
        {"known": {"email": KNOWN}, "unknown": {"email": UNKNOWN}},
        args.runs,
        expect=302,
    )
    during_reset = inbox.count
    login = reverse("accounts:login")
    for n in range(12):  # twelve wrong passwords from twelve addresses: the account is throttled
        Client().post(login, {"username": "known", "password": "wrong"}, REMOTE_ADDR=f"10.1.0.{n}")
    sign_in = compare(
        None,
        login,
        {
            "right": {"username": "known", "password": PASSWORD},
            "wrong": {"username": "known", "password": "not the password"},
        },
        args.runs,
        expect=200,
    )
    controller.stop()

    report(f"password reset, SMTP delay {args.smtp_delay_ms:g} ms", reset, args.runs)
    print(f"  e-mails that reached the SMTP server during the requests: {during_reset}")
    report("sign-in to a throttled account, each from a new address", sign_in, args.runs)


def compare(client, url, forms: dict, runs: int, *, expect: int) -> dict[str, list[float]]:
    """Post each form `runs` times, alternately; a new browser and address each time if no
    client is given (so that the per-address lockout never answers instead)."""
    from django.test import Client

    timings: dict[str, list[float]] = {label: [] for label in forms}
    address = iter(f"10.{a}.{b}.{c}" for a in range(2, 250) for b in range(250) for c in range(250))
    for round_ in range(runs + 3):  # three rounds of warm-up
        for label, data in forms.items():
            browser = client or Client(REMOTE_ADDR=next(address))
            start = time.perf_counter()
            response = browser.post(url, data)
            elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == expect, (label, response.status_code)
            if round_ >= 3:
                timings[label].append(elapsed)
    return timings


def report(title: str, timings: dict[str, list[float]], runs: int) -> None:
    print(f"{title}, {runs} posts each")
    for label, times in timings.items():
        print(
            f"  {label:<8} median {statistics.median(times):7.2f} ms"
            f"   p90 {percentile(times, 0.9):7.2f} ms"
        )
    first, second = (statistics.median(times) for times in timings.values())
    print(f"  difference of the medians: {first - second:+.2f} ms")


if __name__ == "__main__":
    main()
