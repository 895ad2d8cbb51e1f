"""Who is asking, what they may do, and the defences every request passes through.

* Identity: a session cookie (pages and API) or ``Authorization: Bearer TOKEN`` (API only,
  for scripts). The account is read again on every request, so a disabled account or a
  removed role takes effect at once.
* Roles: :func:`require` guards each view; a user without the role gets 403.
* CSRF: every state-changing request made with the session must carry the session's token
  (a hidden ``csrf_token`` field, or the ``X-CSRF-Token`` header for the API). Token
  requests carry no cookie a forger could ride on, so they need none.
* Failed logins: :class:`LoginThrottle` makes each attempt past a few failures wait twice as
  long as the previous one.
* Headers: a strict Content-Security-Policy (pyvis graph pages relax it for themselves).
"""
from __future__ import annotations

import hmac
import secrets
import threading
import time
from functools import wraps
from typing import Any, Callable

from flask import Flask, abort, g, redirect, request, session, url_for
from werkzeug.exceptions import HTTPException

from graphsvc import accounts
from graphsvc.model import StoreError
from webui.errors import wants_json
from webui.storage import get_store

__all__ = ["current_user", "actor", "require", "has_role", "csrf_token", "log_in", "log_out", "LoginThrottle", "init_app"]

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
            if g.user is None or g.user.get("disabled"):
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
    csrf_token()


def log_out() -> None:
    session.clear()


class LoginThrottle:
    """Failed logins per key (an e-mail, or a client address), kept in this process.

    After ``free`` failures each further attempt must wait ``2 ** (failures - free)``
    seconds since the last failure, at most ``max_delay``. A success clears the count.
    Entries older than ``max_delay`` are forgotten when the table grows.
    """

    def __init__(self, free: int = 3, max_delay: float = 300, clock: Callable[[], float] = time.monotonic):
        self.free, self.max_delay, self.clock = free, max_delay, clock
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def wait(self, key: str) -> float:
        """Seconds before another attempt with this key is looked at (0: go ahead)."""
        with self._lock:
            count, last = self._failures.get(key, (0, 0.0))
        if count < self.free:
            return 0.0
        return max(0.0, min(self.max_delay, 2 ** (count - self.free)) - (self.clock() - last))

    def failed(self, key: str) -> None:
        now = self.clock()
        with self._lock:
            if len(self._failures) > 10_000:
                self._failures = {k: v for k, v in self._failures.items() if now - v[1] < self.max_delay}
            self._failures[key] = (self._failures.get(key, (0, now))[0] + 1, now)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


def init_app(app: Flask) -> None:
    # Per e-mail, a few failures; per client address many more, since people behind one
    # proxy or office NAT share an address and one of them must not lock out the rest.
    app.extensions["intrograph.login_throttles"] = (
        LoginThrottle(app.config["LOGIN_FREE_FAILURES"], app.config["LOGIN_MAX_DELAY"]),
        LoginThrottle(10 * app.config["LOGIN_FREE_FAILURES"], app.config["LOGIN_MAX_DELAY"]))
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
