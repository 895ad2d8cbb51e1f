"""Logging in and out, and one's own account (API tokens for scripts)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from werkzeug.exceptions import TooManyRequests

from graphsvc import accounts
from webui.security import current_user, log_in, log_out, require
from webui.storage import get_store

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: a login link must not bounce the user to another site.

    Browsers read a backslash as a slash, so ``/\\evil.example`` would leave the site too.
    """
    parts = urlsplit(target or "")
    if target and not parts.scheme and not parts.netloc and target.startswith("/") \
            and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("home.dashboard")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("login.html", next=request.args.get("next", ""))
    email = request.form.get("email", "").strip().lower()
    keys = (email, request.remote_addr or "")
    throttles = current_app.extensions["intrograph.login_throttles"]  # by e-mail, by address
    wait = max(throttle.wait(key) for throttle, key in zip(throttles, keys))
    if wait > 0:
        raise TooManyRequests(f"Too many failed logins. Wait {int(wait) + 1} seconds, then try again.",
                              retry_after=int(wait) + 1)
    user = accounts.authenticate(get_store(), email, request.form.get("password", ""))
    if user is None:
        for throttle, key in zip(throttles, keys):
            throttle.failed(key)
        flash("Wrong e-mail or password.", "error")
        return render_template("login.html", next=request.form.get("next", ""), email=email), 401
    throttles[0].succeeded(email)
    log_in(user)
    return redirect(_safe_next(request.form.get("next")))


@bp.route("/logout", methods=["POST"])
def logout():
    log_out()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account")
@require()
def account():
    return render_template("account.html", user=current_user())


@bp.route("/account/token", methods=["POST"])
@require()
def new_token():
    """A fresh API token, shown once (the store keeps only its hash)."""
    user = current_user()
    token = accounts.create_token(get_store(), user["email"])
    flash("Your new API token is below. Copy it now: it will not be shown again.", "info")
    return render_template("account.html", user=user, token=token)
