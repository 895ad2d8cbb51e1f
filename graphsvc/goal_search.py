"""Who can help with a goal (DESIGN.md question 2): matches ranked by relevance × warmth.

:func:`who_can_help` reads the pair weights around the asker from a store, finds the
warmest path to everyone within the hop limit at once
(:func:`graphsvc.paths.cheapest_walks`), and ranks the reachable people who match the spec
(:mod:`graphsvc.relevance`) by ``relevance × score of the warmest path``.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from graphsvc.goals import GoalSpec
from graphsvc.introducer_load import penalties
from graphsvc.neighbourhood import walk_out
from graphsvc.paths import cheapest_walks, rank_walk
from graphsvc.relevance import candidates, relevance_of
from graphsvc.store import GraphStore
from graphsvc.visibility import Viewer
from graphsvc.warm_paths import describe_paths, hops_of

__all__ = ["DEFAULT_MAX_HOPS", "who_can_help"]

#: Default hop limit of "who can help": a helper four introductions away is rarely a lead,
#: and each extra hop multiplies the people searched by the typical number of ties.
DEFAULT_MAX_HOPS = 3


def who_can_help(store: GraphStore, person_ref: str, spec: GoalSpec, k: int = 10,
                 max_hops: int = DEFAULT_MAX_HOPS, today: date | None = None,
                 open_requests: dict[str, int] | None = None, viewer: Viewer | None = None) -> list[dict[str, Any]]:
    """People within ``max_hops`` who match ``spec``, best first, each with reasons and path
    (its evidence as ``viewer`` may see it, :mod:`graphsvc.visibility`).

    ``score = relevance × score of the warmest path`` (its warmth, lowered for introducers
    busy with ``open_requests``, as in :func:`graphsvc.warm_paths.warm_intro`). Only people
    who are active and open to introductions are suggested, and only through such people.
    ``today`` decides who works somewhere now and who did before.
    """
    if spec.is_empty():
        raise ValueError("say what help is needed: a skill, title, department, organisation, "
                         "location, level or person (or a goal)")
    if k < 1:
        raise ValueError("k must be at least 1")
    if not 1 <= max_hops <= 4:
        raise ValueError("max_hops must be between 1 and 4")
    today = today or date.today()
    source = store.resolve(person_ref)
    near = walk_out(store, {source: max_hops - 1})
    # Everyone passable within max_hops − 1 hops is walked through, so the weights read hold
    # every hop a path of max_hops hops can take, from its nearer end: no need to mirror them.
    adj = near.weights
    busy = {p: n for p, n in (open_requests or {}).items() if n and p in adj}
    walks = cheapest_walks(adj, source, max_hops, near.passable.get,
                           penalties(busy, store.get_people(busy)) if busy else None)
    reachable = {p for p in walks if near.passable.get(p)}
    matches = relevance_of(store, spec, candidates(store, spec, reachable), today)
    best = {p: rank_walk(adj, walks[p]) for p in matches}
    ranked = sorted(((rel * best[p].score, p) for p, (rel, _) in matches.items()), key=lambda t: (-t[0], t[1]))[:k]
    shown = [best[p] for _, p in ranked]
    people, evidence, as_of = store.path_evidence({q for r in shown for q in r.people}, hops_of(shown))
    paths = describe_paths(shown, adj, people, evidence, as_of, viewer)
    out = []
    for (score, p), path in zip(ranked, paths):
        props = people[p]
        relevance, reasons = matches[p]
        out.append({"person_id": p, "name": props.get("name") or p, "title": props.get("title"),
                    "department": props.get("department"), "relevance": relevance,
                    "warmth": best[p].warmth, "score": score, "reasons": reasons, "path": path})
    return out
