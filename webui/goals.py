"""SMART goals: the form, progress, status and the introductions linked to each goal."""
from __future__ import annotations

from typing import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for

from graphsvc import goals, introductions
from graphsvc.goals import GoalInvalid, GoalSpec
from graphsvc.model import Conflict
from webui.lookups import goal_or_404, mentee_ids, own_person_id
from webui.params import version_of
from webui.security import actor, current_user, has_role, require
from webui.storage import get_store
from webui.workflow import add_goal_from, can_change, may_change

bp = Blueprint("goals", __name__)


@bp.route("/goals")
@require("mentee", "mentor")
def index():
    me = own_person_id()
    store = get_store()
    mentees = store.get_people(mentee_ids(me)) if has_role(current_user(), "mentor") else {}
    return render_template("goals/index.html", goals=goals.list_goals(store, me), mentees=mentees,
                           mentee_goals={m: goals.list_goals(store, m) for m in mentees})


@bp.route("/goals/new", methods=["GET", "POST"])
@require("mentee", "mentor")
def new():
    if request.method == "GET":
        return render_template("goals/new.html", form={}, errors={})
    try:
        goal = add_goal_from(request.form)
    except GoalInvalid as exc:
        return render_template("goals/new.html", form=request.form, errors=exc.errors), 422
    flash("Goal saved.", "info")
    return redirect(url_for("goals.detail", goal_id=goal["id"]))


@bp.route("/goals/<goal_id>")
@require()
def detail(goal_id: str):
    goal = goal_or_404(goal_id)
    store = get_store()
    linked = [store.get_record("Introduction", i) for i in goal["introductions"]]
    linked = [i for i in linked if i]
    names = {p: v.get("name") or p for p, v in store.get_people(
        {goal["owner"], *(i["target"] for i in linked), *goal["spec"].get("people", [])}).items()}
    return render_template("goals/detail.html", goal=goal, linked=linked, names=names,
                           spec=GoalSpec.from_dict(goal["spec"]).describe(),
                           can_change=can_change(goal),
                           statuses=goals.STATUSES, intro_statuses=introductions.STATUSES)


def _change(goal_id: str, change: Callable[[], object]):
    """Make a change the goal's owner asked for, then show the goal again (with what was wrong)."""
    may_change(goal_or_404(goal_id))
    try:
        change()
    except GoalInvalid as exc:
        flash("; ".join(exc.errors.values()), "error")
    except Conflict as exc:
        flash(str(exc), "error")
    return redirect(url_for("goals.detail", goal_id=goal_id))


@bp.route("/goals/<goal_id>/progress", methods=["POST"])
@require()
def progress(goal_id: str):
    form = request.form
    return _change(goal_id, lambda: goals.update_progress(get_store(), goal_id, form.get("value", ""),
                                                          form.get("note", ""), actor=actor(),
                                                          version=version_of(form)))


@bp.route("/goals/<goal_id>/status", methods=["POST"])
@require()
def status(goal_id: str):
    return _change(goal_id, lambda: goals.set_status(get_store(), goal_id, request.form.get("status", ""),
                                                     actor=actor(), version=version_of(request.form)))
