"""Failed logins slow the attacker down, never the real user: per account and address, counted
in the store for every worker, with addresses read behind trusted proxies only."""
from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from tests.helpers import PASSWORD, Browser, make_app
from webui.proxies import client_address, parse_trusted

ATTACKER, VICTIM, PROXY = "203.0.113.9", "198.51.100.7", "10.0.0.2"


@pytest.fixture
def app(app):
    """Waits long enough that a slow machine never sees one end between two requests."""
    policy = app.extensions["intrograph.login_policy"]
    app.extensions["intrograph.login_policy"] = replace(policy, first_delay=120, max_delay=3600)
    return app


def _browser(app, address: str = "127.0.0.1", forwarded_for: str | None = None) -> Browser:
    browser = Browser(app)
    browser.client.environ_base["REMOTE_ADDR"] = address
    if forwarded_for is not None:
        browser.client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    browser.get("/login")
    return browser


def _login(browser: Browser, password: str, email: str = "eve@example.com") -> int:
    return browser.post("/login", {"email": email, "password": password}).status_code


def test_an_attackers_failures_do_not_stop_the_victims_login_from_elsewhere(app):
    attacker = _browser(app, ATTACKER)
    for _ in range(app.config["LOGIN_FREE_FAILURES"]):
        assert _login(attacker, "wrong guess") == 401
    refused = attacker.post("/login", {"email": "eve@example.com", "password": PASSWORD})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1  # not even the right one
    assert "Too many failed logins" in refused.get_data(as_text=True)
    assert _login(_browser(app, VICTIM), PASSWORD) == 302


def test_spraying_many_accounts_from_one_address_does_not_lock_out_the_others_there(app):
    """People behind one proxy share an address: the attacker's failures there must not lock
    out the rest, only slow the pairs that failed."""
    attacker = _browser(app, ATTACKER)
    for i in range(app.config["LOGIN_CLIENT_CEILING"] + 1):
        assert _login(attacker, "wrong", f"guess{i}@example.com") == 401
    colleague = _browser(app, ATTACKER)
    assert _login(colleague, PASSWORD) == 302
    typo = _browser(app, ATTACKER)
    assert _login(typo, "wrong", "max@example.com") == 401
    assert _login(typo, PASSWORD, "max@example.com") == 429  # a hot address: one free failure


def test_the_counts_are_shared_by_every_app_on_the_store(app, tmp_path):
    other_worker = make_app(app.config["STORE_URI"], tmp_path / "w2")
    other_worker.extensions["intrograph.login_policy"] = app.extensions["intrograph.login_policy"]
    try:
        first = _browser(app, ATTACKER)
        for _ in range(app.config["LOGIN_FREE_FAILURES"]):
            assert _login(first, "wrong guess") == 401
        assert _login(_browser(other_worker, ATTACKER), PASSWORD) == 429
    finally:
        other_worker.extensions["intrograph.store"].close()


def test_a_burst_of_concurrent_guesses_gets_no_more_than_the_free_tries(app):
    browsers = [_browser(app, ATTACKER) for _ in range(8)]
    statuses: list[int] = []
    threads = [threading.Thread(target=lambda b=b: statuses.append(_login(b, "wrong guess"))) for b in browsers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(set(statuses)) <= [401, 429] and statuses.count(401) <= app.config["LOGIN_FREE_FAILURES"]


def test_forwarded_for_is_believed_from_a_trusted_proxy(app):
    app.extensions["intrograph.trusted_proxies"] = parse_trusted(PROXY)
    attacker = _browser(app, PROXY, forwarded_for=f"192.0.2.1, {ATTACKER}")
    for _ in range(app.config["LOGIN_FREE_FAILURES"]):
        assert _login(attacker, "wrong guess") == 401
    assert _login(attacker, PASSWORD) == 429
    assert _login(_browser(app, PROXY, forwarded_for=VICTIM), PASSWORD) == 302


def test_forwarded_for_from_anyone_else_is_ignored(app):
    app.extensions["intrograph.trusted_proxies"] = parse_trusted(PROXY)
    attacker = _browser(app, ATTACKER)
    for i in range(app.config["LOGIN_FREE_FAILURES"]):
        attacker.client.environ_base["HTTP_X_FORWARDED_FOR"] = f"192.0.2.{i}"
        assert _login(attacker, "wrong guess") == 401
    attacker.client.environ_base["HTTP_X_FORWARDED_FOR"] = VICTIM
    assert _login(attacker, PASSWORD) == 429


def test_client_address_walks_trusted_hops_from_the_right():
    trusted = parse_trusted("10.0.0.0/8, ::1")
    assert client_address(ATTACKER, [VICTIM], trusted) == ATTACKER  # not from a proxy: not believed
    assert client_address("10.0.0.2", [f"{VICTIM}, {ATTACKER}"], trusted) == ATTACKER  # only the appended hop
    assert client_address("10.0.0.2", [VICTIM, "10.0.0.3"], trusted) == VICTIM  # two proxies of ours
    assert client_address("::1", [ATTACKER], trusted) == ATTACKER
    assert client_address("10.0.0.2", ["not-an-address"], trusted) == "10.0.0.2"
    assert client_address("10.0.0.2", [], trusted) == "10.0.0.2"
    assert client_address(ATTACKER, [], ()) == ATTACKER


def test_a_bad_trusted_proxies_setting_is_named():
    with pytest.raises(ValueError, match="INTROGRAPH_TRUSTED_PROXIES: 'proxy.example' is not an IP address"):
        parse_trusted("10.0.0.1, proxy.example")
