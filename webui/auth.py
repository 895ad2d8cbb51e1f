"""Logging in and out, and one's own account (API tokens for scripts)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.exceptions import TooManyRequests

from graphsvc import accounts
from graphsvc.interaction_privacy import set_sharing
from graphsvc.model import shares_interactions
from webui.security import actor, current_user, log_in, log_out, require
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


def _account_page(token: str | None = None):
    user = current_user()
    person = get_store().get_people([user["person_id"]]).get(user["person_id"]) if user.get("person_id") else None
    return render_template("account.html", user=user, token=token, person=person,
                           sharing=person is not None and shares_interactions(person))


@bp.route("/account")
@require()
def account():
    return _account_page()


@bp.route("/account/token", methods=["POST"])
@require()
def new_token():
    """A fresh API token, shown once (the store keeps only its hash)."""
    token = accounts.create_token(get_store(), current_user()["email"])
    flash("Your new API token is below. Copy it now: it will not be shown again.", "info")
    return _account_page(token)


@bp.route("/account/interactions", methods=["POST"])
@require()
def interaction_signals():
    """Turn one's own interaction signals (calendar and e-mail evidence) off or on."""
    person_id = current_user().get("person_id")
    if not person_id:
        abort(403, "Your account is not linked to a person in the graph, so there are no signals of yours.")
    share = request.form.get("share") == "on"
    deleted = set_sharing(get_store(), person_id, share, actor()).relationships_deleted
    ties = "1 interaction tie of yours was" if deleted == 1 else f"{deleted} interaction ties of yours were"
    flash("Interaction signals are on: your meetings and e-mails count again from the next import." if share else
          f"Interaction signals are off: {ties} deleted, and no import will add any.", "info")
    return redirect(url_for("auth.account"))
