"""Live servers on seeded stores and Debian's chromium driven by Playwright.

Skipped (never errored) when Playwright or /usr/bin/chromium is missing; with
``INTROGRAPH_REQUIRE_BROWSER=1`` the root conftest turns those skips into failures.
Screenshots go to ``$INTROGRAPH_ARTIFACTS`` (default ``tests/artifacts/``), one stable file
name per picture.

Every page a test opens is watched: a console message of type error, an uncaught script
error, or a request to any origin but the server's fails the test (:func:`pytest_runtest_call`).
"""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from graphsvc.embedded import EmbeddedStore
from tests.helpers import ACCOUNTS, ATLAS, PASSWORD, ROOT, build, make_app, seed, seed_history

CHROMIUM = "/usr/bin/chromium"
#: Flags verified on these machines (shared/BROWSER.md): no sandbox as root, nothing fetched.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(os.environ.get("INTROGRAPH_ARTIFACTS") or ROOT / "tests" / "artifacts")
#: reports the browser tests wrote (name → lines), printed at the end of the run
REPORTS = pytest.StashKey[dict[str, list[str]]]()


@dataclass
class Site:
    """A running server: its origin and the ids its seed made."""

    url: str
    ids: dict[str, str]


@dataclass
class Watch:
    """What the pages of one test did that they must not: console errors, script errors,
    requests to other origins."""

    origins: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    #: console errors a test causes on purpose, by a part of their text (see :meth:`expect`)
    expected: list[str] = field(default_factory=list)

    def expect(self, text: str) -> None:
        """A console error containing ``text`` is part of the test, such as Chromium's
        "Failed to load resource … status of 422" for a form the server refuses."""
        self.expected.append(text)

    def attach(self, context, site: Site) -> None:
        self.origins.add(site.url)
        context.on("console", self._console)
        context.on("weberror", lambda error: self.problems.append(f"script error: {error.error}"))
        context.on("request", self._request)

    def _console(self, message) -> None:
        if message.type == "error" and not any(text in message.text for text in self.expected):
            self.problems.append(f"console error ({message.location.get('url')}): {message.text}")

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and f"{parts.scheme}://{parts.netloc}" not in self.origins:
            self.problems.append(f"request to another origin: {request.method} {request.url}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail a browser test whose pages logged errors or reached outside the server."""
    result = yield
    watch = item.funcargs.get("watch")
    if watch is not None and watch.problems:
        pytest.fail("the pages of this test misbehaved:\n  " + "\n  ".join(watch.problems), pytrace=False)
    return result


@pytest.fixture(scope="session")
def playwright_browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def _serving(folder: Path, prepare=None):
    """The app on 127.0.0.1 (a free port) in a thread, over a freshly seeded embedded store
    (then ``prepare(store, ids)``, whose returned ids are added).

    Session cookies keep their ``Secure`` flag: Chromium accepts them on loopback, so the
    browser tests run with the production cookie settings.
    """
    store = EmbeddedStore(f"sqlite:///{folder / 'intrograph.db'}")
    ids = seed(store)
    if prepare is not None:
        ids.update(prepare(store, ids))
    store.close()
    app = make_app(f"sqlite:///{folder / 'intrograph.db'}", folder / "web")
    app.config["SESSION_COOKIE_SECURE"] = True
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield Site(f"http://127.0.0.1:{server.server_port}", ids)
    finally:
        server.shutdown()
        app.extensions["intrograph.store"].close()


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    """The seeded organisation, shared by the tests of the session."""
    with _serving(tmp_path_factory.mktemp("live")) as site:
        yield site


@pytest.fixture(scope="session")
def live_server(live_site):
    return live_site.url


@pytest.fixture(scope="session")
def history_site(tmp_path_factory):
    """The seeded organisation after half a year of introductions and goals (for charts)."""
    def history(store, ids):
        return seed_history(store, ids, date.today())

    with _serving(tmp_path_factory.mktemp("history"), history) as site:
        yield site


@pytest.fixture(scope="session")
def mentor_site(tmp_path_factory):
    """The seeded organisation where Max (Eve's mentor) once worked with Tom, of the Product
    department Eve's goal aims at: Tom is one of Max's picks for Eve."""
    def atlas(store, ids):
        build(store, {}, [ATLAS])
        return {}

    with _serving(tmp_path_factory.mktemp("mentor"), atlas) as site:
        yield site


@pytest.fixture
def watch():
    return Watch()


@pytest.fixture
def open_as(playwright_browser, live_site, watch):
    """``open_as(role, site=live_site, **context_options)`` → a page of a fresh browser
    context, logged in as that account (``role=None``: not logged in, on the login page)."""
    contexts = []

    def login(role: str | None, site: Site = live_site, **context_options):
        context = playwright_browser.new_context(**context_options)
        contexts.append(context)
        watch.attach(context, site)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{site.url}/login")
        if role is None:
            return page
        page.fill("input[name=email]", ACCOUNTS[role][0])
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{site.url}/")
        return page

    yield login
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots and reports of the browser suite go (``$INTROGRAPH_ARTIFACTS``)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def report(request, artifacts):
    """``report(name)`` → a list of lines that is saved as ``$INTROGRAPH_ARTIFACTS/NAME.txt``
    and printed at the end of the run."""
    reports = request.config.stash.setdefault(REPORTS, {})
    yield lambda name: reports.setdefault(name, [])
    for name, lines in reports.items():
        (artifacts / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def pytest_terminal_summary(terminalreporter, config):
    for name, lines in config.stash.get(REPORTS, {}).items():
        terminalreporter.write_sep("-", f"{name} (also in {ARTIFACTS / name}.txt)")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def shoot(artifacts):
    """``shoot(page_or_element, name)`` saves a screenshot as ``$INTROGRAPH_ARTIFACTS/NAME.png``
    (a whole page, or just the element given)."""
    def save(target, name: str) -> Path:
        path = artifacts / f"{name}.png"
        if hasattr(target, "goto"):
            target.screenshot(path=str(path), full_page=True)
        else:
            target.screenshot(path=str(path))
        return path
    return save
