"""Who can help with a goal (DESIGN.md question 2): matches ranked by relevance × warmth.

:func:`who_can_help` reads the pair weights around the asker from a store as arrays
(:meth:`graphsvc.store.GraphReads.weights_around`; the embedded store hands over its
shared snapshot), finds the warmest path to everyone within the hop limit at once
(:class:`graphsvc.paths.Walks`, whole layers of ties per numpy operation), and ranks the
reachable people who match the spec (:mod:`graphsvc.relevance`) by ``relevance × score of
the warmest path``, examining them warmest first and stopping as soon as nobody left can
enter the top ``k``.

A store whose ties cost per tie to read (``narrow_walks``: Neo4j) is asked twice: the
weights one hop short of the limit first, ranked as above, and then, of the people at the
last level, only those whose walk is warm enough to lead someone into the top ``k``
(:func:`_could_matter`): at 100,000 people, some tens of the hundreds. Same answers.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from graphsvc import csr
from graphsvc.goals import GoalSpec
from graphsvc.introducer_load import penalties
from graphsvc.paths import RankedPath, Walks
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
    known: dict[str, tuple[float, list[str]] | None] = {}
    # Everyone passable within max_hops − 1 hops is walked through, so these weights hold
    # every hop a path of max_hops hops can take.
    radius = max_hops - 1
    if store.narrow_walks and radius >= 1:
        adj, walks, ranked = _search(store, spec, today, k, source, max_hops, open_requests, known,
                                     store.weights_around(source, radius - 1))
        last = _could_matter(adj, walks, ranked, k, radius)
        if len(last):
            adj, walks, ranked = _search(store, spec, today, k, source, max_hops, open_requests, known,
                                         store.weights_around(source, radius, last=last))
    else:
        adj, walks, ranked = _search(store, spec, today, k, source, max_hops, open_requests, known,
                                     store.weights_around(source, radius))
    matches = {p: found for p, found in known.items() if found}
    shown = [_ranked_walk(adj, walks, p) for _, p in ranked]
    people, evidence, as_of = store.path_evidence({q for r in shown for q in r.people}, hops_of(shown))
    hops: dict[str, dict[str, float]] = {}
    for r in shown:
        for u, v, w in zip(r.people, r.people[1:], r.weights):
            hops.setdefault(u, {})[v] = hops.setdefault(v, {})[u] = w
    paths = describe_paths([r.ranked for r in shown], hops, people, evidence, as_of, viewer)
    out = []
    for (score, p), walk, path in zip(ranked, shown, paths):
        props = people[p]
        relevance, reasons = matches[p]
        out.append({"person_id": p, "name": props.get("name") or p, "title": props.get("title"),
                    "department": props.get("department"), "relevance": relevance,
                    "warmth": walk.ranked.warmth, "score": score, "reasons": reasons, "path": path})
    return out


#: People examined at a time, warmest first, while better helpers may remain.
_BATCH = 256


def _search(store: GraphStore, spec: GoalSpec, today: date, k: int, source: str, max_hops: int,
            open_requests: dict[str, int] | None, known: dict, adj: csr.Snapshot
            ) -> tuple[csr.Snapshot, Walks, list[tuple[float, str]]]:
    """The warmest walks over ``adj`` (introducers busy with ``open_requests`` cost more)
    and the ``k`` best helpers they reach (:func:`_best_matches`)."""
    busy = {p: n for p, n in (open_requests or {}).items() if n and adj.index_of(p) >= 0}
    toll = penalties(busy, store.get_people(busy)) if busy else {}
    walks = Walks(adj, adj.index_of(source), max_hops, {adj.index_of(p): f for p, f in toll.items()})
    return adj, walks, _best_matches(store, spec, today, k, adj, walks, known)


def _could_matter(adj: csr.Snapshot, walks: Walks, ranked: list[tuple[float, str]], k: int,
                  radius: int) -> np.ndarray:
    """Of the people ``radius`` hops away, whose weights ``adj`` (read out to ``radius − 1``)
    lacks, those through whom a walk could reach someone into the top ``k``: the ids of
    every one whose warmest walk of at most ``radius`` hops is at least as warm as the
    ``k``-th best score (everyone, with fewer than ``k`` found).

    Walks of at most ``radius`` hops use only the weights read, so that warmth is exact;
    a walk on through the person is no warmer (weights and penalties are at most 1) and a
    helper's relevance at most 1. So the others cannot change who the best ``k`` are, nor
    their walks: every walk through them is strictly colder than the ``k``-th best score.
    """
    source = walks.source
    ok = adj.passable.copy()
    ok[source] = True
    hops = np.full(len(adj.ids), -1, dtype=np.int64)
    hops[source] = 0
    front = np.array([source])
    for h in range(1, radius + 1):  # hop distances through passable people, as walk_out
        reached = adj.nbr[adj.ties(front)]
        reached = np.unique(reached[(hops[reached] < 0) & ok[reached]])
        hops[reached] = h
        front = reached
    far = np.flatnonzero(hops == radius)
    if len(ranked) >= k and len(far):
        near = Walks(adj, source, radius)  # the same tolls are left out: they only lower warmth
        kth = ranked[k - 1][0]
        # a hair of margin: more people read never changes the answer, fewer might
        far = far[np.exp(-near.cost[far]) * (1 + 1e-9) >= kth]
    return adj.ids[far]


def _best_matches(store: GraphStore, spec: GoalSpec, today: date, k: int, adj, walks: Walks,
                  known: dict[str, tuple[float, list[str]] | None]) -> list[tuple[float, str]]:
    """The ``k`` best ``(score, person_id)`` among the passable people reached; the relevance
    of each person examined is added to ``known`` (``None``: no match), where people already
    examined are not read again.

    Relevance is at most 1, so nobody scores above their path's score: people are examined
    warmest first, a batch at a time, until the ``k``-th best score beats the next path's.
    A large department as the goal is then answered from the few hundred warmest people,
    not the tens of thousands reached. Scores tie-break by person_id, as ranking everyone would.
    """
    reached = walks.reached()
    reached = reached[adj.passable[reached]]
    ranked: list[tuple[float, str]] = []
    for part in _warmest_first(reached, walks.cost[reached]):
        scores = [math.exp(-c) for c in walks.cost[part].tolist()]
        if len(ranked) >= k and ranked[k - 1][0] > scores[0]:
            break
        batch = dict(zip(adj.ids[part].tolist(), scores))
        unread = set(batch) - known.keys()
        if unread:
            found = relevance_of(store, spec, candidates(store, spec, unread), today)
            known.update((p, found.get(p)) for p in unread)
        ranked = sorted(ranked + [(known[p][0] * score, p) for p, score in batch.items() if known[p]],
                        key=lambda t: (-t[0], t[1]))[:k]
    return ranked


def _warmest_first(people: np.ndarray, cost: np.ndarray, sorted_first: int = 8 * _BATCH):
    """``people`` in batches, cheapest walk first (ties by index): the cheapest few thousand
    are sorted first, and the tens of thousands behind them only if asked for."""
    if len(people) > sorted_first:
        bound = np.partition(cost, sorted_first)[sorted_first]
        near = cost <= bound
        groups = [(people[near], cost[near]), (people[~near], cost[~near])]
    else:
        groups = [(people, cost)]
    for group, group_cost in groups:
        order = group[np.lexsort((group, group_cost))]
        for start in range(0, len(order), _BATCH):
            yield order[start:start + _BATCH]


@dataclass(frozen=True)
class _Walk:
    ranked: RankedPath
    weights: list[float]  # of each hop, in order

    @property
    def people(self) -> tuple[str, ...]:
        return self.ranked.people


def _ranked_walk(adj, walks: Walks, person_id: str) -> _Walk:
    """The cheapest walk to a person as a :class:`RankedPath`, with its hops' weights."""
    path = walks.path(adj.index_of(person_id))
    weights = []
    for u, v in zip(path, path[1:]):
        start, end = int(adj.indptr[u]), int(adj.indptr[u + 1])
        weights.append(float(adj.weight[start + int(np.searchsorted(adj.nbr[start:end], v))]))
    warmth = 1.0
    for w in weights:
        warmth *= w
    people = tuple(adj.ids[path].tolist())
    return _Walk(RankedPath(people, warmth, math.exp(-float(walks.cost[path[-1]]))), weights)
