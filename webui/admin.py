"""Administration: imports (upload, dry run, confirm, history), analytics, accounts, health, audit,
and a person's mentoring capacity."""
from __future__ import annotations

import secrets
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.utils import secure_filename

from graphsvc import accounts, audit
from graphsvc.health import network_health
from graphsvc.import_journal import import_runs
from graphsvc.model import Conflict
from graphsvc.mentor_capacity import set_max_mentees as set_capacity
from importers.run import KINDS, ImportRejected, run_import
from webui.analytics_job import is_running, read_job, start_analytics
from webui.params import optional, version_of
from webui.security import actor, current_user, log_in, require
from webui.storage import get_store

bp = Blueprint("admin", __name__, url_prefix="/admin")

#: A dry-run upload nobody confirmed within this long is deleted.
UPLOAD_KEEP_SECONDS = 24 * 3600


@bp.before_request
@require("admin")
def admins_only():
    """Every page here is for admins (``require`` answers for everyone else)."""


def _uploads() -> Path:
    return Path(current_app.config["WORK_DIR"]) / "uploads"


def _sweep_uploads() -> None:
    """Delete uploads whose dry run was never confirmed, so they do not pile up."""
    if _uploads().is_dir():
        for folder in _uploads().iterdir():
            if time.time() - folder.stat().st_mtime > UPLOAD_KEEP_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _removed_on_failure(folder: Path) -> Iterator[None]:
    """Delete an upload's folder when anything fails, however: only a dry run that succeeded
    keeps its file, for the confirmation (or the sweep)."""
    try:
        yield
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _upload_path(token: str) -> Path:
    """The file uploaded under ``token`` (made by :func:`imports`, so only [A-Za-z0-9_-])."""
    if not token or not all(ch.isalnum() or ch in "-_" for ch in token):
        abort(400, "That upload reference is not valid.")
    folder = _uploads() / token
    files = list(folder.glob("*")) if folder.is_dir() else []
    if not files:
        abort(404, "That upload is gone (already imported, or never finished). Upload the file again.")
    return files[0]


@bp.route("/imports", methods=["GET", "POST"])
def imports():
    history = audit.recent(get_store(), 20, action="import")
    runs = import_runs(get_store(), 20)
    if request.method == "GET":
        return render_template("admin/imports.html", kinds=sorted(KINDS), history=history, runs=runs)
    kind, owner = request.form.get("kind", ""), optional(request.form, "owner")
    upload = request.files.get("file")
    if kind not in KINDS or upload is None or not upload.filename:
        abort(422, "Choose a file and what kind of data it holds.")
    _sweep_uploads()
    token = secrets.token_urlsafe(12)
    path = _uploads() / token / (secure_filename(upload.filename) or "upload.csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with _removed_on_failure(path.parent):
            upload.save(path)
            report = run_import(get_store(), kind, path, dry_run=True, owner=owner)
    except (ImportRejected, ValueError) as exc:
        problems = exc.problems if isinstance(exc, ImportRejected) else []
        return render_template("admin/imports.html", kinds=sorted(KINDS), history=history, runs=runs, kind=kind,
                               filename=path.name, problems=problems, message=str(exc) if not problems else ""), 422
    return render_template("admin/imports.html", kinds=sorted(KINDS), history=history, runs=runs, kind=kind,
                           filename=path.name, report=report, token=token, owner=owner or "")


@bp.route("/imports/confirm", methods=["POST"])
def confirm_import():
    path = _upload_path(request.form.get("token", ""))
    kind, owner = request.form.get("kind", ""), optional(request.form, "owner")
    try:
        report = run_import(get_store(), kind, path, owner=owner, actor=actor())
    except ImportRejected as exc:
        flash(f"The file changed meaning since the dry run: {len(exc.problems)} problem(s); nothing was written.",
              "error")
        return redirect(url_for("admin.imports"))
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
    s = report.summary
    flash(f"Imported {path.name}: {s.nodes_created} nodes created, {s.nodes_updated} updated; "
          f"{s.relationships_created} relationships created, {s.relationships_updated} updated.", "info")
    return redirect(url_for("admin.imports"))


@bp.route("/analytics", methods=["GET", "POST"])
def analytics():
    job = read_job()
    if request.method == "GET":
        return render_template("admin/analytics.html", job=job)
    if is_running(job):
        abort(409, "Analytics are already being computed; this page shows their progress.")
    start_analytics(get_store(), actor())
    return redirect(url_for("admin.analytics"))


@bp.route("/health")
def health():
    return render_template("admin/health.html", health=network_health(get_store()))


@bp.route("/people/<person_id>/max-mentees", methods=["POST"])
def set_max_mentees(person_id: str):
    try:
        person = set_capacity(get_store(), person_id, request.form.get("max_mentees", ""), actor=actor())
    except ValueError as exc:
        flash(str(exc), "error")
    else:
        flash(f"{person.get('name') or person_id} now takes at most {person['max_mentees']} mentees.", "info")
    return redirect(url_for("people.person", person_id=person_id))


@bp.route("/audit")
def audit_log():
    return render_template("admin/audit.html", entries=audit.recent(get_store(), 200))


@bp.route("/accounts")
def accounts_page():
    return render_template("admin/accounts.html", users=accounts.list_users(get_store()), roles=accounts.ROLES)


@bp.route("/accounts", methods=["POST"])
def add_account():
    form = request.form
    try:
        user = accounts.add_user(get_store(), form.get("email", ""), form.get("password", ""),
                                 form.getlist("roles"), actor=actor())
    except accounts.AccountError as exc:
        flash(str(exc), "error")
    else:
        flash(f"Account {user['email']} created.", "info")
    return redirect(url_for("admin.accounts_page"))


#: What the buttons of the accounts page may do, by their ``action`` value.
ACCOUNT_ACTIONS = {
    "roles": lambda store, email, form, **kw: accounts.set_roles(store, email, form.getlist("roles"), **kw),
    "password": lambda store, email, form, **kw: accounts.set_password(store, email, form.get("password", ""),
                                                                        **kw),
    "disable": lambda store, email, form, **kw: accounts.disable_user(store, email, **kw),
    "enable": lambda store, email, form, **kw: accounts.enable_user(store, email, **kw),
    "revoke_token": lambda store, email, form, **kw: accounts.revoke_token(store, email, **kw),
}


@bp.route("/accounts/<email>", methods=["POST"])
def change_account(email: str):
    action = ACCOUNT_ACTIONS.get(request.form.get("action", ""))
    if action is None:
        abort(400, f"Unknown account action; one of {', '.join(ACCOUNT_ACTIONS)}.")
    try:
        user = action(get_store(), email, request.form, actor=actor(), version=version_of(request.form))
    except (accounts.AccountError, Conflict) as exc:
        flash(str(exc), "error")
    else:
        if user["email"] == current_user()["email"] and not user["disabled"]:
            log_in(user)  # the change ended the admin's other sessions, not this one
        flash(f"Account {user['email']} updated.", "info")
    return redirect(url_for("admin.accounts_page"))
