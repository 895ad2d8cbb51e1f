"""The hop-bounded part of the graph a question needs, read as ids and pair weights.

Questions that search paths (warm paths, who can help, people to meet) walk out from one or
two people level by level, one store query per level, through passable people only. The
store hands over only who is tied to whom and how strongly (:class:`WeightedNeighbourhood`);
evidence is read later, for the paths shown.

Paths between two people need less than the balls around them: only the ties that lie on
some walk of at most ``max_hops`` hops between the two (:func:`short_walk_ties`). On a graph
with hubs the balls hold a hub's tens of thousands of ties, of which a few dozen lead on
to the other end; handing over only those keeps the ranking small.
"""
from __future__ import annotations

from itertools import chain

import numpy as np

from graphsvc import csr
from graphsvc.paths import search_radii
from graphsvc.store import GraphStore, WeightedNeighbourhood

__all__ = ["walk_out", "symmetric", "as_arrays", "from_columns", "between", "short_walk_ties", "on_short_walks",
           "may_be_on_short_walks",
           "weighted"]

#: Hop distance of people not reached (fits int16 with room for the sums below).
_FAR = 1_000


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


def as_arrays(near: WeightedNeighbourhood) -> csr.Snapshot:
    """The weights read, as arrays (people in id order): everyone seen, each tie once."""
    people = set(near.passable) | set(near.weights) | {v for nbrs in near.weights.values() for v in nbrs}
    return csr.build(0, [(p, bool(near.passable.get(p))) for p in people],
                     [(u, v, w) for u, nbrs in near.weights.items() for v, w in nbrs.items()
                      if u < v or u not in near.weights.get(v, {})])


