"""The dashboard: one section for each role the viewer holds (:mod:`graphsvc.dashboard`)."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template

from graphsvc.dashboard import dashboard as sections_of
from webui.analytics_job import read_job
from webui.lookups import who_asks
from webui.security import current_user, has_role, require
from webui.storage import get_store

bp = Blueprint("home", __name__)


@bp.route("/")
@require()
def dashboard():
    user, store = current_user(), get_store()
    me = user.get("person_id")
    sections = sections_of(store, who_asks(), user.get("roles") or ())
    if has_role(user, "admin"):
        sections["analytics"] = read_job()
    return render_template("dashboard.html", s=sections, names=sections["names"], me=me, today=date.today(),
                           person=store.get_people([me]).get(me) if me else None)
