"""Finding introductions (paths to a person, helpers for a goal) and the request workflow."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from graphsvc import goals, introductions
from graphsvc.model import Conflict, PersonNotFound
from graphsvc.person_lookup import AmbiguousPerson
from webui.graphs import graph_response, paths_graph, render
from webui.lookups import intro_or_404, names_in, own_person_id, person_id_for, person_or_404, public_person
from webui.params import query_args, source_arg, text_arg, version_of
from webui.questions import find_paths, helpers_for
from webui.security import current_user, has_role, require
from webui.storage import get_store
from webui.workflow import as_admin, move

bp = Blueprint("intros", __name__)


@bp.route("/intro")
@require()
def find():
    target = text_arg("to")
    if not target:
        return render_template("intros/find.html", target=None, result=None)
    source = source_arg()
    try:
        target_id = person_id_for(target)
    except AmbiguousPerson as exc:  # a name several people share: let the user choose
        choices = [{**c, "url": url_for("intros.find", **{**query_args(), "to": c["person_id"]})}
                   for c in exc.candidates]
        return render_template("intros/find.html", target=None, result=None, candidates=choices)
    target_person = public_person(person_or_404(target_id))
    result = find_paths(source, target_id)
    return render_template("intros/find.html", target=target_person, result=result, source=source,
                           can_request=source == current_user().get("person_id"),
                           graph_url=url_for("intros.paths_graph_page",
                                             **{**query_args(), "from": source, "to": result["to"]}))


@bp.route("/intro/helpers")
@require()
def helpers():
    result = helpers_for()
    return render_template("intros/helpers.html", result=result,
                           can_request=result["from"] == current_user().get("person_id"))


@bp.route("/intro/graph")
@require()
def paths_graph_page():
    source = source_arg()
    result = find_paths(source, person_id_for(text_arg("to")))
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
    form = request.form if request.method == "POST" else query_args()
    fields = {k: form.get(k, "").strip() for k in ("introducer", "target", "goal", "message")}
    if request.method == "POST":
        try:
            intro = introductions.request_intro(get_store(), requester, person_id_for(fields["introducer"]),
                                                person_id_for(fields["target"]), fields["message"],
                                                goal_id=fields["goal"] or None)
        except (introductions.RequestRefused, PersonNotFound, AmbiguousPerson) as exc:
            flash(str(exc), "error")
        else:
            flash("Your request is on its way to the introducer.", "info")
            return redirect(url_for("intros.detail", intro_id=intro["id"]))
    people = get_store().get_people([fields["introducer"], fields["target"]])
    open_goals = goals.list_goals(get_store(), requester, status="open")
    status = 422 if request.method == "POST" else 200
    return render_template("intros/new.html", fields=fields, people=people, goals=open_goals), status


@bp.route("/introductions/by-mentor", methods=["POST"])
@require("mentor")
def by_mentor():
    """A mentor's one-click introduction of their current mentee (403 for anyone else's)."""
    fields = {k: request.form.get(k, "").strip() for k in ("mentee", "target", "goal", "message")}
    mentee = person_id_for(fields["mentee"])
    try:
        intro = introductions.introduce_by_mentor(get_store(), own_person_id(), mentee,
                                                  person_id_for(fields["target"]), goal_id=fields["goal"] or None,
                                                  message=fields["message"])
    except introductions.RequestRefused as exc:
        flash(str(exc), "error")
        return redirect(url_for("people.person", person_id=mentee))
    flash("Introduction offered: it now waits for the colleague's consent.", "info")
    return redirect(url_for("intros.detail", intro_id=intro["id"]))


@bp.route("/introductions/<intro_id>")
@require()
def detail(intro_id: str):
    intro = intro_or_404(intro_id)
    user = current_user()
    parties = get_store().get_people([intro["requester"], intro["introducer"], intro["target"]])
    contact = introductions.visible_contact(intro, user.get("person_id")) or has_role(user, "admin")
    shown = {pid: (p if contact else public_person(p)) for pid, p in parties.items()}
    for role in introductions.ROLES:  # a party erased since (graphsvc.erasure) is named, not linked
        shown.setdefault(intro[role], {"person_id": intro[role], "name": intro[role], "gone": True})
    moves = introductions.allowed_moves(intro, user.get("person_id"), as_admin=as_admin(intro))
    return render_template("intros/detail.html", intro=intro, people=shown, moves=moves, contact=contact)


@bp.route("/introductions/<intro_id>/move", methods=["POST"])
@require()
def transition(intro_id: str):
    try:
        intro = move(intro_id, request.form.get("to", ""), request.form.get("note", ""), version_of(request.form))
    except (introductions.TransitionError, Conflict) as exc:
        flash(str(exc), "error")
    else:
        flash(f"The introduction is now {intro['status'].replace('_', ' ')}.", "info")
    return redirect(url_for("intros.detail", intro_id=intro_id))
