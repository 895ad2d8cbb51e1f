"""Sessions end when they should: a cookie saved before a logout, a password change, an admin's
reset, a role change or disabling no longer works afterwards, in any worker."""
from __future__ import annotations

import pytest

from graphsvc import accounts
from tests.helpers import PASSWORD, Browser, make_app
from webui.storage import get_store

NEW_PASSWORD = "a brand new one 2"


def _saved_cookie(app, role: str = "mentee") -> str:
    """Log in and keep the session cookie, as someone who copied it would."""
    return Browser(app).login(role).client.get_cookie("session").value


def _replay(app, cookie: str) -> tuple[int, int]:
    """The saved cookie, sent again: (status of a page, status of an API call)."""
    client = app.test_client()
    client.set_cookie("session", cookie)
    return client.get("/goals").status_code, client.get("/api/v1/goals").status_code


def _logout(app, browser):
    browser.post("/logout")


def _own_password_change(app, browser):
    page = browser.get("/account")
    assert page.status_code == 200
    response = browser.post("/account/password", {"current_password": PASSWORD, "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert browser.get("/goals").status_code == 200  # the session that changed it goes on


def _admin(action: str, **form):
    def act(app, browser):
        admin = Browser(app).login("admin")
        admin.get("/admin/accounts")
        response = admin.post("/admin/accounts/eve@example.com", {"action": action, **form})
        assert response.status_code == 302 and admin.get("/admin/accounts").status_code == 200
    return act


@pytest.mark.parametrize("end", [_logout, _own_password_change, _admin("password", password=NEW_PASSWORD),
                                 _admin("roles", roles=["mentee", "mentor"]), _admin("disable")],
                         ids=["logout", "password change", "admin reset", "role change", "disable"])
def test_a_cookie_saved_before_is_refused_after(app, end):
    saved = _saved_cookie(app)
    assert _replay(app, saved) == (200, 200)
    end(app, Browser(app).login("mentee"))
    page, api = _replay(app, saved)
    assert page == 302 and api == 401


def test_every_worker_refuses_it_at_once(app, tmp_path):
    saved = _saved_cookie(app)
    other_worker = make_app(app.config["STORE_URI"], tmp_path / "w2")
    try:
        assert _replay(other_worker, saved) == (200, 200)
        with app.app_context():
            accounts.end_sessions(get_store(), "eve@example.com")
        assert _replay(other_worker, saved) == (302, 401)
    finally:
        other_worker.extensions["intrograph.store"].close()


def test_disabled_then_enabled_does_not_bring_old_sessions_back(app):
    saved = _saved_cookie(app)
    with app.app_context():
        accounts.disable_user(get_store(), "eve@example.com", actor="admin@example.org")
        accounts.enable_user(get_store(), "eve@example.com", actor="admin@example.org")
    assert _replay(app, saved) == (302, 401)
    assert Browser(app).login("mentee").get("/goals").status_code == 200  # a new login works


def test_a_wrong_current_password_changes_nothing(app):
    browser = Browser(app).login("mentee")
    browser.get("/account")
    response = browser.post("/account/password", {"current_password": "not it at all", "password": NEW_PASSWORD})
    assert response.status_code == 422 and "not your current password" in response.get_data(as_text=True)
    with app.app_context():
        assert accounts.authenticate(get_store(), "eve@example.com", PASSWORD) is not None


def test_an_admin_changing_their_own_account_stays_logged_in_here(app):
    admin = Browser(app).login("admin")
    other_session = _saved_cookie(app, "admin")
    admin.get("/admin/accounts")
    admin.post("/admin/accounts/admin@example.org", {"action": "password", "password": NEW_PASSWORD})
    assert admin.get("/admin/accounts").status_code == 200
    assert _replay(app, other_session) == (302, 401)


def test_a_request_reads_the_account_once(app):
    """The session check costs no extra read: the one read of the account holds the epoch."""
    browser = Browser(app).login("mentee")
    reads = []
    with app.app_context():
        store = get_store()
        find = store.find_records
        store.find_records = lambda kind, *a, **kw: (reads.append(kind), find(kind, *a, **kw))[1]
        try:
            assert browser.get("/goals").status_code == 200
        finally:
            del store.find_records
    assert reads.count("Account") == 1
