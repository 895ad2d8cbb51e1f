"""Question 1, warm introductions from one person to another: walk out, rank, explain.

Both stores answer through the same code. The store hands over only ids and stored pair
weights of the ties on short walks between the two people
(:meth:`graphsvc.store.GraphReads.path_neighbourhood`); ranking happens here, and evidence is read for the
hops of the ``k`` paths shown, and nothing else.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping

from graphsvc.introducer_load import penalties
from graphsvc.model import Edge, PersonNotFound, pair_of
from graphsvc.paths import RankedPath, top_k_paths
from graphsvc.store import GraphStore
from graphsvc.strength import explain, tie_strength
from graphsvc.visibility import Viewer, ties_as_seen

__all__ = ["IntroResult", "warm_intro", "hops_of", "describe_paths"]


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


def warm_intro(store: GraphStore, from_ref: str, to_ref: str, k: int = 5, max_hops: int = 4,
               open_requests: Mapping[str, int] | None = None, viewer: Viewer | None = None) -> IntroResult:
    """The ``k`` warmest introduction paths, every hop explained by its evidence (as ``viewer``
    may see it, :mod:`graphsvc.visibility`).

    Introducers carrying open requests (``open_requests``: person_id → count, from the
    caller) are de-prioritised (:func:`graphsvc.introducer_load.introducer_penalty`).
    Warmth is computed from the store's pair weights, as of :meth:`GraphStore.weights_as_of`.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    if not 1 <= max_hops <= 6:
        raise ValueError("max_hops must be between 1 and 6")
    found = store.resolve_many([from_ref, to_ref])  # one round trip for both
    for ref in (from_ref, to_ref):
        if ref not in found:
            raise PersonNotFound(ref)
    source_id, target_id = found[from_ref], found[to_ref]
    if source_id == target_id:
        raise ValueError("from and to name the same person")
    near = store.path_neighbourhood(source_id, target_id, max_hops)
    adj = near.weights
    busy = {p: n for p, n in (open_requests or {}).items() if n and p in adj}
    ranked = top_k_paths(adj, source_id, target_id, k, max_hops, passable=near.passable.get,
                         penalty=penalties(busy, store.get_people(busy)) if busy else None)
    if not ranked:  # the sender's own ties, for the next steps
        near = store.weighted_neighbours([source_id], [source_id])
    mine = near.weights.get(source_id, {}) if not ranked else {}
    shown = {p for r in ranked for p in r.people}
    people, evidence, as_of = store.path_evidence(shown | {source_id, target_id} | set(mine), hops_of(ranked))
    paths = describe_paths(ranked, adj, people, evidence, as_of, viewer)
    result = IntroResult(people[source_id], people[target_id], paths, max_hops)
    if not paths:
        result.next_steps = _next_steps(mine, near.passable, people)
    return result


def hops_of(ranked: list[RankedPath]) -> set[tuple[str, str]]:
    """The pairs (sorted) the hops of these paths go through: the evidence to read."""
    return {pair_of(u, v) for r in ranked for u, v in zip(r.people, r.people[1:])}


def describe_paths(ranked: list[RankedPath], adj: Mapping[str, Mapping[str, float]],
                   people: Mapping[str, dict[str, Any]], evidence: list[Edge],
                   as_of: date | None, viewer: Viewer | None = None) -> list[dict[str, Any]]:
    """Ranked paths as JSON-able data: people, warmth, score, and each hop's weight and evidence.

    ``adj`` holds the pair weights the paths were ranked by, ``evidence`` the edges of their
    hops (:func:`hops_of`), ``as_of`` the date those weights are computed for, by which each
    hop's evidence is ordered, strongest first, and shown as ``viewer`` may see it.
    """
    by_pair = {(e.a, e.b): e for e in evidence}
    as_of = as_of or date.today()
    names = {p: (people.get(p) or {}).get("name") or p for r in ranked for p in r.people}
    return [_describe(r, adj, by_pair, names, as_of, viewer) for r in ranked]


def _describe(ranked: RankedPath, adj, by_pair: dict[tuple[str, str], Edge], names, as_of, viewer) -> dict[str, Any]:
    path = ranked.people
    hops = []
    for u, v in zip(path, path[1:]):
        ties = sorted(by_pair[pair_of(u, v)].ties, key=lambda t: (-tie_strength(t, as_of), t.key))
        hops.append({"from": u, "to": v, "strength": adj[u][v],
                     "evidence": [explain(t, names) for t in ties_as_seen(viewer, ties)]})
    return {"people": [{"person_id": p, "name": names[p]} for p in path], "warmth": ranked.warmth,
            "score": ranked.score, "hops": hops}


def _next_steps(mine: dict[str, float], passable, people, limit: int = 3) -> list[dict[str, Any]]:
    """No path within the limit: the people the sender knows best who could ask around."""
    ties = sorted((-s, p) for p, s in mine.items() if passable.get(p))
    return [{"person_id": p, "name": people[p].get("name") or p, "strength": -s} for s, p in ties[:limit]]
