"""Top-k warm paths: the most reliable introduction chains within a hop limit.

Pure functions over plain data, shared by both stores. A path's warmth is the product of
its tie strengths, so with hop cost ``−log s`` the warmest path is the cheapest one. The
search is a best-first enumeration of simple paths (an A* over partial paths) that prunes
every partial path which can no longer reach the target within the hop limit; with an
admissible, consistent heuristic it yields complete paths in order of cost, so it stops
after ``k`` of them instead of enumerating every path.

The ranking may also carry a per-person penalty in (0, 1] for intermediates (for example an
introducer already carrying many open requests); ``score`` = warmth × Π penalties.
"""
from __future__ import annotations

import heapq
import math
from collections import deque
from dataclasses import dataclass
from typing import Mapping

__all__ = ["RankedPath", "hop_distances", "top_k_paths", "cheapest_walks", "rank_walk", "search_radii"]


@dataclass(frozen=True)
class RankedPath:
    people: tuple[str, ...]
    warmth: float
    score: float


def search_radii(max_hops: int) -> tuple[int, int]:
    """How far from each end a store must fetch ties so every path of ≤ max_hops is seen.

    Hop ``j`` of a path of length ``L ≤ H`` starts at a person within ``⌈H/2⌉−1`` hops of
    the source when ``j < ⌈H/2⌉``; otherwise it ends within ``⌊H/2⌋−1`` hops of the target.
    So the ties incident to those two balls contain every such path.
    """
    return math.ceil(max_hops / 2) - 1, max_hops // 2 - 1


def hop_distances(adj: Mapping[str, Mapping[str, float]], target: str, passable, limit: int) -> dict[str, int]:
    """Hops from each person to ``target``, walking back only through passable people."""
    dist = {target: 0}
    queue = deque([target])
    while queue:
        u = queue.popleft()
        d = dist[u]
        if d >= limit or (u != target and not passable(u)):
            continue
        for v in adj.get(u, ()):
            if v not in dist:
                dist[v] = d + 1
                queue.append(v)
    return dist


def top_k_paths(
    adj: Mapping[str, Mapping[str, float]],
    source: str,
    target: str,
    k: int,
    max_hops: int,
    passable,
    penalty: Mapping[str, float] | None = None,
) -> list[RankedPath]:
    """The ``k`` best simple paths from ``source`` to ``target`` of at most ``max_hops`` hops.

    Parameters
    ----------
    adj : mapping person → {neighbour: strength in (0, 1)}, symmetric.
    passable : callable person → bool; only passable people may be intermediates.
    penalty : optional person → factor in (0, 1] applied when the person is an intermediate.

    Paths are ordered by score (descending), ties broken by the people's ids so that both
    stores give the same order.

    Examples
    --------
    >>> adj = {"a": {"b": 0.9, "c": 0.5}, "b": {"a": 0.9, "c": 0.9}, "c": {"a": 0.5, "b": 0.9}}
    >>> [p.people for p in top_k_paths(adj, "a", "c", 2, 4, lambda n: True)]
    [('a', 'b', 'c'), ('a', 'c')]
    """
    if source == target or k <= 0 or max_hops <= 0:
        return []
    penalty = penalty or {}
    dist = hop_distances(adj, target, passable, max_hops)
    if source not in dist:
        return []
    # The cheapest hop anywhere makes the heuristic "hops left × cheapest hop" admissible;
    # hop costs are taken as paths grow, not for the whole neighbourhood up front.
    strongest = max((max(nbrs.values()) for nbrs in adj.values() if nbrs), default=1.0)
    min_cost = -math.log(strongest)
    log = math.log

    def node_cost(v: str) -> float:
        return 0.0 if v == target else -math.log(penalty.get(v, 1.0))

    # Each person's onward hops, taken once and grouped by how far their end is from the
    # target: a path with h hops left tries only the groups within h. A hub reached late in
    # a path then offers its few neighbours next to the target, not its thousands of ties.
    onward: dict[str, list[list[tuple[str, float, float, int]]]] = {}

    def hops_from(u: str) -> list[list[tuple[str, float, float, int]]]:
        groups: list[list[tuple[str, float, float, int]]] = [[] for _ in range(max_hops + 1)]
        for v, w in adj.get(u, {}).items():
            d = dist.get(v)
            if d is not None and (v == target or passable(v)):
                groups[d].append((v, log(w), node_cost(v), d))
        onward[u] = groups
        return groups

    heap = [(dist[source] * min_cost, 0.0, (source,))]
    found: list[RankedPath] = []
    while heap and len(found) < k:
        _, g, path = heapq.heappop(heap)
        last = path[-1]
        if last == target:
            found.append(_ranked(adj, path, g))
            continue
        hops_left = max_hops - len(path)  # hops left after taking the next one
        groups = onward.get(last) or hops_from(last)
        for group in groups[:hops_left + 1]:
            for v, log_w, cost, d in group:
                if v not in path:
                    g2 = g - log_w + cost
                    heapq.heappush(heap, (g2 + d * min_cost, g2, path + (v,)))
    return found


