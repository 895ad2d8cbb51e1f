"""The JSON API under ``/api/v1``: the pages' questions and actions for scripts.

Same authorisation as the pages (a session, or ``Authorization: Bearer TOKEN``), same
shared lookups and errors, and the same :mod:`graphsvc` functions behind each answer, so
everything a page shows is here too; ``/api/v1/openapi.json`` documents every route, and
every body is checked against the schema published there (:mod:`webui.request_body`).
"""
from __future__ import annotations

from flask import Blueprint, abort, jsonify

from graphsvc import goals, introductions
from graphsvc.analytics import connectors
from graphsvc.dashboard import dashboard as dashboard_of
from graphsvc.health import network_health
from graphsvc.meet import people_to_meet
from graphsvc.mentor_capacity import set_max_mentees
from graphsvc.mentors import mentor_candidates
from graphsvc.person_data import export_person
from graphsvc.person_lookup import search_people
from graphsvc.person_network import NETWORK_CAP, network_view, profile
from webui import openapi as spec
from webui.analytics_job import read_job
from webui.lookups import acting_as, goal_or_404, intro_or_404, own_person_id, person_id_for, person_or_404, who_asks
from webui.params import depth_arg, int_arg, optional_arg, search_args, source_arg, text_arg
from webui.questions import find_paths, helpers_for
from webui.request_body import json_body
from webui.security import actor, current_user, has_role, require
from webui.storage import get_store
from webui.workflow import add_goal_from, may_change, move

bp = Blueprint("api", __name__, url_prefix=spec.PREFIX)


@bp.route("/openapi.json")
def openapi():
    return jsonify(spec.document())


@bp.route("/dashboard")
@require()
def dashboard():
    user = current_user()
    sections = dashboard_of(get_store(), who_asks(), user.get("roles") or ())
    if has_role(user, "admin"):
        sections["analytics"] = read_job()
    return jsonify(sections)


@bp.route("/people")
@require()
def people():
    args = search_args()
    limit = int_arg("limit", 20, 1, 100)
    offset = int_arg("offset", (args["page"] - 1) * limit, 0, 10**9)
    return jsonify(search_people(get_store(), who_asks(), args["text"], args["skill"], args["department"],
                                 offset, limit))


@bp.route("/people/<person_id>")
@require()
def person(person_id: str):
    return jsonify(profile(get_store(), person_id, who_asks()))


@bp.route("/people/<person_id>/network")
@require()
def network(person_id: str):
    return jsonify(network_view(get_store(), person_id, depth_arg(), NETWORK_CAP, who_asks()))


@bp.route("/people/<person_id>/mentors")
@require()
def mentors(person_id: str):
    person_or_404(person_id)
    acting_as(person_id)
    return jsonify(mentee=person_id, mentors=mentor_candidates(get_store(), person_id, k=int_arg("k", 10, 1, 50)))


@bp.route("/people/<person_id>/meet")
@require()
def meet(person_id: str):
    person_or_404(person_id)
    acting_as(person_id)
    return jsonify(person=person_id, people=people_to_meet(get_store(), person_id, k=int_arg("k", 10, 1, 50)))


@bp.route("/people/<person_id>/max_mentees", methods=["POST"])
@require("admin")
def max_mentees(person_id: str):
    person = set_max_mentees(get_store(), person_id, json_body()["max_mentees"], actor=actor())
    return jsonify(person_id=person_id, max_mentees=person["max_mentees"])


@bp.route("/people/<person_id>/export")
@require("admin")
def person_export(person_id: str):
    return jsonify(export_person(get_store(), person_id))


@bp.route("/health")
@require("admin")
def health():
    return jsonify(network_health(get_store()))


@bp.route("/intro")
@require()
def intro():
    target = text_arg("to")
    if not target:
        abort(400, "Name the person to reach: ?to=NAME_OR_ID")
    return jsonify(find_paths(source_arg(), person_id_for(target)))


@bp.route("/helpers")
@require()
def helpers():
    return jsonify(helpers_for())


@bp.route("/connectors")
@require()
def top_connectors():
    return jsonify(connectors=connectors(get_store(), top=int_arg("top", 20, 1, 200),
                                         department=optional_arg("department")))


@bp.route("/goals")
@require()
def list_goals():
    return jsonify(goals=goals.list_goals(get_store(), own_person_id()))


@bp.route("/goals", methods=["POST"])
@require("mentee", "mentor")
def add_goal():
    return jsonify(goal=add_goal_from(json_body())), 201


@bp.route("/goals/<goal_id>")
@require()
def goal(goal_id: str):
    return jsonify(goal=goal_or_404(goal_id))


@bp.route("/goals/<goal_id>/progress", methods=["POST"])
@require()
def goal_progress(goal_id: str):
    may_change(goal_or_404(goal_id))
    data = json_body()
    return jsonify(goal=goals.update_progress(get_store(), goal_id, data["value"], data.get("note", ""),
                                              actor=actor(), version=data.get("version")))


@bp.route("/introductions")
@require()
def inbox():
    return jsonify(introductions.inbox(get_store(), own_person_id()))


@bp.route("/introductions", methods=["POST"])
@require("mentee", "mentor", "admin")
def request_intro():
    data = json_body()
    introducer, target = (person_id_for(data[field]) for field in ("introducer", "target"))
    intro = introductions.request_intro(get_store(), own_person_id(), introducer, target,
                                        data.get("message", ""), goal_id=data.get("goal_id") or None)
    return jsonify(introduction=intro), 201


@bp.route("/introductions/by-mentor", methods=["POST"])
@require("mentor")
def introduce_by_mentor():
    data = json_body()
    mentee, target = (person_id_for(data[field]) for field in ("mentee", "target"))
    intro = introductions.introduce_by_mentor(get_store(), own_person_id(), mentee, target,
                                              goal_id=data.get("goal_id") or None, message=data.get("message", ""))
    return jsonify(introduction=intro), 201


@bp.route("/introductions/<intro_id>")
@require()
def introduction(intro_id: str):
    intro = intro_or_404(intro_id)
    shown = dict(intro)
    if introductions.visible_contact(intro, current_user().get("person_id")):
        people = get_store().get_people([intro["requester"], intro["target"]])
        shown["contact"] = {pid: p.get("email") for pid, p in people.items()}
    return jsonify(introduction=shown)


@bp.route("/introductions/<intro_id>/transition", methods=["POST"])
@require()
def transition(intro_id: str):
    data = json_body()
    return jsonify(introduction=move(intro_id, data["to"], data.get("note", ""), data.get("version")))
