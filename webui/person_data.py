"""Personal data, for admins: export everything stored about a person, erase them, lift an erasure.

The pages are thin callers of :mod:`graphsvc.person_data` and :mod:`graphsvc.erasure`; the
JSON API's ``/api/v1/people/<id>/export`` answers the same export.
"""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from werkzeug.utils import secure_filename

from graphsvc import erasure
from graphsvc.model import PersonNotFound
from graphsvc.person_data import export_person
from webui.params import text_arg
from webui.security import actor, require
from webui.storage import get_store

bp = Blueprint("person_data", __name__, url_prefix="/admin/personal-data")


@bp.before_request
@require("admin")
def admins_only():
    """Every page here is for admins (``require`` answers for everyone else)."""


@bp.route("")
def index():
    ref = text_arg("person")
    data = None
    if ref:
        try:
            data = export_person(get_store(), ref)
        except PersonNotFound:
            found = erasure.erasures(get_store()).find(ref)
            flash(f"{ref} was {erasure.describe(found)}." if found else f"No person with id or e-mail {ref!r}.",
                  "error")
    return render_template("admin/personal_data.html", ref=ref, data=data,
                           text=_text(data) if data else ""), 200 if data or not ref else 404


def _text(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


@bp.route("/<person_id>.json")
def download(person_id: str):
    data = export_person(get_store(), person_id)
    name = secure_filename(data["person"]["person_id"]) or "person"
    return Response(_text(data), mimetype="application/json",
                    headers={"Content-Disposition": f"attachment; filename=personal-data-{name}.json"})


@bp.route("/<person_id>/erase", methods=["POST"])
def erase(person_id: str):
    if request.form.get("confirm", "").strip() != person_id:
        flash(f"Type the id {person_id} to confirm the erasure; nothing was erased.", "error")
        return redirect(url_for("person_data.index", person=person_id))
    try:
        done = erasure.erase(get_store(), person_id, actor=actor())
    except erasure.ErasureError as exc:
        flash(str(exc), "error")
        return redirect(url_for("person_data.index", person=person_id))
    flash(f"Erased {person_id}: {done['ties']} ties, {done['accounts']} accounts and {done['goals_deleted']} goals "
          f"deleted; {done['introductions_anonymised']} introductions anonymised.", "info")
    return redirect(url_for("person_data.index"))


@bp.route("/unerase", methods=["POST"])
def unerase():
    ref = request.form.get("person", "").strip()
    if not ref:
        abort(422, "Name the erased person by id, e-mail or LinkedIn URL.")
    try:
        erasure.unerase(get_store(), ref, actor=actor())
    except erasure.ErasureError as exc:
        flash(str(exc), "error")
    else:
        flash(f"The erasure of {ref} is lifted: imports may create them again.", "info")
    return redirect(url_for("person_data.index"))
