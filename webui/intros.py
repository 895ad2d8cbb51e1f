"""Finding introductions (paths to a person, helpers for a goal) and the request workflow."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from graphsvc import goals, introductions
from graphsvc.goal_search import who_can_help
from graphsvc.goals import SPEC_KEYS, GoalSpec
from graphsvc.introductions import open_requests_by_introducer
from graphsvc.warm_paths import warm_intro
from webui.graphs import graph_response, paths_graph, render
from webui.lookups import (acting_as, goal_or_404, intro_or_404, names_in, own_person_id, person_or_404,
                           public_person)
from webui.security import actor, current_user, has_role, require
from webui.storage import get_store

bp = Blueprint("intros", __name__)


def int_arg(name: str, default: int, lo: int, hi: int) -> int:
    """A bounded whole-number query argument; 400 when it is not one."""
    try:
        value = int(request.args.get(name, default))
    except ValueError:
        abort(400, f"{name} must be a whole number")
    if not lo <= value <= hi:
        abort(400, f"{name} must be between {lo} and {hi}")
    return value


def find_paths(source: str, target: str) -> dict[str, Any]:
    """Ranked warm paths (as JSON) from ``source`` to ``target``, each with a name lookup."""
    store = get_store()
    result = warm_intro(store, source, target, k=int_arg("k", 5, 1, 10), max_hops=int_arg("max_hops", 4, 1, 6),
                        open_requests=open_requests_by_introducer(store)).as_json()
    for path in result["paths"]:
        path["names"] = {p["person_id"]: p["name"] for p in path["people"]}
    return result


def source_arg() -> str:
    """Whose paths: the viewer's own, or (for admins and mentors) someone they act for."""
    source = request.args.get("from", "").strip() or own_person_id()
    acting_as(source)
    return source


@bp.route("/intro")
@require()
def find():
    target = request.args.get("to", "").strip()
    if not target:
        return render_template("intros/find.html", target=None, result=None)
    source = source_arg()
    target_person = public_person(person_or_404(get_store().resolve(target)))
    result = find_paths(source, target_person["person_id"])
    return render_template("intros/find.html", target=target_person, result=result, source=source,
                           can_request=source == current_user().get("person_id"),
                           graph_url=url_for("intros.paths_graph_page",
                                             **{**request.args, "from": source, "to": result["to"]}))


def helpers_for() -> dict[str, Any]:
    """People who could help with a goal (``goal``) or a spec given part by part (shared with the API)."""
    goal_id = request.args.get("goal", "").strip()
    if goal_id:
        goal = goal_or_404(goal_id)
        source, spec = goal["owner"], GoalSpec.from_dict(goal["spec"])
    else:
        source, spec = source_arg(), GoalSpec.from_dict(
            {k: [v.strip() for v in request.args.get(k, "").split(",") if v.strip()] for k in SPEC_KEYS})
    if spec.is_empty():
        return {"from": source, "goal": goal_id or None, "spec": spec.as_dict(), "helpers": []}
    store = get_store()
    found = who_can_help(store, source, spec, k=int_arg("k", 10, 1, 50),
                         open_requests=open_requests_by_introducer(store))
    for helper in found:
        helper["path"]["names"] = {p["person_id"]: p["name"] for p in helper["path"]["people"]}
    return {"from": source, "goal": goal_id or None, "spec": spec.as_dict(), "helpers": found}


@bp.route("/intro/helpers")
@require()
def helpers():
    result = helpers_for()
    return render_template("intros/helpers.html", result=result, spec_keys=SPEC_KEYS,
                           can_request=result["from"] == current_user().get("person_id"))


@bp.route("/intro/graph")
@require()
def paths_graph_page():
    source = source_arg()
    result = find_paths(source, request.args.get("to", ""))
    people = get_store().get_people({p["person_id"] for path in result["paths"] for p in path["people"]})
    return graph_response(render(paths_graph(result["paths"], people)))


@bp.route("/introductions")
@require()
def inbox():
    user = current_user()
    boxes = introductions.inbox(get_store(), user["person_id"]) if user.get("person_id") else {}
    everyone = introductions.list_intros(get_store()) if has_role(user, "admin") else None
    everything = [i for box in boxes.values() for i in box] + (everyone or [])
    return render_template("intros/inbox.html", boxes=boxes, everyone=everyone, names=names_in(everything))


@bp.route("/introductions/new", methods=["GET", "POST"])
@require("mentee", "mentor", "admin")
def new():
    requester = own_person_id()
    form = request.form if request.method == "POST" else request.args
    fields = {k: form.get(k, "").strip() for k in ("introducer", "target", "goal", "message")}
    if request.method == "POST":
        try:
            intro = introductions.request_intro(get_store(), requester, fields["introducer"], fields["target"],
                                                fields["message"], goal_id=fields["goal"] or None)
        except introductions.RequestRefused as exc:
            flash(str(exc), "error")
        else:
            flash("Your request is on its way to the introducer.", "info")
            return redirect(url_for("intros.detail", intro_id=intro["id"]))
    people = get_store().get_people([fields["introducer"], fields["target"]])
    open_goals = goals.list_goals(get_store(), requester, status="open")
    status = 422 if request.method == "POST" else 200
    return render_template("intros/new.html", fields=fields, people=people, goals=open_goals), status


@bp.route("/introductions/<intro_id>")
@require()
def detail(intro_id: str):
    intro = intro_or_404(intro_id)
    user = current_user()
    parties = get_store().get_people([intro["requester"], intro["introducer"], intro["target"]])
    contact = introductions.visible_contact(intro, user.get("person_id")) or has_role(user, "admin")
    shown = {pid: (p if contact else public_person(p)) for pid, p in parties.items()}
    as_admin = _as_admin(intro)
    moves = introductions.allowed_moves(intro, user.get("person_id"), as_admin=as_admin)
    return render_template("intros/detail.html", intro=intro, people=shown, moves=moves, contact=contact)


def _as_admin(intro: dict[str, Any]) -> bool:
    """Admins act with an admin's powers only on introductions they are not part of."""
    user = current_user()
    return has_role(user, "admin") and not introductions.roles_of(intro, user.get("person_id"))


def move(intro_id: str, to_status: str, note: str) -> dict[str, Any]:
    """Move an introduction as the viewer (shared with the API)."""
    intro = intro_or_404(intro_id)
    user = current_user()
    return introductions.transition(get_store(), intro_id, to_status, actor(),
                                    note, as_admin=_as_admin(intro))


@bp.route("/introductions/<intro_id>/move", methods=["POST"])
@require()
def transition(intro_id: str):
    try:
        intro = move(intro_id, request.form.get("to", ""), request.form.get("note", ""))
    except introductions.TransitionError as exc:
        flash(str(exc), "error")
    else:
        flash(f"The introduction is now {intro['status'].replace('_', ' ')}.", "info")
    return redirect(url_for("intros.detail", intro_id=intro_id))
