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
        ["*test modules over the time limit*", "test_slow.py: * s (limit 0.5 s, *)"]
    )
    over = result.stdout.str().split("test modules over the time limit")[1]
    assert "test_quick.py:" not in over
    assert "3 passed" in result.stdout.str()


def test_the_modules_tests_are_added_up_across_xdist_workers(run):
    result = run("--max-module-seconds=0.5", "-n", "2", "--dist", "load")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["*test modules over the time limit*", "test_slow.py: * s (limit 0.5 s, *)"]
    )


def test_modules_under_the_limit_pass(run):
    result = run("--max-module-seconds=5")
    assert result.ret == pytest.ExitCode.OK
    assert "over the time limit" not in result.stdout.str()
    # The slowest are listed with their limits, the slowest first.
    result.stdout.fnmatch_lines(
        ["*slowest test modules*", "test_slow.py: * s (limit 5 s, *)", "test_quick.py: *"]
    )


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
    # A module's own processes add to the load: the limit grows to twice at most.
    assert limit_for_load(60, load=6, cores=2) == 120


def test_a_module_over_the_limit_passes_on_a_machine_that_was_that_much_busier(run):
    # 0.6 s against 0.5 s, on a machine at four runnable processes per core: 1 s allowed (twice
    # the limit, the most it grows).
    load = 4 * (os.cpu_count() or 1)
    result = run("--max-module-seconds=0.5", f"--load-average={load}")
    assert result.ret == pytest.ExitCode.OK
    assert "over the time limit" not in result.stdout.str()
    # Over even the grown limit, a module is named with the limit it was judged by.
    result = run("--max-module-seconds=0.1", f"--load-average={load}")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "*test modules over the time limit*",
            f"test_slow.py: * s (limit 0.2 s, load {load:.1f} on * cores)",
            "The limit is 0.1 s on a machine no busier than its cores*",
        ]
    )


def test_each_module_is_judged_by_the_load_while_it_ran(monkeypatch):
    from types import SimpleNamespace

    from tests import module_time

    times = module_time.ModuleTimes(60)
    times.cores = 2

    def report(nodeid, duration, load):
        monkeypatch.setattr(module_time.os, "getloadavg", lambda: (load, load, load))
        times.pytest_runtest_logreport(
            SimpleNamespace(nodeid=nodeid, duration=duration, user_properties=[])
        )

    # A module that ran while the machine was busy (30 s of its 70 s at load 6, 40 s at load 3:
    # 4.3 on average, on 2 cores) may take about twice as long: 2.1 times, held to twice...
    report("tests/test_busy.py::test_a", 30, 6.0)
    report("tests/test_busy.py::test_b", 40, 3.0)
    # ...and one that ran on the quiet machine is held to 60 s.
    report("tests/test_quiet.py::test_a", 61, 1.0)
    assert times.load_of("tests/test_busy.py") == pytest.approx((30 * 6 + 40 * 3) / 70)
    assert times.allowed("tests/test_busy.py") == 120
    assert times.allowed("tests/test_quiet.py") == 60
    session = SimpleNamespace(exitstatus=pytest.ExitCode.OK)
    times.pytest_sessionfinish(session)
    assert times.over == [("tests/test_quiet.py", 61)]
    assert session.exitstatus == pytest.ExitCode.TESTS_FAILED
