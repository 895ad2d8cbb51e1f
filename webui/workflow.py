"""Goal and introduction changes made as the viewer, with who may make them: one way for the
pages (forms) and the JSON API (bodies)."""
from __future__ import annotations

from typing import Any, Mapping

from flask import abort

from graphsvc import goals, introductions
from graphsvc.goals import GoalSpec
from graphsvc.model import PersonNotFound
from graphsvc.person_lookup import AmbiguousPerson
from webui.lookups import intro_or_404, own_person_id, with_people_found
from webui.params import spec_from
from webui.security import actor, current_user, has_role
from webui.storage import get_store

__all__ = ["can_change", "may_change", "add_goal_from", "as_admin", "move"]


def can_change(goal: dict) -> bool:
    """Only the owner (or an admin) changes a goal; mentors only see it."""
    user = current_user()
    return user.get("person_id") == goal["owner"] or has_role(user, "admin")


def may_change(goal: dict) -> None:
    if not can_change(goal):
        abort(403, "Only the goal's owner can change it.")


def add_goal_from(values: Mapping[str, Any]) -> dict:
    """Add a goal for the viewer from a form, or a JSON body whose ``spec`` may be an object."""
    owner = own_person_id()
    spec = GoalSpec.from_dict(values["spec"]) if isinstance(values.get("spec"), dict) else spec_from(values)
    try:
        spec = with_people_found(spec)
    except (PersonNotFound, AmbiguousPerson) as exc:
        raise goals.GoalInvalid({"people": str(exc)}) from None
    return goals.add_goal(get_store(), owner, values.get("statement", ""), spec, values.get("measure", ""),
                          values.get("target_value", ""), values.get("due", ""), values.get("achievable", ""),
                          values.get("relevant", ""), actor=owner)


def as_admin(intro: dict[str, Any]) -> bool:
    """Admins act with an admin's powers only on introductions they are not part of."""
    user = current_user()
    return has_role(user, "admin") and not introductions.roles_of(intro, user.get("person_id"))


def move(intro_id: str, to_status: str, note: str, version: int | None) -> dict[str, Any]:
    """Move an introduction as the viewer; ``version`` is the one the viewer saw, and a move
    on an introduction changed since raises ``Conflict``."""
    intro = intro_or_404(intro_id)
    return introductions.transition(get_store(), intro_id, to_status, actor(), note, as_admin=as_admin(intro),
                                    version=version)
