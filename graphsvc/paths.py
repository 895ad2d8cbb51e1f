"""Top-k warm paths: the most reliable introduction chains within a hop limit.

Pure functions over plain data, shared by both stores. A path's warmth is the product of
its tie strengths, so with hop cost ``−log s`` the warmest path is the cheapest one. The
search is a best-first enumeration of simple paths (an A* over partial paths) that prunes
every partial path which can no longer reach the target within the hop limit; its heuristic,
the cheapest walk on to the target within the hops left (:func:`cost_bounds`), is admissible,
so it yields complete paths in order of cost and stops after ``k`` of them instead of
enumerating every path.

The ranking may also carry a per-person penalty in (0, 1] for intermediates (for example an
introducer already carrying many open requests); ``score`` = warmth × Π penalties.
"""
from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from typing import Mapping

import numpy as np

from graphsvc import csr

__all__ = ["RankedPath", "cost_bounds", "top_k_paths", "Walks", "search_radii"]


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


def cost_bounds(adj: Mapping[str, Mapping[str, float]], source: str, target: str, passable,
                max_hops: int, toll: Mapping[str, float]) -> list[dict[str, float]]:
    """``bound[r][v]``: the cost of the cheapest walk of at most ``r`` hops from ``v`` to
    ``target`` whose intermediates are passable (each adding its ``toll``), for every ``v``
    a path from ``source`` can reach with ``r`` hops still ahead; absent: no such walk.

    A walk may repeat people, a path may not, so no path is cheaper than its bound: the bound
    is an admissible heuristic for :func:`top_k_paths`, and the tightest one the hop limit
    allows. A hop-layered Bellman–Ford: the first half of the layers pushes out from the
    target to everyone (relaxing only from the people the layer before lowered), the second
    half pulls for the few people that near the source only (with ``r`` hops ahead, a path
    has taken at most ``max_hops − r``), which on four hops halves the work.
    """
    log = math.log
    pushed = max_hops // 2
    bound = [{target: 0.0}]
    lowered = bound[0]
    for _ in range(pushed):
        here = dict(bound[-1])
        now: dict[str, float] = {}
        for v, to_target in lowered.items():
            if v != target and not passable(v):
                continue
            via = to_target + toll.get(v, 0.0)
            for u, w in adj.get(v, {}).items():
                cost = via - log(w)
                if cost < here.get(u, math.inf):
                    here[u] = now[u] = cost
        bound.append(here)
        lowered = now
    # who may hold each remaining layer: the source, then those one hop further out each time
    near = [{source}]
    for _ in range(max_hops - pushed - 1):
        near.append(near[-1] | {v for u in near[-1] for v in adj.get(u, {}) if v != target and passable(v)})
    for ahead in reversed(near):
        before, here = bound[-1], {target: 0.0}
        for u in ahead:
            best = before.get(u, math.inf)
            for v, w in adj.get(u, {}).items():
                to_target = before.get(v)
                if to_target is not None and (v == target or passable(v)):
                    cost = to_target + toll.get(v, 0.0) - log(w)
                    if cost < best:
                        best = cost
            if best < math.inf:
                here[u] = best
        bound.append(here)
    return bound


#: Taken off every bound so that rounding (a bound sums its hops from the target, a path's
#: cost from the source) never lifts a partial path above its own completion: of equally
#: warm paths the first by ids must come out first.
_SLACK = 1e-9


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
    log = math.log
    toll = {v: -log(f) for v, f in (penalty or {}).items() if v != target}  # of passing through

    # With the exact cheapest walk on to the target as the heuristic, only partial paths
    # nearly as warm as the k-th best are expanded: a hub's thousands of ties are tried
    # only when a path through the hub could be among the best.
    bound = cost_bounds(adj, source, target, passable, max_hops, toll)
    if source not in bound[max_hops]:
        return []
    onward: dict[str, list[tuple[str, float, float]]] = {}  # each person's hops, taken once

    def hops_from(u: str) -> list[tuple[str, float, float]]:
        onward[u] = [(v, log(w), toll.get(v, 0.0)) for v, w in adj.get(u, {}).items()
                     if v == target or passable(v)]
        return onward[u]

    heap = [(bound[max_hops][source], 0.0, (source,))]
    found: list[RankedPath] = []
    while heap and len(found) < k:
        _, g, path = heapq.heappop(heap)
        last = path[-1]
        if last == target:
            found.append(_ranked(adj, path, g))
            continue
        ahead = bound[max_hops - len(path)]  # bounds with the hops left after the next one
        for v, log_w, cost in onward.get(last) or hops_from(last):
            h = ahead.get(v)
            if h is not None and v not in path:
                g2 = g - log_w + cost
                heapq.heappush(heap, (g2 + h - _SLACK, g2, path + (v,)))
    return found


