"""Warm introductions from one person to another: fetch, weigh, rank, explain.

Both stores answer through the same code: the store only hands over the ties around the
two people (a hop-bounded neighbourhood, see :func:`graphsvc.paths.search_radii`); tie
strength, ranking and explanations are computed here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graphsvc.model import Edge
from graphsvc.paths import search_radii, top_k_paths
from graphsvc.store import GraphStore, passable
from graphsvc.strength import StrengthConfig, combine, explain, tie_strength

__all__ = ["IntroResult", "warm_intro", "edge_strength"]


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


def neighbourhood(store: GraphStore, source: str, target: str, max_hops: int):
    """Every tie that a path of at most ``max_hops`` hops between the two could use.

    Walks out from both ends level by level (one store query per level), through passable
    people only, as far as :func:`search_radii` says.
    """
    radii = dict(zip((source, target), search_radii(max_hops)))
    endpoints = {source, target}
    edges: dict[tuple[str, str], Edge] = {}
    people: dict[str, dict[str, Any]] = {}
    expanded: set[str] = set()
    frontiers = {source: {source}, target: {target}}
    for level in range(max(radii.values()) + 1):
        ask = set().union(*(f for end, f in frontiers.items() if level <= radii[end])) - expanded
        if not ask:
            break
        found, found_people = store.incident_edges(sorted(ask), endpoints)
        expanded |= ask
        people.update(found_people)
        for e in found:
            edges[(e.a, e.b)] = e
        frontiers = {
            end: {v for e in found for u, v in ((e.a, e.b), (e.b, e.a))
                  if u in f and v not in expanded and v not in endpoints and passable(people.get(v))}
            for end, f in frontiers.items()}
    return list(edges.values()), people


def warm_intro(store: GraphStore, from_ref: str, to_ref: str, k: int = 5, max_hops: int = 4,
               today: date | None = None, config: StrengthConfig | None = None,
               penalty: dict[str, float] | None = None) -> IntroResult:
    """The ``k`` warmest introduction paths, every hop explained by its evidence."""
    if k < 1:
        raise ValueError("k must be at least 1")
    if not 1 <= max_hops <= 6:
        raise ValueError("max_hops must be between 1 and 6")
    today = today or date.today()
    source_id, target_id = store.resolve(from_ref), store.resolve(to_ref)
    ends = store.get_people([source_id, target_id])
    if source_id == target_id:
        raise ValueError("from and to name the same person")
    edges, people = neighbourhood(store, source_id, target_id, max_hops)
    people.update(ends)
    adj: dict[str, dict[str, float]] = {}
    by_pair: dict[tuple[str, str], Edge] = {}
    for e in edges:
        s = edge_strength(e, today, config)
        adj.setdefault(e.a, {})[e.b] = s
        adj.setdefault(e.b, {})[e.a] = s
        by_pair[(e.a, e.b)] = e
    ranked = top_k_paths(adj, source_id, target_id, k, max_hops,
                         passable=lambda p: passable(people.get(p)), penalty=penalty)
    names = {p: props.get("name") or p for p, props in people.items()}
    paths = [_describe(r.people, r.warmth, adj, by_pair, names, today, config) for r in ranked]
    result = IntroResult(ends[source_id], ends[target_id], paths, max_hops)
    if not paths:
        result.next_steps = _next_steps(source_id, adj, people, names)
    return result


def _describe(path, warmth, adj, by_pair, names, today, config) -> dict[str, Any]:
    hops = []
    for u, v in zip(path, path[1:]):
        edge = by_pair[(u, v) if u < v else (v, u)]
        ties = sorted(edge.ties, key=lambda t: (-tie_strength(t, today, config), t.key))
        hops.append({"from": u, "to": v, "strength": adj[u][v],
                     "evidence": [explain(t, names) for t in ties]})
    return {"people": [{"person_id": p, "name": names[p]} for p in path], "warmth": warmth, "hops": hops}


def _next_steps(source_id, adj, people, names, limit: int = 3) -> list[dict[str, Any]]:
    """No path within the limit: the people the sender knows best who could ask around."""
    ties = sorted(((-s, p) for p, s in adj.get(source_id, {}).items() if passable(people.get(p))))
    return [{"person_id": p, "name": names[p], "strength": -s} for s, p in ties[:limit]]
