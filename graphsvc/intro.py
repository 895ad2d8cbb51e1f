"""Warm introductions from one person to another: fetch, weigh, rank, explain.

Both stores answer through the same code: the store only hands over the ties around the
two people (a hop-bounded neighbourhood, see :func:`graphsvc.paths.search_radii`); tie
strength, ranking and explanations are computed here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graphsvc.introductions import open_requests_by_introducer
from graphsvc.model import PERSON_DEFAULTS, Edge, PersonNotFound
from graphsvc.paths import RankedPath, on_short_paths, search_radii, top_k_paths
from graphsvc.store import GraphStore, passable
from graphsvc.strength import StrengthConfig, combine, explain, tie_strength

__all__ = ["IntroResult", "warm_intro", "edge_strength", "weigh", "walk_out", "neighbourhood",
           "introducer_penalty", "penalties", "describe_path"]


@dataclass
class IntroResult:
    source: dict[str, Any]
    target: dict[str, Any]
    paths: list[dict[str, Any]]
    max_hops: int
    #: when no path is found: the sender's warmest passable ties, to ask around first
    next_steps: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        out = {"from": self.source["person_id"], "to": self.target["person_id"], "paths": self.paths}
        if not self.paths:
            out["next_steps"] = self.next_steps
        return out


def edge_strength(edge: Edge, today: date, config: StrengthConfig | None = None) -> float:
    return combine(tie_strength(t, today, config) for t in edge.ties)


def weigh(edges: list[Edge], today: date, config: StrengthConfig | None = None):
    """``(adj, by_pair)``: each pair's combined strength both ways, and its edge by sorted pair."""
    adj: dict[str, dict[str, float]] = {}
    by_pair: dict[tuple[str, str], Edge] = {}
    for e in edges:
        s = edge_strength(e, today, config)
        adj.setdefault(e.a, {})[e.b] = s
        adj.setdefault(e.b, {})[e.a] = s
        by_pair[(e.a, e.b)] = e
    return adj, by_pair


def walk_out(store: GraphStore, radii: dict[str, int], endpoints=()):
    """Every tie incident to a person within ``radii[start]`` hops of each start.

    Walks out level by level (one store query per level), through passable people only:
    the ties of an impassable person are not fetched unless it is one of ``endpoints``
    (which always includes the starts).
    """
    endpoints = set(endpoints) | set(radii)
    edges: dict[tuple[str, str], Edge] = {}
    people: dict[str, dict[str, Any]] = {}
    expanded: set[str] = set()
    frontiers = {start: {start} for start in radii}
    last = max(radii.values(), default=-1)
    for level in range(last + 1):
        ask = set().union(*(f for end, f in frontiers.items() if level <= radii[end])) - expanded
        if not ask:
            break
        found, found_people = store.incident_edges(sorted(ask), endpoints)
        expanded |= ask
        people.update(found_people)
        for e in found:
            edges[(e.a, e.b)] = e
        if level == last:
            break
        frontiers = {
            end: {v for e in found for u, v in ((e.a, e.b), (e.b, e.a))
                  if u in f and v not in expanded and v not in endpoints and passable(people.get(v))}
            for end, f in frontiers.items()}
    return list(edges.values()), people


def neighbourhood(store: GraphStore, source: str, target: str, max_hops: int):
    """Every tie that a path of at most ``max_hops`` hops between the two could use.

    Walks out from both ends as far as :func:`search_radii` says.
    """
    return walk_out(store, dict(zip((source, target), search_radii(max_hops))))


def introducer_penalty(open_requests: int, max_intros_per_month: int | None) -> float:
    """How much an introducer's open requests lower the score of paths through them.

    ``1 / (1 + open / capacity)`` with capacity the person's ``max_intros_per_month``
    (default 4): no open request leaves paths as they are, a month's worth of open requests
    halves them, twice that divides them by three. Busy people are asked less often, but a
    much warmer path through them still wins over a cold one.

    >>> introducer_penalty(0, 4), introducer_penalty(4, 4), introducer_penalty(8, None)
    (1.0, 0.5, 0.3333333333333333)
    """
    capacity = max_intros_per_month if max_intros_per_month and max_intros_per_month > 0 \
        else PERSON_DEFAULTS["max_intros_per_month"]
    return 1.0 / (1.0 + max(0, open_requests) / capacity)