class Walks:
    """The cheapest walk of at most ``max_hops`` hops from ``source`` to everyone, over
    arrays (:class:`graphsvc.csr.Snapshot`, people by index).

    "Who can help" needs the warmest path to thousands of candidates at once; one search
    from the source answers them all, where :func:`top_k_paths` would run once per
    candidate. Same scoring as :func:`top_k_paths` (hop cost ``−log s``, plus ``−log`` of
    the ``penalty`` of each intermediate), same rules (only passable intermediates).

    A hop-layered Bellman–Ford over whole layers at once: layer ``h`` holds the cheapest
    ``h``-hop walk to each person, kept only when it is cheaper than every shorter one (a
    walk with more hops and no lower cost can never lead anywhere better). Every hop has
    positive cost, so a cheapest walk never repeats a person: the results are simple paths.
    Of equally cheap walks of one layer the one whose people come first in index order wins
    (for people indexed in id order: the first by ids), so every store's arrays give the
    same walks. ``penalty``: person index → factor in (0, 1] when they are an intermediate.

    Examples
    --------
    >>> adj = csr.build(0, [("a", True), ("b", True), ("c", True)],
    ...                 [("a", "b", 0.9), ("a", "c", 0.5), ("b", "c", 0.9)])
    >>> walks = Walks(adj, adj.index_of("a"), 2)
    >>> adj.ids[walks.path(adj.index_of("c"))].tolist(), round(float(np.exp(-walks.cost[2])), 2)
    (['a', 'b', 'c'], 0.81)
    """

    def __init__(self, adj: csr.Snapshot, source: int, max_hops: int,
                 penalty: Mapping[int, float] | None = None):
        n = len(adj.ids)
        self.adj, self.source, self.max_hops = adj, source, max_hops
        self.cost = np.full(n, np.inf)
        self.cost[source] = 0.0
        #: the layer (hops) of each person's cheapest walk, and its place in that layer
        self.hops = np.full(n, -1, dtype=np.int8)
        self.place = np.full(n, -1, dtype=np.int64)
        self.hops[source], self.place[source] = 0, 0
        #: per layer: the people reached and the place of each one's walk in the layer before
        self._layers: list[tuple[np.ndarray, np.ndarray]] = [(np.array([source]), np.array([-1]))]
        self._toll = np.zeros(n)  # −log penalty of passing through each person
        for i, f in (penalty or {}).items():
            self._toll[i] = -math.log(f)
        nodes, cost = np.array([source]), np.array([0.0])
        for h in range(1, max_hops + 1):
            at, place, offer = self._offers(nodes, cost)
            v = adj.nbr[at]
            if h == max_hops:
                # The last layer leads nowhere: only its costs are kept for everyone, and the
                # walks of the few shown are traced back when asked (:meth:`path`).
                cheapest = np.full(n, np.inf)
                np.minimum.at(cheapest, v, offer)
                won = np.flatnonzero(cheapest < self.cost)
                self.cost[won] = cheapest[won]
                self.hops[won] = h
                self._last = nodes, cost
                break
            better = offer < self.cost[v]
            v, offer, place = v[better], offer[better], place[better]
            if not len(v):
                break
            cheapest = np.full(n, np.inf)
            np.minimum.at(cheapest, v, offer)
            tied = offer == cheapest[v]
            v, place = v[tied], place[tied]
            first = np.full(n, len(nodes))
            np.minimum.at(first, v, place)  # places are in walk order: the smallest comes first
            won = place == first[v]
            v, place = v[won], place[won]
            order = np.lexsort((v, place))  # the new layer in walk order: (walk before, person)
            nodes, pred = v[order], place[order]
            cost = cheapest[nodes]
            self.cost[nodes] = cost
            self.hops[nodes] = h
            self.place[nodes] = np.arange(len(nodes))
            self._layers.append((nodes, pred))

    def _offers(self, nodes: np.ndarray, cost: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every hop onwards from the walks ``(nodes, cost)`` of one layer: where each tie is
        in the arrays, the place of the walk it extends, and the cost of the longer walk."""
        adj = self.adj
        go = np.flatnonzero((nodes == self.source) | adj.passable[nodes])
        at = adj.ties(nodes[go])
        place = np.repeat(go, adj.indptr[nodes[go] + 1] - adj.indptr[nodes[go]])
        return at, place, (cost + np.where(nodes == self.source, 0.0, self._toll[nodes]))[place] + adj.hop_cost[at]

    def _last_hops(self, person: int) -> list[tuple[int, float]]:
        """Each walk of the layer before the last that leads on to ``person``: its place, and
        the cost of the walk on to ``person`` (as :meth:`_offers` takes it)."""
        adj, (nodes, cost) = self.adj, self._last
        order = np.argsort(nodes)
        out = []
        for u in adj.nbr[adj.indptr[person]:adj.indptr[person + 1]].tolist():
            i = int(np.searchsorted(nodes, u, sorter=order))
            if i == len(nodes) or nodes[order[i]] != u or not (u == self.source or adj.passable[u]):
                continue
            place = int(order[i])
            start, end = int(adj.indptr[u]), int(adj.indptr[u + 1])
            tie = start + int(np.searchsorted(adj.nbr[start:end], person))
            toll = 0.0 if u == self.source else self._toll[u]
            out.append((place, (cost[place:place + 1] + toll)[0] + adj.hop_cost[tie]))
        return out

    def reached(self) -> np.ndarray:
        """Everyone reached within the hop limit, but the source."""
        found = np.flatnonzero(self.hops >= 0)
        return found[found != self.source]

    def path(self, person: int) -> list[int]:
        """The people of the cheapest walk to ``person``, from the source."""
        h, out = int(self.hops[person]), [person]
        if h == self.max_hops:  # the first of the equally cheap walks of the layer before
            at = min(place for place, offer in self._last_hops(person) if offer == self.cost[person])
            h -= 1
        else:
            at = int(self.place[person])
            out = []
        while h >= 0:
            nodes, pred = self._layers[h]
            out.append(int(nodes[at]))
            at, h = int(pred[at]), h - 1
        return out[::-1]


def _ranked(adj, path: tuple[str, ...], cost: float) -> RankedPath:
    warmth = 1.0
    for u, v in zip(path, path[1:]):
        warmth *= adj[u][v]
    return RankedPath(people=path, warmth=warmth, score=math.exp(-cost))
