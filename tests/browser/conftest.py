"""Real-browser setup: Playwright's sync API drives Debian's Chromium against pytest-django's
live_server.

Each test gets a fresh browser context. A Content-Security-Policy violation or an uncaught script
error on any page fails the test, and so does a page the test visited but never checked with
axe-core (`check_a11y`). A failing test leaves a screenshot in test-artifacts/.
"""

import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import Page, expect, sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls that build test data
# would otherwise be refused as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


class OneRequestAtATime(ThreadedWSGIServer):
    """The live server, answering one request at a time.

    On SQLite the test database lives in memory, and the live server's threads share the test's
    one connection: two requests at once (a page's htmx calls while a form posts) use it together
    and SQLite answers "bad parameter or other API misuse". Requests still arrive on their own
    threads, so a connection the browser keeps open blocks nobody; only the application's work is
    taken in turn. On PostgreSQL each thread has its own connection and nothing is serialized.
    """

    def set_app(self, app):
        lock = threading.Lock()

        def in_turn(environ, start_response):
            with lock:
                return app(environ, start_response)

        super().set_app(in_turn)


if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    LiveServerThread.server_class = OneRequestAtATime

CHROMIUM = os.environ.get("ACCORD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Set ACCORD_SCREENSHOTS=all to keep a screenshot of every page checked, not only of failures.
SCREENSHOT_ALL = os.environ.get("ACCORD_SCREENSHOTS") == "all"
BLOCKING_IMPACTS = ("critical", "serious")
DEFAULT_TIMEOUT_MS = 10_000

# Chromium logs a CSP block as a console error ("Refused to ... Content Security Policy"); the
# securitypolicyviolation event catches the blocks it does not log. Init scripts are injected by
# the DevTools protocol, so the page's own CSP does not apply to this one.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    "Content Security Policy violation: " + event.violatedDirective + " blocked " +
    (event.blockedURI || "inline code") + " at " + event.sourceFile + ":" + event.lineNumber
  );
});
"""
CSP_PATTERN = re.compile(r"Content Security Policy|Refused to", re.IGNORECASE)

AXE = Axe()
REPORTS = pytest.StashKey[dict]()


@dataclass
class Watch:
    """What one page did that a test must answer for: console problems and unchecked pages."""

    csp_violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)
    shots: int = 0

    def on_console(self, message) -> None:
        text = message.text
        if CSP_PATTERN.search(text):
            self.csp_violations.append(text)
        elif message.type == "error":
            self.console_errors.append(text)

    def on_page_error(self, error) -> None:
        self.page_errors.append(str(error))

    def problems(self) -> list[str]:
        found = [f"CSP violation: {text}" for text in self.csp_violations]
        found += [f"Uncaught page error: {text}" for text in self.page_errors]
        unchecked = [url for url in dict.fromkeys(self.visited) if url not in self.checked]
        found += [f"Visited but not checked with axe (call check_a11y): {url}" for url in unchecked]
        return found


_watches: dict[int, Watch] = {}


def _page_url(page: Page) -> str:
    return urldefrag(page.url).url


def _artifact_name(nodeid: str, suffix: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / (re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_") + suffix)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report so the page fixture knows, at teardown, whether the test failed.
    report = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install Debian's package (apt-get install "
            "chromium) or point ACCORD_CHROMIUM at a Chromium binary. Browser tests never skip.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    """A page in its own browser context, watched for CSP violations and script errors."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    expect.set_options(timeout=DEFAULT_TIMEOUT_MS)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    watch = Watch()
    page.on("console", watch.on_console)
    page.on("pageerror", watch.on_page_error)
    page.on(
        "framenavigated",
        lambda frame: frame == page.main_frame and watch.visited.append(urldefrag(frame.url).url),
    )
    _watches[id(page)] = watch
    yield page
    problems = watch.problems()
    call = request.node.stash.get(REPORTS, {}).get("call")
    try:
        if problems or call is None or call.failed:
            path = _artifact_name(request.node.nodeid, ".png")
            page.screenshot(path=str(path), full_page=True)
            print(f"Screenshot of the failing page: {path}")
    finally:
        _watches.pop(id(page), None)
        context.close()
    if problems:
        extra = "".join(f"\n  console error: {text}" for text in watch.console_errors)
        pytest.fail("\n".join(["Browser problems:", *problems]) + extra, pytrace=False)


def check_a11y(page: Page) -> None:
    """Run axe-core on the page as it is now; fail on any serious or critical violation."""
    watch = _watches.get(id(page))
    page.wait_for_load_state("load")
    results = AXE.run(page)
    url = _page_url(page)
    if watch is not None:
        watch.checked.add(url)
        if SCREENSHOT_ALL:
            watch.shots += 1
            test = os.environ.get("PYTEST_CURRENT_TEST", "page").split(" ")[0]
            # caret="initial": hiding the caret leaves style="" on every input, which a later
            # HTMX swap copies over with setAttribute, and the CSP then reports it as inline style.
            page.screenshot(
                path=str(_artifact_name(f"{test}-{watch.shots}", ".png")),
                full_page=True,
                caret="initial",
            )
    violations = results.response["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    minor = [v for v in violations if v.get("impact") not in BLOCKING_IMPACTS]
    if minor:
        print(f"axe (not blocking) on {url}:\n{format_violations(minor)}")
    if blocking:
        pytest.fail(
            f"axe-core found {len(blocking)} serious or critical violation(s) on {url}:\n"
            + format_violations(blocking),
            pytrace=False,
        )


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- [{violation.get('impact')}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"      {line}" for line in summary.splitlines())
    return "\n".join(lines)


def sign_in(page: Page, live_server, username: str, password: str) -> None:
    """Sign in through the real form and check both the form and the page it leads to."""
    page.goto(f"{live_server.url}/accounts/sign-in/")
    check_a11y(page)
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("button", name="Sign out")).to_be_attached()
    check_a11y(page)
