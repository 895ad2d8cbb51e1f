"""A live server on a seeded store and Debian's chromium driven by Playwright.

Skipped (never errored) when Playwright or /usr/bin/chromium is missing; with
``INTROGRAPH_REQUIRE_BROWSER=1`` the root conftest turns those skips into failures.
Screenshots go to ``tests/artifacts/``.
"""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from graphsvc.embedded import EmbeddedStore
from tests.helpers import ACCOUNTS, PASSWORD, make_app, seed

CHROMIUM = "/usr/bin/chromium"
#: Flags verified on these machines (shared/BROWSER.md): no sandbox as root, nothing fetched.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(__file__).parent.parent / "artifacts"


@pytest.fixture(scope="session")
def playwright_browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app on 127.0.0.1 (a free port) in a thread, over a freshly seeded embedded store.

    Session cookies keep their ``Secure`` flag: Chromium accepts them on loopback, so the
    browser walk runs with the production cookie settings.
    """
    folder = tmp_path_factory.mktemp("live")
    store = EmbeddedStore(f"sqlite:///{folder / 'intrograph.db'}")
    seed(store)
    store.close()
    app = make_app(f"sqlite:///{folder / 'intrograph.db'}", folder / "web")
    app.config["SESSION_COOKIE_SECURE"] = True
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    app.extensions["intrograph.store"].close()


@pytest.fixture
def open_as(playwright_browser, live_server):
    """``open_as(role)`` → a page of a fresh browser context, logged in as that account."""
    contexts = []

    def login(role: str, **context_options):
        context = playwright_browser.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server}/login")
        page.fill("input[name=email]", ACCOUNTS[role][0])
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server}/")
        return page

    yield login
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def shoot():
    """``shoot(page, name)`` saves a full-page screenshot as tests/artifacts/NAME.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path
    return save
