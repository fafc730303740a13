"""The guard of tests/module_time.py fails a run whose test module takes too long on its own.

Each test runs pytest in a subprocess on two small modules, with a limit of a fraction of a
second: one module sleeps past it in two tests, the other does not.
"""

import os
import sys
from pathlib import Path

import pytest

from tests.module_time import limit_for_load

ROOT = Path(__file__).resolve().parent.parent

SLOW = """
import time

def test_first_half():
    time.sleep(0.3)

def test_second_half():
    time.sleep(0.3)
"""
QUICK = """
def test_quick():
    assert True
"""


@pytest.fixture
def run(pytester, monkeypatch):
    """Run pytest on a slow and a quick module with the guard and xdist loaded, and no other
    plugin (Django's and schemathesis' take seconds to import)."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makepyfile(test_slow=SLOW, test_quick=QUICK)
    pytester.makeini(
        "[pytest]\naddopts = -p tests.module_time -p xdist.plugin -p no:cacheprovider\n"
    )

    def run(*args):
        # The limit is judged as on a machine with nothing else to do, unless a test says.
        if not any(arg.startswith("--load-average") for arg in args):
            args = (*args, "--load-average=0")
        return pytester.run(sys.executable, "-m", "pytest", *args)

    return run


def test_a_module_over_the_limit_fails_the_run_and_is_named(run):
    result = run("--max-module-seconds=0.5")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["*test modules over the time limit*", "test_slow.py: * s (limit 0.5 s)"]
    )
    assert "test_quick.py:" not in result.stdout.str()
    assert "3 passed" in result.stdout.str()


def test_the_modules_tests_are_added_up_across_xdist_workers(run):
    result = run("--max-module-seconds=0.5", "-n", "2", "--dist", "load")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["test_slow.py: * s (limit 0.5 s)"])


def test_modules_under_the_limit_pass(run):
    result = run("--max-module-seconds=5")
    assert result.ret == pytest.ExitCode.OK
    assert "over the time limit" not in result.stdout.str()


SESSION = """
import time

import pytest


@pytest.fixture(scope="session")
def database():
    time.sleep(0.6)


def test_needs_the_database(database):
    assert True
"""


def test_the_setup_of_a_session_fixture_is_not_the_first_modules_own(run, pytester):
    # Like the test database, created during the setup of the first test that needs it.
    pytester.makepyfile(test_session=SESSION)
    result = run("--max-module-seconds=0.5", "-n", "2", "--dist", "load", "test_session.py")
    assert result.ret == pytest.ExitCode.OK
    assert "test modules over the time limit" not in result.stdout.str()


def test_on_a_machine_busier_than_its_cores_the_limit_grows_in_proportion():
    assert limit_for_load(60, load=0.5, cores=2) == 60
    assert limit_for_load(60, load=2, cores=2) == 60
    assert limit_for_load(60, load=3, cores=2) == 90
    assert limit_for_load(60, load=8, cores=4) == 120


def test_a_module_over_the_limit_passes_on_a_machine_that_was_that_much_busier(run):
    # 0.6 s against 0.5 s, on a machine at four runnable processes per core: 2 s allowed.
    load = 4 * (os.cpu_count() or 1)
    result = run("--max-module-seconds=0.5", f"--load-average={load}")
    assert result.ret == pytest.ExitCode.OK
    assert "over the time limit" not in result.stdout.str()
    # Over even the grown limit, a module is named with the limit it was judged by.
    result = run("--max-module-seconds=0.1", f"--load-average={load}")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["test_slow.py: * s (limit 0.4 s)", f"The limit is 0.1 s on a machine *load {load:.1f}*"]
    )
