"""Logging in and out, and one's own account (password, API tokens for scripts)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from graphsvc import accounts
from graphsvc.interaction_privacy import set_sharing
from graphsvc.model import shares_interactions
from webui.params import text_arg
from webui.security import actor, checked_password, current_user, log_in, log_out, require
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
        return render_template("login.html", next=text_arg("next"))
    email = request.form.get("email", "").strip().lower()
    user = checked_password(email, request.form.get("password", ""))
    if user is None:
        flash("Wrong e-mail or password.", "error")
        return render_template("login.html", next=request.form.get("next", ""), email=email), 401
    log_in(user)
    return redirect(_safe_next(request.form.get("next")))


@bp.route("/logout", methods=["POST"])
def logout():
    """Log out everywhere: every session of the account ends, in other browsers too."""
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


@bp.route("/account/password", methods=["POST"])
@require()
def change_password():
    """A new password, given the current one (throttled like a login). Every other session of
    the account ends; this one goes on under the new session epoch."""
    user = current_user()
    if checked_password(user["email"], request.form.get("current_password", "")) is None:
        flash("That is not your current password.", "error")
        return _account_page(), 422
    try:
        changed = accounts.set_password(get_store(), user["email"], request.form.get("password", ""))
    except accounts.AccountError as exc:
        flash(f"The password was not changed: {exc}.", "error")
        return _account_page(), 422
    log_in(changed)
    flash("Your password is changed, and every other session of your account has ended.", "info")
    return redirect(url_for("auth.account"))


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


@bp.route("/account/notifications", methods=["POST"])
@require()
def notifications():
    """Turn one's own e-mail notifications about introductions off or on."""
    on = request.form.get("notify") == "on"
    accounts.set_notifications(get_store(), current_user()["email"], on)
    flash("E-mail notifications are on." if on else
          "E-mail notifications are off: no e-mail about introductions will be sent to you.", "info")
    return redirect(url_for("auth.account"))
