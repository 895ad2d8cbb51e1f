"""The JSON API under ``/api/v1``: the pages' questions and actions for scripts.

Same authorisation as the pages (a session, or ``Authorization: Bearer TOKEN``), same
shared lookups and errors; ``/api/v1/openapi.json`` documents every route.
"""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from graphsvc import goals, introductions
from graphsvc.analytics import connectors
from webui import openapi as spec
from webui.lookups import goal_or_404, intro_or_404, own_person_id, person_or_404, public_person
from webui.params import int_arg, optional, search_args, source_arg, version_of
from webui.questions import find_paths, helpers_for, ties_of
from webui.security import actor, current_user, require
from webui.storage import get_store
from webui.workflow import add_goal_from, may_change, move

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400, "Send a JSON object (Content-Type: application/json).")
    return data


@bp.route("/openapi.json")
def openapi():
    return jsonify(spec.document())


@bp.route("/people")
@require()
def people():
    args = search_args()
    limit = int_arg("limit", 20, 1, 100)
    offset = int_arg("offset", (args["page"] - 1) * limit, 0, 10**9)
    found, total = get_store().search_people(args["text"], args["skill"], args["department"], offset, limit)
    return jsonify(people=[public_person(p) for p in found], total=total, offset=offset, limit=limit)


@bp.route("/people/<person_id>")
@require()
def person(person_id: str):
    return jsonify(person=public_person(person_or_404(person_id)), ties=ties_of(person_id))


@bp.route("/intro")
@require()
def intro():
    target = request.args.get("to", "").strip()
    if not target:
        abort(400, "Name the person to reach: ?to=PERSON_ID_OR_EMAIL")
    return jsonify(find_paths(source_arg(), get_store().resolve(target)))


@bp.route("/helpers")
@require()
def helpers():
    return jsonify(helpers_for())


@bp.route("/connectors")
@require()
def top_connectors():
    return jsonify(connectors=connectors(get_store(), top=int_arg("top", 20, 1, 200),
                                         department=optional(request.args, "department")))


@bp.route("/goals")
@require()
def list_goals():
    return jsonify(goals=goals.list_goals(get_store(), own_person_id()))


@bp.route("/goals", methods=["POST"])
@require("mentee", "mentor")
def add_goal():
    return jsonify(goal=add_goal_from(body())), 201


@bp.route("/goals/<goal_id>")
@require()
def goal(goal_id: str):
    return jsonify(goal=goal_or_404(goal_id))


@bp.route("/goals/<goal_id>/progress", methods=["POST"])
@require()
def goal_progress(goal_id: str):
    may_change(goal_or_404(goal_id))
    data = body()
    return jsonify(goal=goals.update_progress(get_store(), goal_id, data.get("value"), data.get("note", ""),
                                              actor=actor(), version=version_of(data)))


@bp.route("/introductions")
@require()
def inbox():
    return jsonify(introductions.inbox(get_store(), own_person_id()))


@bp.route("/introductions", methods=["POST"])
@require("mentee", "mentor", "admin")
def request_intro():
    data = body()
    intro = introductions.request_intro(get_store(), own_person_id(), str(data.get("introducer", "")),
                                        str(data.get("target", "")), str(data.get("message", "")),
                                        goal_id=data.get("goal_id") or None)
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
    data = body()
    return jsonify(introduction=move(intro_id, str(data.get("to", "")), str(data.get("note", "")), version_of(data)))
