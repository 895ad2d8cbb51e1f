"""Logging in and out, sessions, API tokens and CSRF (failed logins: test_failed_logins.py)."""
from __future__ import annotations

import re

from graphsvc import accounts
from tests.helpers import PASSWORD, Browser, make_app
from webui.config import from_env
from webui.storage import get_store


def test_login_then_dashboard_then_logout(app):
    browser = Browser(app)
    assert browser.get("/").status_code == 302
    browser.login("mentee")
    assert "Your goals" in browser.get("/").get_data(as_text=True)
    response = browser.post("/logout")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert browser.get("/").status_code == 302


def test_wrong_password_is_refused_without_saying_which_part(app):
    browser = Browser(app)
    browser.get("/login")
    for email in ("eve@example.com", "nobody@example.com"):
        response = browser.post("/login", {"email": email, "password": "not it at all"})
        assert response.status_code == 401 and "Wrong e-mail or password." in response.get_data(as_text=True)


def test_next_only_goes_to_this_site(app):
    browser = Browser(app)
    for target, expected in (("/people?q=a", "/people?q=a"), ("//evil.example/x", "/"),
                             ("https://evil.example/", "/"), ("/\\evil.example", "/")):
        browser.get("/login")  # logging in starts a new session, with a new CSRF token
        response = browser.post("/login", {"email": "eve@example.com", "password": PASSWORD, "next": target})
        assert response.headers["Location"] == expected


def test_forms_without_the_session_token_are_refused(login):
    browser = login("mentee")
    for token in ("", "forged"):
        response = browser.client.post("/goals/new", data={"csrf_token": token, "statement": "x"})
        assert response.status_code == 400 and "expired" in response.get_data(as_text=True)
    response = browser.client.post("/api/v1/goals", json={"statement": "x"})
    assert response.status_code == 400 and response.json["error"]["status"] == 400
    response = browser.client.post("/api/v1/goals", json={"statement": "x"}, headers={"X-CSRF-Token": browser.token})
    assert response.status_code == 422  # past the CSRF check, on to validation


def test_login_form_itself_needs_the_token(app):
    response = app.test_client().post("/login", data={"email": "eve@example.com", "password": PASSWORD})
    assert response.status_code == 400


def test_api_token_for_scripts(login, app):
    browser = login("mentee")
    page = browser.post("/account/token").get_data(as_text=True)
    token = re.search(r'<code id="api-token">([^<]+)</code>', page).group(1)
    script = app.test_client()
    response = script.get("/api/v1/goals", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.json["goals"][0]["owner"] == "eve"
    created = script.post("/api/v1/goals", headers={"Authorization": f"Bearer {token}"},
                          json={"statement": "Learn roadmaps", "spec": {"skills": ["Roadmaps"]},
                                "measure": "introductions made", "target_value": 1, "due": "2099-06-30"})
    assert created.status_code == 201  # no CSRF token: a bearer request carries no ambient credential
    bad = script.get("/api/v1/goals", headers={"Authorization": "Bearer igt_not-a-token"})
    assert bad.status_code == 401 and "not valid" in bad.json["error"]["message"]
    assert script.get("/goals", headers={"Authorization": f"Bearer {token}"}).status_code == 302  # API only


def test_disabling_an_account_ends_its_session_at_once(app, login):
    browser = login("mentee")
    with app.app_context():
        accounts.disable_user(get_store(), "eve@example.com", actor="admin@example.org")
    assert browser.get("/").status_code == 302


def test_session_cookie_and_security_headers(app, tmp_path):
    assert from_env({})["SESSION_COOKIE_SECURE"] is True
    secure = make_app(app.config["STORE_URI"], tmp_path / "w")
    secure.config["SESSION_COOKIE_SECURE"] = True
    response = Browser(secure).client.get("/login")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    secure.extensions["intrograph.store"].close()
