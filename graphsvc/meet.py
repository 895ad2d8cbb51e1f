"""People to meet: two hops away, ranked by shared ties and by relevance to one's goals.

For a person A, every person C with no tie to A but a tie to one of A's contacts W is a
candidate. Shared ties are scored by Adamic–Adar, ``aa(C) = Σ_W 1 / log(degree(W))``: a
shared contact who knows few people says more than a hub who knows everyone. Relevance to
A's open goals (:func:`graphsvc.relevance.spec_relevance`) multiplies it:
``score = aa × (1 + GOAL_WEIGHT × relevance)``, so a fully relevant person counts three
times as much as an equally well connected stranger to the goals.

Only active people open to introductions are suggested, and only such people count as
shared contacts (an introduction would go through them).
"""
from __future__ import annotations

import math
from datetime import date
from typing import Any

from graphsvc.relevance import goals_spec, relevance_of
from graphsvc.neighbourhood import symmetric, walk_out
from graphsvc.store import GraphStore

__all__ = ["GOAL_WEIGHT", "adamic_adar", "people_to_meet"]

GOAL_WEIGHT = 2.0


def adamic_adar(adj: dict[str, set[str]], person: str, usable) -> dict[str, dict[str, float]]:
    """candidate → {shared contact: 1/log(its degree)} for everyone two hops from ``person``.

    ``usable(p)`` says who may be a shared contact or a candidate.

    >>> adj = {"a": {"w"}, "w": {"a", "c", "d"}, "c": {"w"}, "d": {"w"}}
    >>> {c: round(sum(s.values()), 4) for c, s in adamic_adar(adj, "a", lambda p: True).items()}
    {'c': 0.9102, 'd': 0.9102}
    """
    mine = adj.get(person, set())
    out: dict[str, dict[str, float]] = {}
    for w in sorted(mine):
        if not usable(w) or len(adj[w]) < 2:
            continue  # a contact who knows only the person introduces them to nobody
        weight = 1.0 / math.log(len(adj[w]))
        for c in adj[w]:
            if c != person and c not in mine and usable(c):
                out.setdefault(c, {})[w] = weight
    return out


def people_to_meet(store: GraphStore, person_ref: str, k: int = 10, today: date | None = None) -> list[dict[str, Any]]:
    """The ``k`` people best worth meeting, with the shared contacts named and goal reasons."""
    if k < 1:
        raise ValueError("k must be at least 1")
    today = today or date.today()
    me = store.resolve(person_ref)
    near = walk_out(store, {me: 1})
    adj = {p: set(nbrs) for p, nbrs in symmetric(near.weights).items()}
    shared = adamic_adar(adj, me, near.passable.get)
    people = store.get_people(set(shared) | {w for via in shared.values() for w in via})
    spec = goals_spec(store, me)
    relevance = relevance_of(store, spec, {c: people[c] for c in shared}, today) if not spec.is_empty() else {}
    out = []
    for c, via in shared.items():
        aa = sum(via.values())
        rel, reasons = relevance.get(c, (0.0, []))
        named = sorted(via, key=lambda w: (-via[w], w))
        out.append({"person_id": c, "name": people[c].get("name") or c, "title": people[c].get("title"),
                    "department": people[c].get("department"), "adamic_adar": aa, "relevance": rel,
                    "score": aa * (1 + GOAL_WEIGHT * rel), "reasons": reasons,
                    "shared": [{"person_id": w, "name": people[w].get("name") or w} for w in named]})
    out.sort(key=lambda r: (-r["score"], r["person_id"]))
    return out[:k]
