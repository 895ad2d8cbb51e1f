"""The dashboard: what needs each person, one section per role they hold, as plain data.

The web page draws it and ``GET /api/v1/dashboard`` returns it as it is, so a script sees
what a person sees. Sections (each present only for those it concerns):

* ``waiting`` — introductions waiting on the person's answer (as introducer or target);
* ``open_requests`` — their own requests still under way;
* ``goals``, ``to_meet`` and, without a current mentor, ``mentor_candidates`` — for mentees;
* ``mentees`` — each current mentee with their open goals, the mentor's picks and their goals'
  progress over time (mentors);
* ``imports`` and ``counts`` — recent imports and the size of the graph (admins);
* ``names`` — display names of everyone in the introductions listed.
"""
from __future__ import annotations

from typing import Any, Iterable

from graphsvc import audit, goals, introductions
from graphsvc.chart_data import mentee_goal_progress
from graphsvc.meet import people_to_meet
from graphsvc.mentors import mentees_of, mentor_candidates, mentor_picks, mentors_of
from graphsvc.store import GraphStore
from graphsvc.visibility import Viewer, person_as_seen

__all__ = ["dashboard", "intro_names"]

#: How many suggestions of each kind the dashboard shows.
SHOWN = {"to_meet": 5, "mentor_candidates": 3, "picks": 3, "imports": 5}


def dashboard(store: GraphStore, viewer: Viewer, roles: Iterable[str]) -> dict[str, Any]:
    """The sections of ``viewer``'s dashboard for an account holding ``roles``."""
    roles, me = set(roles), viewer.person_id
    out: dict[str, Any] = {}
    if me:
        boxes = introductions.inbox(store, me)
        out["waiting"] = [i for i in boxes["to_introduce"] if i["status"] == "requested"] + \
                         [i for i in boxes["received"] if i["status"] == "introducer_accepted"]
        out["open_requests"] = [i for i in boxes["sent"] if i["status"] in introductions.OPEN_STATUSES]
    if me and "mentee" in roles:
        out["goals"] = goals.list_goals(store, me, status="open")
        out["to_meet"] = people_to_meet(store, me, k=SHOWN["to_meet"])
        if not mentors_of(store, me):
            out["mentor_candidates"] = mentor_candidates(store, me, k=SHOWN["mentor_candidates"])
    if me and "mentor" in roles:
        mentees = store.get_people(mentees_of(store, me))
        out["mentees"] = [{"person": person_as_seen(viewer, m), "goals": goals.list_goals(store, pid, status="open"),
                           "picks": mentor_picks(store, me, pid, k=SHOWN["picks"]),
                           "progress": mentee_goal_progress(store, pid)} for pid, m in mentees.items()]
    if "admin" in roles:
        out["imports"] = audit.recent(store, SHOWN["imports"], action="import")
        out["counts"] = store.counts()
    out["names"] = intro_names(store, out.get("waiting", []) + out.get("open_requests", []))
    return out


def intro_names(store: GraphStore, intros: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Display names of everyone taking part in these introductions, by person_id."""
    ids = {i[role] for i in intros for role in introductions.ROLES}
    return {pid: p.get("name") or pid for pid, p in store.get_people(ids).items()}
