"""Shared lookups for views: each one answers 404 (or 403) itself, so views stay short."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import abort, g

from graphsvc import goals, introductions, visibility
from graphsvc.dashboard import intro_names
from graphsvc.goals import GoalSpec
from graphsvc.mentors import mentees_of, mentors_of
from graphsvc.model import person_with_defaults
from graphsvc.person_lookup import find_person
from webui.security import current_user, has_role
from webui.storage import get_store

__all__ = ["person_or_404", "own_person_id", "who_asks", "public_person", "person_id_for",
           "with_people_found", "mentor_ids", "mentee_ids", "names_in", "acting_as", "goal_or_404", "intro_or_404"]


def person_or_404(person_id: str) -> dict[str, Any]:
    """The person with this id (defaults filled in), else 404."""
    found = get_store().get_people([person_id]).get(person_id)
    if found is None:
        abort(404, f"No person with id {person_id!r}.")
    return person_with_defaults(found)


def own_person_id() -> str:
    """The person the logged-in account belongs to; 403 for accounts linked to nobody."""
    person_id = (current_user() or {}).get("person_id")
    if not person_id:
        abort(403, "Your account is not linked to a person in the graph, so there is nothing of yours to show. "
                   "Ask an administrator to link it by e-mail.")
    return person_id


def who_asks() -> visibility.Viewer:
    """The logged-in user as :mod:`graphsvc.visibility` sees them, once per request."""
    if "viewer" not in g:
        user = current_user() or {}
        g.viewer = visibility.viewer_of(get_store(), user.get("person_id"), has_role(user, "admin"))
    return g.viewer


def public_person(person: dict[str, Any]) -> dict[str, Any]:
    """A person as this viewer may see them (:func:`graphsvc.visibility.person_as_seen`)."""
    return visibility.person_as_seen(who_asks(), person)


def person_id_for(ref: str) -> str:
    """The person typed into a field (name or id; an e-mail only for admins and its owner), as
    :func:`graphsvc.person_lookup.find_person` finds them for this viewer."""
    return find_person(get_store(), ref, who_asks())


def with_people_found(spec: GoalSpec) -> GoalSpec:
    """A goal spec whose people, typed as names or ids, are named by person_id."""
    return replace(spec, people=[person_id_for(p) for p in spec.people]) if spec.people else spec


def mentor_ids(mentee_id: str) -> list[str]:
    """The person's current mentors."""
    return mentors_of(get_store(), mentee_id)


def mentee_ids(mentor_id: str) -> list[str]:
    """The person's current mentees."""
    return mentees_of(get_store(), mentor_id)


def names_in(intros) -> dict[str, str]:
    """Display names of everyone taking part in these introductions."""
    return intro_names(get_store(), intros)


def acting_as(person_id: str) -> None:
    """403 unless the viewer is ``person_id``, an admin, or one of their mentors."""
    user = current_user()
    if user.get("person_id") == person_id or has_role(user, "admin"):
        return
    if has_role(user, "mentor") and user.get("person_id") in mentor_ids(person_id):
        return
    abort(403, "You may only look at this for yourself or for your mentees.")


def goal_or_404(goal_id: str) -> dict[str, Any]:
    """A goal its owner, the owner's mentors and admins may see; 404 or 403 otherwise."""
    goal = goals.get_goal(get_store(), goal_id)
    acting_as(goal["owner"])
    return goal


def intro_or_404(intro_id: str) -> dict[str, Any]:
    """An introduction for its parties (the target once asked) and admins; 404 or 403 otherwise."""
    intro = introductions.get_intro(get_store(), intro_id)
    user = current_user()
    mine = introductions.roles_of(intro, user.get("person_id"))
    if mine == {"target"} and not introductions.target_informed(intro):
        mine = set()
    if not mine and not has_role(user, "admin"):
        abort(403, "Only the people in this introduction can see it.")
    return intro
