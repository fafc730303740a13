"""A pytest plugin that fails the run when one test module takes too long on its own.

A module's time is the sum of its tests' setup, call and teardown durations, wherever they ran
(less the setup of session-scoped fixtures such as the test database, which is no module's own):
under pytest-xdist the workers send every report to the controller, which adds them up and
judges once all tests have run. The limit (`--max-module-seconds`, 60 by default, 0 turns the
guard off) keeps any one module from becoming the one a parallel run waits for; a module over it
is to be made faster or split.
"""

import os
import time
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
    if limit:
        config.pluginmanager.register(SessionSetup(), "accord-session-setup")
    # Under xdist the workers only run tests; the controller sees every report and judges.
    if limit and not hasattr(config, "workerinput"):
        config.pluginmanager.register(ModuleTimes(limit), "accord-module-time")


SESSION_SETUP = "session_setup_seconds"


class SessionSetup:
    """Notes on a test's setup report the time its session-scoped fixtures took to set up.

    A session fixture (the test database, created by migrating once per process) is set up
    during the setup of whichever test needs it first, which is not that test's module's cost:
    the report carries it (in `user_properties`, which pytest-xdist sends to the controller)
    so that ModuleTimes leaves it out.
    """

    def __init__(self):
        self.seconds = 0.0
        self.depth = 0  # session fixtures set up inside another one are counted in it

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(self, fixturedef):
        if fixturedef.scope != "session" or self.depth:
            return (yield)
        self.depth += 1
        start = time.perf_counter()
        try:
            return (yield)
        finally:
            self.depth -= 1
            self.seconds += time.perf_counter() - start

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        if call.when == "setup" and self.seconds:
            report.user_properties.append((SESSION_SETUP, self.seconds))
            self.seconds = 0.0
        return report


class ModuleTimes:
    """Adds up each module's test durations and fails the session when one is over the limit."""

    def __init__(self, limit: float):
        self.limit = limit
        self.seconds: dict[str, float] = defaultdict(float)
        self.over: list[tuple[str, float]] = []

    def pytest_runtest_logreport(self, report):
        session = sum(value for name, value in report.user_properties if name == SESSION_SETUP)
        self.seconds[report.nodeid.split("::", 1)[0]] += max(report.duration - session, 0.0)

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
