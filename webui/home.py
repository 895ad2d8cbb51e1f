"""The dashboard: one section for each role the viewer holds."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template

from graphsvc import audit, goals, introductions
from graphsvc.chart_data import mentee_goal_progress
from graphsvc.meet import people_to_meet
from graphsvc.mentors import mentor_candidates, mentor_picks
from webui.analytics_job import read_job
from webui.lookups import mentee_ids, mentor_ids, names_in
from webui.security import current_user, has_role, require
from webui.storage import get_store

bp = Blueprint("home", __name__)


@bp.route("/")
@require()
def dashboard():
    user, store = current_user(), get_store()
    me = user.get("person_id")
    sections = {}
    if me:
        boxes = introductions.inbox(store, me)
        sections["waiting"] = [i for i in boxes["to_introduce"] if i["status"] == "requested"] + \
                              [i for i in boxes["received"] if i["status"] == "introducer_accepted"]
        sections["open_requests"] = [i for i in boxes["sent"] if i["status"] in introductions.OPEN_STATUSES]
    if me and has_role(user, "mentee"):
        sections["goals"] = goals.list_goals(store, me, status="open")
        sections["to_meet"] = people_to_meet(store, me, k=5)
        if not mentor_ids(me):
            sections["mentor_candidates"] = mentor_candidates(store, me, k=3)
    if me and has_role(user, "mentor"):
        mentees = store.get_people(mentee_ids(me))
        sections["mentees"] = [{"person": m, "goals": goals.list_goals(store, pid, status="open"),
                                "picks": mentor_picks(store, me, pid, k=3),
                                "progress": mentee_goal_progress(store, pid)} for pid, m in mentees.items()]
    if has_role(user, "admin"):
        sections["imports"] = audit.recent(store, 5, action="import")
        sections["analytics"] = read_job()
        sections["counts"] = store.counts()
    names = names_in(sections.get("waiting", []) + sections.get("open_requests", []))
    return render_template("dashboard.html", s=sections, names=names, me=me, today=date.today(),
                           person=store.get_people([me]).get(me) if me else None)