def cheapest_walks(
    adj: Mapping[str, Mapping[str, float]],
    source: str,
    max_hops: int,
    passable,
    penalty: Mapping[str, float] | None = None,
) -> dict[str, tuple[float, tuple[str, ...]]]:
    """``(cost, path)`` of the single best path from ``source`` to everyone within ``max_hops``.

    Kept unranked so that a caller reaching tens of thousands of people ranks (with
    :func:`rank_walk`) only the few it shows.

    "Who can help" needs the warmest path to hundreds of candidates at once; one search from
    the source answers them all, where :func:`top_k_paths` would run once per candidate.
    Same scoring as :func:`top_k_paths` (warmth × penalties of intermediates), same rules
    (only passable intermediates), and for each person its ranked result equals
    ``top_k_paths(adj, source, person, 1, max_hops, passable, penalty)[0]`` up to the order
    of equally scored paths, which here too is by the people's ids.

    A hop-layered Bellman–Ford: layer ``h`` holds the cheapest ``h``-hop walk to each
    person, kept only when it is cheaper than every shorter one (a walk with more hops and
    no lower cost can never lead anywhere better). Every hop has positive cost, so a
    cheapest walk never repeats a person: the results are simple paths.

    Examples
    --------
    >>> adj = {"a": {"b": 0.9, "c": 0.5}, "b": {"a": 0.9, "c": 0.9}, "c": {"a": 0.5, "b": 0.9}}
    >>> {p: rank_walk(adj, w).people for p, w in sorted(cheapest_walks(adj, "a", 2, lambda n: True).items())}
    {'b': ('a', 'b'), 'c': ('a', 'b', 'c')}
    """
    penalty = penalty or {}
    best: dict[str, tuple[float, tuple[str, ...]]] = {source: (0.0, (source,))}
    layer = dict(best)
    for _ in range(max_hops):
        reached: dict[str, tuple[float, tuple[str, ...]]] = {}
        for u, (cost, path) in layer.items():
            if u != source:
                if not passable(u):
                    continue
                cost -= math.log(penalty.get(u, 1.0))
            for v, s in adj.get(u, {}).items():
                offer = (cost - math.log(s), path + (v,))
                if offer < reached.get(v, _NEVER) and offer < best.get(v, _NEVER):
                    reached[v] = offer
        best.update(reached)
        layer = reached
        if not layer:
            break
    del best[source]
    return best


_NEVER = (math.inf, ())


def rank_walk(adj, walk: tuple[float, tuple[str, ...]]) -> RankedPath:
    """A ``(cost, path)`` walk as a :class:`RankedPath`."""
    cost, path = walk
    return _ranked(adj, path, cost)


def _ranked(adj, path: tuple[str, ...], cost: float) -> RankedPath:
    warmth = 1.0
    for u, v in zip(path, path[1:]):
        warmth *= adj[u][v]
    return RankedPath(people=path, warmth=warmth, score=math.exp(-cost))
