"""Network health: the gaps an admin should act on (DESIGN.md question 6).

* **isolated people** — active people with no tie to any other active person: nobody can
  introduce them, and they can introduce nobody;
* **mentees without a mentor** — active people who are mentees (an enabled account with
  the ``mentee`` role, or someone who has ever been mentored) and have no mentorship from
  an active mentor that is not over (:func:`graphsvc.mentors.is_open_mentorship`: a planned
  one counts, as someone is arranged);
* **unlinked departments** — pairs of departments with no tie at all between their active
  people: no warm path between them can avoid a third department;
* **busiest introducers** — the people with the most introduction requests waiting on them,
  beside their monthly capacity (``max_intros_per_month``);
* **mentors over capacity** — active people with more current mentees than their
  ``max_mentees`` (:func:`graphsvc.mentors.capacity_of`), most over first: matching suggests
  them to nobody, and their mentees may be better served by someone with room.

:func:`health_report` is pure over the exported graph; :func:`network_health` reads the
store (the whole graph: an admin report, not a per-request query).
"""
from __future__ import annotations

from datetime import date
from itertools import combinations
from typing import Any, Iterable

from graphsvc.introductions import open_requests_by_introducer
from graphsvc.mentors import capacity_of, is_open_mentorship, mentee_counts
from graphsvc.model import PERSON_DEFAULTS, Edge
from graphsvc.store import GraphStore

__all__ = ["health_report", "network_health"]


def _brief(people: dict[str, dict[str, Any]], pid: str) -> dict[str, Any]:
    p = people.get(pid, {})
    return {"person_id": pid, "name": p.get("name") or pid, "department": p.get("department")}


def health_report(people: dict[str, dict[str, Any]], edges: Iterable[Edge], mentee_ids: Iterable[str],
                  open_requests: dict[str, int], today: date, top: int = 10) -> dict[str, Any]:
    """The health findings over plain data (see the module docstring for each finding).

    ``mentee_ids`` are the people with a mentee account; ``open_requests`` maps introducers
    to their pending requests.

    Examples
    --------
    >>> from graphsvc.model import Tie
    >>> people = {"a": {"department": "X"}, "b": {"department": "Y"}, "c": {"department": "Z"}}
    >>> report = health_report(people, [Edge("a", "b", (Tie("KNOWS", "a", "b"),))], [], {}, date(2026, 1, 1))
    >>> [p["person_id"] for p in report["isolated"]], report["unlinked_departments"]
    (['c'], [['X', 'Z'], ['Y', 'Z']])
    """
    edges = list(edges)  # read twice: here and by mentee_counts
    active = {p for p, props in people.items() if props.get("active", True) is not False}
    linked: set[str] = set()
    department_pairs: set[tuple[str, str]] = set()
    mentored: set[str] = set()
    has_mentor: set[str] = set()
    for e in edges:
        for t in e.ties:
            if t.type == "MENTORS":
                mentored.add(t.target)
                if t.source in active and is_open_mentorship(t.props, today):
                    has_mentor.add(t.target)
        if e.a in active and e.b in active:
            linked.update((e.a, e.b))
            da, db = people[e.a].get("department"), people[e.b].get("department")
            if da and db and da != db:
                department_pairs.add((da, db) if da < db else (db, da))
    departments = sorted({people[p].get("department") for p in active} - {None, ""})
    mentees = (mentored | set(mentee_ids)) & active
    busiest = sorted(((n, p) for p, n in open_requests.items() if n > 0), key=lambda t: (-t[0], t[1]))[:top]
    over = sorted(((n - capacity_of(people[p]), n, p) for p, n in mentee_counts(edges, today).items()
                   if p in active and n > capacity_of(people[p])), key=lambda t: (-t[0], t[2]))
    return {
        "people": len(people),
        "active_people": len(active),
        "isolated": [_brief(people, p) for p in sorted(active - linked)],
        "mentees_without_mentor": [_brief(people, p) for p in sorted(mentees - has_mentor)],
        "departments": departments,
        "unlinked_departments": [list(pair) for pair in combinations(departments, 2) if pair not in department_pairs],
        "busiest_introducers": [
            {**_brief(people, p), "open_requests": n,
             "max_intros_per_month": people.get(p, {}).get("max_intros_per_month",
                                                           PERSON_DEFAULTS["max_intros_per_month"])}
            for n, p in busiest],
        "mentors_over_capacity": [{**_brief(people, p), "mentees": n, "max_mentees": capacity_of(people[p])}
                                  for _, n, p in over],
    }


def network_health(store: GraphStore, today: date | None = None, top: int = 10) -> dict[str, Any]:
    """:func:`health_report` of the whole store."""
    edges, people = store.export_graph()
    mentee_ids = [a["person_id"] for a in store.find_records("Account")
                  if "mentee" in (a.get("roles") or ()) and not a.get("disabled") and a.get("person_id")]
    return health_report(people, edges, mentee_ids, open_requests_by_introducer(store), today or date.today(), top)
