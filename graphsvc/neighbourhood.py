"""The hop-bounded part of the graph a question needs, read as ids and pair weights.

Questions that search paths (warm paths, who can help, people to meet) walk out from one or
two people level by level, one store query per level, through passable people only. The
store hands over only who is tied to whom and how strongly (:class:`WeightedNeighbourhood`);
evidence is read later, for the paths shown.
"""
from __future__ import annotations

from graphsvc.store import GraphStore, WeightedNeighbourhood

__all__ = ["walk_out", "symmetric"]


def walk_out(store: GraphStore, radii: dict[str, int], endpoints=()) -> WeightedNeighbourhood:
    """The pair weights of every person within ``radii[start]`` hops of each start.

    Walks out through passable people only: the weights of an impassable person are not
    fetched unless it is one of ``endpoints`` (which always includes the starts).
    """
    endpoints = set(endpoints) | set(radii)
    out = WeightedNeighbourhood()
    expanded: set[str] = set()
    frontiers = {start: {start} for start in radii}
    last = max(radii.values(), default=-1)
    for level in range(last + 1):
        ask = set().union(*(f for end, f in frontiers.items() if level <= radii[end])) - expanded
        if not ask:
            break
        found = store.weighted_neighbours(sorted(ask), endpoints)
        expanded |= ask
        out.weights.update(found.weights)
        out.passable.update(found.passable)
        if level == last:
            break
        frontiers = {
            end: {v for u in f for v in found.weights.get(u, ())
                  if v not in expanded and v not in endpoints and found.passable.get(v)}
            for end, f in frontiers.items()}
    return out


def symmetric(weights: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Both directions of every pair weight read (a person's weights name their neighbours,
    whose own weights may not have been read)."""
    adj: dict[str, dict[str, float]] = {}
    for u, nbrs in weights.items():
        mine = adj.setdefault(u, {})
        for v, w in nbrs.items():
            mine[v] = w
            adj.setdefault(v, {})[u] = w
    return adj