def from_columns(rows: list[int], nbrs: list[list[int]], strengths: list[list[float]], seen: list[int],
                 seen_ids: list[str], seen_ok: list[bool], ends: tuple[str, ...] = ()
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Ties a store read as columns, as arrays: ``(people, passable, a, b, w)``.

    Given the store's keys of the people walked through (``rows``), each one's neighbours'
    keys and pair strengths, and once per person seen their key, id and passability:
    everyone seen and ``ends``, sorted by id, with their passability (an end not seen is
    not passable, as nothing says it is), and the ties as read, ``people[a[i]] – people[b[i]]``
    of strength ``w[i]``, ``a`` being the one walked through. One dict lookup per person;
    the ties are numpy, so tens of thousands of them cost a few milliseconds.
    """
    names = sorted(set(seen_ids).union(ends))
    index = {p: i for i, p in enumerate(names)}
    number = np.fromiter(map(index.__getitem__, seen_ids), dtype=np.int64, count=len(seen_ids))
    keys = np.asarray(seen, dtype=np.int64)
    by_key = np.argsort(keys)
    keys = keys[by_key]

    def numbered(found: np.ndarray) -> np.ndarray:
        return number[by_key[np.searchsorted(keys, found)]]

    a = np.repeat(numbered(np.asarray(rows, dtype=np.int64)),
                  np.fromiter(map(len, nbrs), dtype=np.int64, count=len(nbrs)))
    flat = np.fromiter(chain.from_iterable(nbrs), dtype=np.int64, count=len(a))
    b = numbered(flat)
    w = np.fromiter(chain.from_iterable(strengths), dtype=np.float64, count=len(a))
    passable = np.zeros(len(names), dtype=bool)
    passable[number] = np.asarray(seen_ok, dtype=bool)
    people = np.array(names, dtype=str) if names else np.array([], dtype="<U1")
    return people, passable, a, b, w


def between(store: GraphStore, source: str, target: str, max_hops: int) -> WeightedNeighbourhood:
    """The ties on walks of at most ``max_hops`` hops from ``source`` to ``target``, read by
    walking out from both ends (:func:`search_radii`) and keeping those (:func:`on_short_walks`)."""
    near = walk_out(store, dict(zip((source, target), search_radii(max_hops))))
    return on_short_walks(near, source, target, max_hops)


def on_short_walks(near: WeightedNeighbourhood, source: str, target: str,
                   max_hops: int) -> WeightedNeighbourhood:
    """The part of ``near`` (read around both ends) on walks of at most ``max_hops`` hops
    between them: those ties, both ways, and whether each of their people is passable."""
    ids = sorted(set(near.passable) | set(near.weights) | {v for nbrs in near.weights.values() for v in nbrs}
                 | {source, target})
    index = {p: i for i, p in enumerate(ids)}
    a, b, w = [], [], []
    for u, nbrs in near.weights.items():
        iu = index[u]
        for v, s in nbrs.items():
            a.append(iu)
            b.append(index[v])
            w.append(s)
    ok = np.array([bool(near.passable.get(p)) for p in ids], dtype=bool)
    ends = index[source], index[target]
    kept = short_walk_ties(np.array(a, dtype=np.int64), np.array(b, dtype=np.int64), np.array(w, dtype=float),
                           ok, *ends, max_hops)
    return weighted(ids, *kept, ok, ends)


def short_walk_ties(a: np.ndarray, b: np.ndarray, w: np.ndarray, ok: np.ndarray, source: int, target: int,
                    max_hops: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ties ``(a[i], b[i], w[i])`` that lie on a walk of at most ``max_hops`` hops from
    ``source`` to ``target`` which never turns straight back and whose intermediates are
    passable (``ok``) and neither end.

    The ties are given as read: for each person ``a`` whose ties were read, each neighbour
    ``b`` (people are indices below ``len(ok)``). A tie ``u – v`` is kept when, taken one
    way or the other, the fewest hops from the source to ``u`` not arriving from ``v``, + 1,
    + the fewest hops from ``v`` to the target not leaving towards ``u``, is at most
    ``max_hops`` (``u`` being the source or a passable intermediate, ``v`` the target or
    one). Every tie of every simple path within the limit is on such a walk, so a path
    search over the kept ties gives exactly the answers it gives over the whole graph; up
    to four hops the kept ties are exactly those of the simple paths (a shorter walk that
    repeats someone must turn straight back). Given the ties around both ends out to
    :func:`search_radii`, hop counts among them are the true ones wherever they matter (any
    walk short enough lies among them), so the kept set is the same whichever store read
    the ties and however many more it read.

    Without the rule on turning back, a hub next to both ends would keep all its ties:
    from either end, each of its neighbours is two hops away, through the hub.

    >>> ok = np.array([True, True, True, False])      # 0 – 1 – 2, and 1 – 3 (3 impassable)
    >>> kept = short_walk_ties(np.array([0, 1, 1, 1]), np.array([1, 0, 2, 3]), np.ones(4), ok, 0, 2, 4)
    >>> sorted(zip(*(x.tolist() for x in kept[:2])))
    [(0, 1), (1, 2)]
    """
    n = len(ok)
    read = np.zeros(n, dtype=bool)
    read[a] = True
    back = ~read[b]  # a tie read from one end only is walked both ways too
    u, v = np.concatenate([a, b[back]]), np.concatenate([b, a[back]])
    weight = np.concatenate([w, w[back]])
    inner = ok.copy()
    inner[[source, target]] = False
    first = inner.copy()      # who may start a hop (beside the source)
    first[source] = True
    last = inner.copy()       # who may end one (beside the target)
    last[target] = True
    # Plain hop counts first, turning back allowed: they never exceed the others, so every
    # tie of a kept walk passes this cheaper test, and the rest is done on those few.
    into = _hops((u, v), first, source, max_hops - 1, n)
    out = _hops((v, u), last, target, max_hops - 1, n)
    near = (first[u] & last[v] & (into[u] + 1 + out[v] <= max_hops)) | \
        (first[v] & last[u] & (into[v] + 1 + out[u] <= max_hops))
    u, v, weight = u[near], v[near], weight[near]
    # The rest on the people of these few ties only, numbered afresh (without sorting).
    seen = np.zeros(n, dtype=bool)
    seen[u] = seen[v] = seen[[source, target]] = True
    people = np.flatnonzero(seen)
    number = np.empty(n, dtype=np.int64)
    number[people] = np.arange(len(people))
    x, y, start, end = number[u], number[v], number[source], number[target]
    first, last = first[people], last[people]
    into_x = _hops_avoiding((x, y), first, start, max_hops, len(people))    # source … → u, not from v
    from_y = _hops_avoiding((y, x), last, end, max_hops, len(people))       # v → … target, not via u
    keep = first[x] & last[y] & (into_x + 1 + from_y <= max_hops)
    return u[keep], v[keep], weight[keep]


def may_be_on_short_walks(ends_ties: tuple[np.ndarray, np.ndarray], far_ties: tuple[np.ndarray, np.ndarray],
                          frontiers: list[np.ndarray], ends: tuple[int, int], max_hops: int,
                          n: int) -> np.ndarray:
    """Of the ties read from the people one hop out from either end (hop limits 3 and 4),
    a mask of those that may lie on a walk of at most ``max_hops`` hops: most of what is
    read (a hub next to an end brings thousands) is cut here in a few array passes, and
    :func:`short_walk_ties` keeps the same ties from what is left.

    ``ends_ties``: ``(row, neighbour)`` of the ties of both ends; ``far_ties`` those of the
    people of ``frontiers`` (each end's passable neighbours, but the ends; the target's
    empty at 3 hops, where it is not walked from). A tie ``x – y`` read from ``x``, next to
    one end, is kept when ``y`` is an end, or within ``max_hops − 2`` hops of the other end:
    on a walk ``x`` then ``y``, ``x`` is at least one hop in, so ``y`` is that close. A
    walk with ``y`` first is seen from ``y``'s side: ``y`` is the end itself, whose ties
    are all kept, or next to it and read from too, or (four hops) two hops in with ``x``
    next to the other end and read from that side. A tie read from both its people is kept
    both ways or not at all, as :func:`short_walk_ties` expects of what it is given.
    """
    rows, nbrs = far_ties
    walked = []  # per side: whose ties were read from it
    for frontier in frontiers:
        walked.append(np.zeros(n, dtype=bool))
        walked[-1][frontier] = True
    endpoint = np.zeros(n, dtype=bool)
    endpoint[list(ends)] = True
    keep = endpoint[nbrs]
    for side, other in ((0, 1), (1, 0)):
        near = np.zeros(n, dtype=bool)  # within max_hops − 2 (1 or 2) hops of the other end
        near[ends[other]] = True
        near[ends_ties[1][ends_ties[0] == ends[other]]] = True
        if max_hops == 4:
            near[nbrs[walked[other][rows]]] = True
        keep |= walked[side][rows] & near[nbrs]
    twice = np.flatnonzero((walked[0] | walked[1])[nbrs])  # ties among the people read from
    if len(twice):
        x, y = rows[twice], nbrs[twice]
        _, pair = np.unique(np.minimum(x, y).astype(np.int64) * n + np.maximum(x, y), return_inverse=True)
        either = np.zeros(pair.max() + 1, dtype=bool)
        either[pair[keep[twice]]] = True
        keep[twice] = either[pair]
    return keep


def _hops(ties: tuple[np.ndarray, np.ndarray], through: np.ndarray, start: int, limit: int,
          n: int) -> np.ndarray:
    """Fewest hops from ``start`` to everyone along the directed ties ``x → y``, passing only
    ``through`` people; ``_FAR`` beyond ``limit``."""
    x, y = ties
    hops = np.full(n, _FAR, dtype=np.int32)
    hops[start] = 0
    step = through[x]  # x → y may be walked when x may be passed through (or is the start)
    for level in range(limit):
        reached = y[step & (hops[x] == level)]
        reached = reached[hops[reached] > level + 1]
        if not len(reached):
            break
        hops[reached] = level + 1
    return hops


def _hops_avoiding(ties: tuple[np.ndarray, np.ndarray], through: np.ndarray, start: int, limit: int,
                   n: int) -> np.ndarray:
    """For each directed tie ``x → y`` (both ways of each tie listed once): the fewest hops
    from ``start`` to ``x`` whose last hop does not come from ``y``, passing only
    ``through`` people; ``_FAR`` beyond ``limit``."""
    x, y = ties
    hops = _hops(ties, through, start, limit, n)
    # Arriving at x from y: y → x is a hop from y. When that is x's only shortest way in,
    # avoiding it costs x's next best way in.
    hop_in = hops[y] + 1  # for the tie x → y read backwards: y → x
    usable = through[y]
    shortest = usable & (hop_in == hops[x])
    ways = np.bincount(x[shortest], minlength=n)
    later = usable & (hop_in > hops[x])
    next_best = np.full(n, _FAR, dtype=np.int32)
    np.minimum.at(next_best, x[later], hop_in[later])
    only_way = shortest & (ways[x] == 1)
    out = np.where(only_way, next_best[x], hops[x])
    out[x == start] = 0
    return np.minimum(out, _FAR)


def weighted(ids, a: np.ndarray, b: np.ndarray, w: np.ndarray, ok: np.ndarray, ends=()) -> WeightedNeighbourhood:
    """A :class:`WeightedNeighbourhood` of the ties ``(ids[a[i]], ids[b[i]], w[i])``, both ways,
    with the passability of everyone in them and of ``ends`` (indices)."""
    out = WeightedNeighbourhood()
    weights = out.weights
    names = np.asarray(ids, dtype=object) if not isinstance(ids, np.ndarray) else ids
    for u, v, s in zip(names[a].tolist(), names[b].tolist(), w.tolist()):
        weights.setdefault(u, {})[v] = s
        weights.setdefault(v, {})[u] = s
    people = np.unique(np.concatenate([a, b, np.asarray(ends, dtype=np.int64)]))
    out.passable = dict(zip(names[people].tolist(), ok[people].tolist()))
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
