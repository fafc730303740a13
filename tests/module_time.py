"""A pytest plugin that fails the run when one test module takes too long on its own.

A module's time is the sum of its tests' setup, call and teardown durations, wherever they ran:
under pytest-xdist the workers send every report to the controller, which adds them up and
judges once all tests have run. The limit (`--max-module-seconds`, 60 by default, 0 turns the
guard off) keeps any one module from becoming the one a parallel run waits for; a module over it
is to be made faster or split.
"""

import os
from collections import defaultdict

import pytest

DEFAULT_LIMIT = 60.0


def pytest_addoption(parser):
    parser.addoption(
        "--max-module-seconds",
        type=float,
        default=DEFAULT_LIMIT,
        help="fail the run when the tests of one module take longer than this in all "
        f"(default {DEFAULT_LIMIT:g} s; 0 turns the guard off)",
    )


def pytest_configure(config):
    limit = config.getoption("max_module_seconds")
    # Under xdist the workers only run tests; the controller sees every report and judges.
    if limit and not hasattr(config, "workerinput"):
        config.pluginmanager.register(ModuleTimes(limit), "accord-module-time")


class ModuleTimes:
    """Adds up each module's test durations and fails the session when one is over the limit."""

    def __init__(self, limit: float):
        self.limit = limit
        self.seconds: dict[str, float] = defaultdict(float)
        self.over: list[tuple[str, float]] = []

    def pytest_runtest_logreport(self, report):
        self.seconds[report.nodeid.split("::", 1)[0]] += report.duration

    def pytest_sessionfinish(self, session):
        self.over = sorted(
            ((module, total) for module, total in self.seconds.items() if total > self.limit),
            key=lambda item: -item[1],
        )
        if self.over and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter):
        if not self.over:
            return
        terminalreporter.section("test modules over the time limit", red=True, bold=True)
        for module, total in self.over:
            terminalreporter.line(f"{module}: {total:.1f} s (limit {self.limit:g} s)", red=True)
        terminalreporter.line("Make them faster or split them: see docs/architecture.md, Tests.")
        # Durations are wall-clock: on a machine other work keeps busy, every module is slower.
        load, cores = os.getloadavg()[1], os.cpu_count() or 1
        if load > cores:
            terminalreporter.line(
                f"The machine was busy: load average {load:.1f} over 5 minutes on {cores} cores."
            )
