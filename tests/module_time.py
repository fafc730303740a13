"""A pytest plugin that fails the run when one test module takes too long on its own.

A module's time is the sum of its tests' setup, call and teardown durations, wherever they ran
(less the setup of session-scoped fixtures such as the test database, which is no module's own):
under pytest-xdist the workers send every report to the controller, which adds them up and
judges once all tests have run. The limit (`--max-module-seconds`, 60 by default, 0 turns the
guard off) keeps any one module from becoming the one a parallel run waits for; a module over it
is to be made faster or split.

The durations are wall-clock, and the limit is for a machine no busier than it has cores: when the
load average while a module's tests ran (read after each of its reports, weighted by their
durations) was higher (other work on a shared machine), they ran slower by about that much, and
the module's limit grows in proportion, up to twice (`--load-average` gives the load instead of
reading it).
The summary lists the slowest modules with their limits, so that a module near its limit is
seen before it fails a run.
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
    parser.addoption(
        "--load-average",
        type=float,
        default=None,
        help="the machine's load average to judge every module's time by (default: for each "
        "module, the 1-minute load average read after each of its reports, weighted by their "
        "durations)",
    )


def pytest_configure(config):
    limit = config.getoption("max_module_seconds")
    if limit:
        config.pluginmanager.register(SessionSetup(), "accord-session-setup")
    # Under xdist the workers only run tests; the controller sees every report and judges.
    if limit and not hasattr(config, "workerinput"):
        load = config.getoption("load_average")
        config.pluginmanager.register(ModuleTimes(limit, load), "accord-module-time")


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


# The most a limit grows with the load: a module's own browser and server processes add to the
# load while it runs (5 to 6.5 on 2 cores under the browser tests), and no module may take more
# than twice the limit, however busy the machine.
MAX_GROWTH = 2.0


def limit_for_load(limit: float, load: float, cores: int) -> float:
    """The module limit on a machine whose load average was `load`: as given up to one runnable
    process per core, and in proportion beyond, where each process gets a share of a core, up
    to MAX_GROWTH times."""
    return limit * min(MAX_GROWTH, max(1.0, load / max(cores, 1)))


class ModuleTimes:
    """Adds up each module's test durations and fails the session when one is over its limit."""

    SHOWN = 5  # the slowest modules listed in the summary

    def __init__(self, limit: float, load: float | None = None):
        self.limit = limit
        self.load = load
        self.cores = os.cpu_count() or 1
        self.seconds: dict[str, float] = defaultdict(float)
        # Per module: the load average read after each report times its duration, added up.
        self.load_seconds: dict[str, float] = defaultdict(float)
        self.over: list[tuple[str, float]] = []

    def pytest_runtest_logreport(self, report):
        session = sum(value for name, value in report.user_properties if name == SESSION_SETUP)
        module = report.nodeid.split("::", 1)[0]
        seconds = max(report.duration - session, 0.0)
        self.seconds[module] += seconds
        self.load_seconds[module] += os.getloadavg()[0] * seconds

    def load_of(self, module: str) -> float:
        """The machine's load average while the module's tests ran."""
        if self.load is not None:
            return self.load
        seconds = self.seconds[module]
        return self.load_seconds[module] / seconds if seconds else 0.0

    def allowed(self, module: str) -> float:
        return limit_for_load(self.limit, self.load_of(module), self.cores)

    def pytest_sessionfinish(self, session):
        self.over = sorted(
            (
                (module, total)
                for module, total in self.seconds.items()
                if total > self.allowed(module)
            ),
            key=lambda item: -item[1],
        )
        if self.over and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def line(self, module: str, total: float) -> str:
        return (
            f"{module}: {total:.1f} s (limit {self.allowed(module):.3g} s, "
            f"load {self.load_of(module):.1f} on {self.cores} cores)"
        )

    def pytest_terminal_summary(self, terminalreporter):
        if self.seconds:
            terminalreporter.section("slowest test modules")
            slowest = sorted(self.seconds.items(), key=lambda item: -item[1])[: self.SHOWN]
            for module, total in slowest:
                terminalreporter.line(self.line(module, total))
        if not self.over:
            return
        terminalreporter.section("test modules over the time limit", red=True, bold=True)
        for module, total in self.over:
            terminalreporter.line(self.line(module, total), red=True)
        terminalreporter.line("Make them faster or split them: see docs/architecture.md, Tests.")
        terminalreporter.line(
            f"The limit is {self.limit:g} s on a machine no busier than its cores, and grows in "
            f"proportion to the load average while the module ran, up to {MAX_GROWTH:g} times."
        )
