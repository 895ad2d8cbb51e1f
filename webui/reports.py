"""Admin reports: charts of how introductions progress and how departments are linked."""
from __future__ import annotations

from flask import Blueprint, render_template

from graphsvc.chart_data import department_connections, introduction_stages
from webui.security import require
from webui.storage import get_store

bp = Blueprint("reports", __name__, url_prefix="/admin")


@bp.before_request
@require("admin")
def admins_only():
    """Every page here is for admins (``require`` answers for everyone else)."""


@bp.route("/reports")
def reports():
    store = get_store()
    return render_template("admin/reports.html", stages=introduction_stages(store),
                           matrix=department_connections(store))