def penalties(open_requests: dict[str, int], people: dict[str, dict[str, Any]]) -> dict[str, float]:
    """:func:`introducer_penalty` of every person of ``people`` with open requests."""
    return {p: introducer_penalty(n, people[p].get("max_intros_per_month"))
            for p, n in open_requests.items() if n and p in people}


def warm_intro(store: GraphStore, from_ref: str, to_ref: str, k: int = 5, max_hops: int = 4,
               today: date | None = None, config: StrengthConfig | None = None,
               open_requests: dict[str, int] | None = None) -> IntroResult:
    """The ``k`` warmest introduction paths, every hop explained by its evidence.

    Introducers already carrying open requests are de-prioritised (:func:`introducer_penalty`);
    ``open_requests`` (person_id → count) defaults to the store's pending introductions.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    if not 1 <= max_hops <= 6:
        raise ValueError("max_hops must be between 1 and 6")
    today = today or date.today()
    found = store.resolve_many([from_ref, to_ref])  # one round trip for both
    for ref in (from_ref, to_ref):
        if ref not in found:
            raise PersonNotFound(ref)
    source_id, target_id = found[from_ref], found[to_ref]
    ends = store.get_people([source_id, target_id])
    if source_id == target_id:
        raise ValueError("from and to name the same person")
    if open_requests is None:
        open_requests = open_requests_by_introducer(store)
    edges, people = neighbourhood(store, source_id, target_id, max_hops)
    people.update(ends)
    can_pass = lambda p: passable(people.get(p))  # noqa: E731
    useful = on_short_paths([(e.a, e.b) for e in edges], source_id, target_id, max_hops, can_pass)
    adj, by_pair = weigh([edges[i] for i in useful], today, config)
    ranked = top_k_paths(adj, source_id, target_id, k, max_hops, passable=can_pass,
                         penalty=penalties(open_requests, people))
    names = _names(people, {p for r in ranked for p in r.people})
    paths = [describe_path(r, adj, by_pair, names, today, config) for r in ranked]
    result = IntroResult(ends[source_id], ends[target_id], paths, max_hops)
    if not paths:
        mine, _ = weigh([e for e in edges if source_id in (e.a, e.b)], today, config)
        result.next_steps = _next_steps(source_id, mine, people)
    return result


def _names(people: dict[str, dict[str, Any]], ids) -> dict[str, str]:
    return {p: people[p].get("name") or p for p in ids}


def describe_path(ranked: RankedPath, adj, by_pair, names, today, config=None) -> dict[str, Any]:
    """A ranked path as JSON-able data: its people, warmth, score, and each hop's evidence."""
    path = ranked.people
    hops = []
    for u, v in zip(path, path[1:]):
        edge = by_pair[(u, v) if u < v else (v, u)]
        ties = sorted(edge.ties, key=lambda t: (-tie_strength(t, today, config), t.key))
        hops.append({"from": u, "to": v, "strength": adj[u][v],
                     "evidence": [explain(t, names) for t in ties]})
    return {"people": [{"person_id": p, "name": names[p]} for p in path], "warmth": ranked.warmth,
            "score": ranked.score, "hops": hops}


def _next_steps(source_id, adj, people, limit: int = 3) -> list[dict[str, Any]]:
    """No path within the limit: the people the sender knows best who could ask around."""
    ties = sorted(((-s, p) for p, s in adj.get(source_id, {}).items() if passable(people.get(p))))
    return [{"person_id": p, "name": people[p].get("name") or p, "strength": -s} for s, p in ties[:limit]]
