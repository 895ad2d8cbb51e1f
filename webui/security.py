"""Who is asking, what they may do, and the defences every request passes through.

* Identity: a session cookie (pages and API) or ``Authorization: Bearer TOKEN`` (API only,
  for scripts). The account is read again on every request (one record read), so a disabled
  account or a removed role takes effect at once; and a session carries the account's
  session epoch from its login, so that a logout, a password or role change or disabling
  ends every earlier session of the account, in every worker (:mod:`graphsvc.accounts`).
* Roles: :func:`require` guards each view; a user without the role gets 403.
* CSRF: every state-changing request made with the session must carry the session's token
  (a hidden ``csrf_token`` field, or the ``X-CSRF-Token`` header for the API). Token
  requests carry no cookie a forger could ride on, so they need none.
* Failed logins: :func:`checked_password` throttles them per account and client address
  together, with counts in the store (:mod:`graphsvc.login_throttle`); the client's address
  is read behind trusted proxies only (:mod:`webui.proxies`).
* Headers: a strict Content-Security-Policy (pyvis graph pages relax it for themselves).
"""
from __future__ import annotations

import hmac
import secrets
from functools import wraps
from typing import Any, Callable

from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from werkzeug.exceptions import HTTPException, TooManyRequests

from graphsvc import accounts, login_throttle
from graphsvc.model import StoreError
from webui.errors import wants_json
from webui.proxies import client_address, parse_trusted
from webui.storage import get_store

__all__ = ["current_user", "actor", "require", "has_role", "csrf_token", "log_in", "log_out", "checked_password",
           "init_app"]

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'")


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if request.path.startswith("/api/") and scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


def current_user() -> dict[str, Any] | None:
    """The logged-in account (``email``, ``person_id``, ``roles``), read once per request."""
    if "user" not in g:
        g.user = None
        token = _bearer_token()
        if token is not None:
            g.user = accounts.user_for_token(get_store(), token)
            if g.user is None:
                abort(401, "That API token is not valid (it may have been revoked).")
        elif session.get("email"):
            g.user = accounts.get_user(get_store(), session["email"])
            if g.user is None or g.user.get("disabled") or session.get("epoch") != accounts.session_epoch(g.user):
                session.clear()
                g.user = None
    return g.user


def actor() -> str:
    """Who acts, as audit entries name them: the viewer's person_id, else their e-mail."""
    user = current_user()
    return user.get("person_id") or user["email"]


def viewer() -> dict[str, Any] | None:
    """:func:`current_user` for templates: an error page must render even when the store is down."""
    try:
        return current_user()
    except (StoreError, HTTPException):
        return None


def has_role(user: dict[str, Any] | None, *roles: str) -> bool:
    return bool(user) and bool(set(roles) & set(user.get("roles") or ()))


def require(*roles: str) -> Callable:
    """Guard a view: logged in, and (when given) holding at least one of ``roles``."""
    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            user = current_user()
            if user is None:
                if wants_json():
                    abort(401, "Log in, or send an API token as 'Authorization: Bearer TOKEN'.")
                return redirect(url_for("auth.login", next=request.full_path))
            if roles and not has_role(user, *roles):
                abort(403, f"This is for {' or '.join(roles)} accounts.")
            return view(*args, **kwargs)
        return guarded
    return decorate


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _check_csrf() -> None:
    if request.method not in UNSAFE_METHODS or _bearer_token() is not None:
        return
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    expected = session.get("csrf")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        abort(400, "This form has expired or did not come from this site. Reload the page and try again.")


def log_in(user: dict[str, Any]) -> None:
    """Start a fresh session (a new CSRF token too: nothing from before login survives)."""
    session.clear()
    session.permanent = True
    session["email"] = user["email"]
    session["epoch"] = accounts.session_epoch(user)
    csrf_token()


def log_out() -> None:
    """End every session of the viewer's account, this one and those in other browsers."""
    user = current_user()
    if user is not None:
        accounts.end_sessions(get_store(), user["email"])
    session.clear()


def _client() -> str:
    """The client's address, read through the trusted proxies (:func:`webui.proxies.client_address`)."""
    return client_address(request.remote_addr, request.headers.getlist("X-Forwarded-For"),
                          current_app.extensions["intrograph.trusted_proxies"])


def checked_password(email: str, password: str) -> dict[str, Any] | None:
    """The account if the password is right, else ``None``; 429 while this account and client
    must wait after failures (:mod:`graphsvc.login_throttle`; the password is then not tried)."""
    store, policy = get_store(), current_app.extensions["intrograph.login_policy"]
    attempt = login_throttle.begin(store, email, _client(), policy)
    if attempt.wait > 0:
        wait = int(attempt.wait) + 1
        raise TooManyRequests(f"Too many failed logins. Wait {wait} seconds, then try again.", retry_after=wait)
    user = accounts.authenticate(store, email, password)
    if user is None:
        login_throttle.failed(store, attempt, policy)
    else:
        login_throttle.succeeded(store, attempt)
    return user


def init_app(app: Flask) -> None:
    config = app.config
    app.extensions["intrograph.login_policy"] = login_throttle.ThrottlePolicy(
        free=config["LOGIN_FREE_FAILURES"], first_delay=config["LOGIN_FIRST_DELAY"],
        max_delay=config["LOGIN_MAX_DELAY"], window=config["LOGIN_WINDOW"],
        client_ceiling=config["LOGIN_CLIENT_CEILING"], account_ceiling=config["LOGIN_ACCOUNT_CEILING"])
    app.extensions["intrograph.trusted_proxies"] = parse_trusted(config["TRUSTED_PROXIES"])
    app.before_request(_check_csrf)
    app.jinja_env.globals.update(csrf_token=csrf_token, current_user=viewer, has_role=has_role)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if g.get("user"):  # someone's own page: no shared cache may keep it
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response
