"""Links carry the right address (issue 10, item 11): `make run PORT=8101` serves Accord on 8101
and sets ACCORD_BASE_URL, which e-mails and the signing certificate print, to match; a base URL
given explicitly is kept. Read from the commands make would run (`make -n`)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def planned(*arguments: str, **environment: str) -> str:
    make = shutil.which("make")
    if make is None:
        pytest.fail("make is missing: apt-get install make (tests never skip).")
    env = {k: v for k, v in os.environ.items() if k not in ("ACCORD_BASE_URL", "MAKEFLAGS")}
    env.update(environment)
    done = subprocess.run(
        [make, "-n", "--no-print-directory", "run", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return next(line for line in done.stdout.splitlines() if "scripts/serve.sh" in line)


def test_the_port_sets_the_base_url():
    assert planned("PORT=8101") == (
        "ACCORD_BASE_URL=http://127.0.0.1:8101 bash scripts/serve.sh 127.0.0.1 8101"
    )


def test_the_default_is_port_8000_and_every_address_is_reached_at_loopback():
    assert planned().startswith("ACCORD_BASE_URL=http://127.0.0.1:8000 ")
    assert planned("HOST=0.0.0.0", "PORT=9000").startswith("ACCORD_BASE_URL=http://127.0.0.1:9000 ")


def test_a_base_url_given_is_kept():
    line = planned("PORT=8101", ACCORD_BASE_URL="https://accord.example.org")
    assert line.startswith("ACCORD_BASE_URL=https://accord.example.org ")


def test_accord_reads_it_for_links_in_e_mails(settings):
    from accord.accounts.notifications import absolute_url

    settings.ACCORD_BASE_URL = "http://127.0.0.1:8101"
    assert absolute_url("/partnerships/1/") == "http://127.0.0.1:8101/partnerships/1/"
