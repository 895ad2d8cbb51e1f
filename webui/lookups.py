"""Shared lookups for views: each one answers 404 (or 403) itself, so views stay short."""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort

from graphsvc import goals, introductions
from graphsvc.mentors import is_current_mentorship
from graphsvc.model import person_with_defaults
from webui.security import current_user, has_role
from webui.storage import get_store

__all__ = ["person_or_404", "own_person_id", "may_see_email", "public_person", "mentor_ids", "mentee_ids",
           "names_in", "acting_as", "goal_or_404", "intro_or_404"]


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


def may_see_email(person_id: str) -> bool:
    """E-mail addresses are for admins and for the person themself."""
    user = current_user()
    return has_role(user, "admin") or (user or {}).get("person_id") == person_id


def public_person(person: dict[str, Any]) -> dict[str, Any]:
    """A person as this viewer may see them: without the e-mail unless :func:`may_see_email`."""
    if may_see_email(person["person_id"]):
        return person
    return {k: v for k, v in person.items() if k != "email"}


def _mentorships(person_id: str) -> list:
    edges, _ = get_store().incident_edges([person_id])
    today = date.today()
    return [t for e in edges for t in e.ties if t.type == "MENTORS" and is_current_mentorship(t.props, today)]


def mentor_ids(mentee_id: str) -> list[str]:
    """The person's current mentors."""
    return sorted({t.source for t in _mentorships(mentee_id) if t.target == mentee_id})


def mentee_ids(mentor_id: str) -> list[str]:
    """The person's current mentees."""
    return sorted({t.target for t in _mentorships(mentor_id) if t.source == mentor_id})


def names_in(intros) -> dict[str, str]:
    """Display names of everyone taking part in these introductions."""
    ids = {i[role] for i in intros for role in ("requester", "introducer", "target")}
    return {pid: p.get("name") or pid for pid, p in get_store().get_people(ids).items()}


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
