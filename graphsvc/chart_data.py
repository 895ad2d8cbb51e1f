"""The numbers behind the web UI's charts, as plain data.

Each chart has a pure function over records or edges (tested without a store) and, where it
needs one, a thin reader that hands it what a store holds. The web UI only draws: the same
numbers are the table beside each chart and can be had from Python without Flask.

* :func:`intro_stages_by_month` — how many introductions reached each stage in each month,
  from the status history every introduction keeps;
* :func:`department_matrix` — ties and bridges between every pair of departments;
* :func:`goal_progress` — each goal's progress after every recorded step;
* :func:`strength_by_kind` — a person's ties grouped by the kind of their evidence.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import combinations
from statistics import fmean
from typing import Any, Iterable

import networkx as nx

from graphsvc import goals as goal_records
from graphsvc.model import Edge
from graphsvc.store import GraphStore
from graphsvc.strength import DEFAULT_BASE

__all__ = ["STAGES", "intro_stages_by_month", "introduction_stages", "department_matrix",
           "department_connections", "goal_progress", "mentee_goal_progress", "strength_by_kind"]

#: The stages the admin's chart counts, and the introduction status that marks each one.
#: "accepted" is the target's yes: from then on both sides have agreed (double opt-in).
STAGES = {"requested": "requested", "accepted": "target_accepted", "made": "made", "met": "met",
          "declined": "declined", "expired": "expired"}


def _month(at: str) -> str:
    return at[:7]


def _last_months(today: date, months: int) -> list[str]:
    """The ``months`` months up to and including today's, oldest first, as ``YYYY-MM``."""
    end = today.year * 12 + today.month - 1
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(end - months + 1, end + 1)]


def intro_stages_by_month(intros: Iterable[dict[str, Any]], today: date, months: int = 12) -> dict[str, Any]:
    """Introductions reaching each of :data:`STAGES` per month, for the last ``months`` months.

    An introduction counts in the month its history records the step (an introduction made
    in March and met in April counts once in each). Months with nothing happen still appear,
    so gaps show as gaps.

    Examples
    --------
    >>> intro = {"history": [{"status": "requested", "at": "2026-01-30T10:00:00+00:00"},
    ...                      {"status": "declined", "at": "2026-02-02T09:00:00+00:00"}]}
    >>> result = intro_stages_by_month([intro], date(2026, 2, 15), months=3)
    >>> [(m["month"], m["counts"]["requested"], m["counts"]["declined"]) for m in result["months"]]
    [('2025-12', 0, 0), ('2026-01', 1, 0), ('2026-02', 0, 1)]
    """
    stage_of = {status: stage for stage, status in STAGES.items()}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STAGES, 0))
    for intro in intros:
        for step in intro.get("history", ()):
            stage = stage_of.get(step.get("status"))
            if stage and step.get("at"):
                counts[_month(step["at"])][stage] += 1
    return {"stages": list(STAGES),
            "months": [{"month": m, "counts": counts.get(m) or dict.fromkeys(STAGES, 0)}
                       for m in _last_months(today, months)]}


def introduction_stages(store: GraphStore, today: date | None = None, months: int = 12) -> dict[str, Any]:
    """:func:`intro_stages_by_month` over every introduction in the store."""
    return intro_stages_by_month(store.find_records("Introduction"), today or date.today(), months)


def _bridges(cross: list[tuple[str, str]]) -> int:
    """The fewest people whose leaving cuts every one of these ties between two departments.

    That is a minimum vertex cover of the bipartite graph of the ties, whose size equals a
    maximum matching (König's theorem).
    """
    graph = nx.Graph((("a", u), ("b", v)) for u, v in cross)
    left = {n for n in graph if n[0] == "a"}
    return len(nx.bipartite.hopcroft_karp_matching(graph, top_nodes=left)) // 2


def department_matrix(people: dict[str, dict[str, Any]], edges: Iterable[Edge]) -> dict[str, Any]:
    """Ties between the active people of every pair of departments, and how many bridges.

    ``cells[i][j]`` holds ``ties`` (pairs of people tied) and, between two different
    departments, ``bridges``: the fewest people whose leaving would cut the two apart. A pair
    with no tie, or with one bridge, is listed in ``weak`` as well: introductions between
    those departments hang on nobody or on one person.

    Examples
    --------
    >>> from graphsvc.model import Tie
    >>> people = {"a": {"department": "X"}, "b": {"department": "Y"}, "c": {"department": "Y"},
    ...           "d": {"department": "Z"}}
    >>> ties = [Edge("a", "b", (Tie("KNOWS", "a", "b"),)), Edge("a", "c", (Tie("KNOWS", "a", "c"),))]
    >>> m = department_matrix(people, ties)
    >>> m["cells"][0][1], [(w["a"], w["b"], w["bridges"]) for w in m["weak"]]
    ({'ties': 2, 'bridges': 1}, [('X', 'Y', 1), ('X', 'Z', 0), ('Y', 'Z', 0)])
    """
    department = {p: props.get("department") for p, props in people.items()
                  if props.get("active", True) is not False and props.get("department")}
    departments = sorted(set(department.values()))
    index = {d: i for i, d in enumerate(departments)}
    cross: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for e in edges:
        da, db = department.get(e.a), department.get(e.b)
        if da and db:
            key, pair = ((da, db), (e.a, e.b)) if da <= db else ((db, da), (e.b, e.a))
            cross[key].append(pair)
    cells = [[{"ties": 0} for _ in departments] for _ in departments]
    for (da, db), ties in cross.items():
        cells[index[da]][index[db]]["ties"] = cells[index[db]][index[da]]["ties"] = len(ties)
    weak = []
    for da, db in combinations(departments, 2):
        bridges = _bridges(cross[(da, db)]) if cross.get((da, db)) else 0
        for i, j in ((index[da], index[db]), (index[db], index[da])):
            cells[i][j]["bridges"] = bridges
        if bridges <= 1:
            weak.append({"a": da, "b": db, "ties": len(cross.get((da, db), ())), "bridges": bridges})
    return {"departments": departments, "cells": cells, "weak": weak}


def department_connections(store: GraphStore) -> dict[str, Any]:
    """:func:`department_matrix` of the whole store (an admin report, not a per-request read)."""
    edges, people = store.export_graph()
    return department_matrix(people, edges)


def goal_progress(goals: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each goal's progress (0–1) when it was set and after every recorded step, oldest first.

    Dropped goals are left out: nobody works toward them any more.

    Examples
    --------
    >>> goal = {"id": "G-1", "statement": "Meet 2 people", "status": "open", "target_value": 2,
    ...         "created": "2026-01-01T00:00:00+00:00",
    ...         "history": [{"at": "2026-02-01T00:00:00+00:00", "value": 1}]}
    >>> [(p["at"], p["progress"]) for p in goal_progress([goal])[0]["points"]]
    [('2026-01-01', 0.0), ('2026-02-01', 0.5)]
    """
    out = []
    for goal in goals:
        if goal.get("status") == "dropped":
            continue
        target = goal.get("target_value") or 1
        points = [{"at": goal["created"][:10], "progress": 0.0}]
        points += [{"at": step["at"][:10], "progress": min(1.0, float(step["value"]) / target)}
                   for step in goal.get("history", ())]
        out.append({"goal_id": goal["id"], "statement": goal["statement"], "status": goal["status"],
                    "points": points})
    return out


def mentee_goal_progress(store: GraphStore, mentee_id: str) -> list[dict[str, Any]]:
    """:func:`goal_progress` of every goal of one person."""
    return goal_progress(goal_records.list_goals(store, mentee_id))


def strength_by_kind(ties: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """A person's ties grouped by the kind of their evidence, strongest first in each group.

    ``ties`` are :func:`graphsvc.person_network.ties_of` rows; a tie with evidence of two
    kinds counts in both, each with the strength of that kind of evidence alone. Kinds come
    in the order of their base strength (mentorship first).

    Examples
    --------
    >>> ties = [{"person": {"person_id": "b"}, "kinds": {"linkedin": 0.3, "same_team": 0.7}},
    ...         {"person": {"person_id": "c"}, "kinds": {"linkedin": 0.25}}]
    >>> [(k["kind"], k["strengths"], k["mean"]) for k in strength_by_kind(ties)]
    [('same_team', [0.7], 0.7), ('linkedin', [0.3, 0.25], 0.275)]
    """
    grouped: dict[str, list[float]] = defaultdict(list)
    for tie in ties:
        for kind, strength in tie["kinds"].items():
            grouped[kind].append(strength)
    order = sorted(DEFAULT_BASE, key=lambda k: -DEFAULT_BASE[k])
    return [{"kind": kind, "label": kind.replace("_", " "), "strengths": sorted(grouped[kind], reverse=True),
             "mean": round(fmean(grouped[kind]), 4)}
            for kind in sorted(grouped, key=lambda k: (order.index(k) if k in order else len(order), k))]
