"""Connector analytics: betweenness, PageRank and a cross-department bridge score.

Computed by an explicit ``intrograph analyze`` step over the whole graph and written onto
the people (in either store), never per request: the connectors list then only sorts a
stored property.

What is measured, over the network of *active* people (people who left broker nothing):

* **betweenness** — normalised as networkx does for undirected graphs,
  ``b(v) = Σ_{s≠v≠t} σ_st(v)/σ_st × 2/((n−1)(n−2))``, over hop-shortest paths. Hops rather
  than warmth because betweenness measures structural brokerage (who sits between groups),
  which is what the published reference values are about; warmth already ranks the paths.
  Exact (Brandes) up to :data:`EXACT_MAX_PEOPLE` people. Above that it is estimated from
  ``k`` pivot sources drawn without replacement, with networkx's estimator (``k=``): the
  pivots' one-sided dependencies ``δ_s(v)`` summed and divided by ``k(n−2)``, or by
  ``(k−1)(n−2)`` when v is a pivot itself (its own term is always 0). Given whether v is a
  pivot, the other pivots are a uniform sample of everyone else, so the estimate is
  unbiased. Each term ``δ_s(v)/(n−2)`` lies in [0, 1], so by Hoeffding's inequality (which
  holds for sampling without replacement too) ``P(|b̂(v) − b(v)| ≥ ε) ≤ 2·exp(−2(k−1)ε²)``:
  for every person, with probability 1 − δ, the error is at most
  ``ε = sqrt(ln(2/δ) / 2(k−1))``. With the default ``k = 500`` and ``δ = 0.05`` that is
  ε ≈ 0.061 on the normalised scale: loose for the many people near zero, but enough to
  separate the organisation's real brokers (whose values stand far above the rest) from
  everyone else. :func:`run_analysis` reports k and ε with the results.
* **pagerank** — damping 0.85 over ties weighted by their strength (a warm tie passes on
  more standing than a cold one); people without ties spread their rank evenly, as in
  networkx (computed in numpy, see :func:`pagerank`).
* **bridge_score** — for each pair of departments, every tie across it holds a share
  ``s / S`` of the pair's total cross strength ``S``; a person's score is the sum of the
  shares of their cross-department ties. So it counts the department pairs a person
  bridges, a sole bridge between two departments counting 1 and a bridge shared with many
  others counting little. People without a department take part in no pair.

The betweenness engine is python-igraph (C): on 100,000 people and a million ties the
sampled betweenness takes about 45 CPU-seconds, where networkx would take over ten minutes
(``bench/analyze_bench.py``), spread over worker processes (:mod:`graphsvc.pivot_workers`).
On small graphs the values equal networkx's (see the tests).
"""
from __future__ import annotations

import math
import os
import random
import time
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from operator import itemgetter
from typing import Any, Callable, Iterable

import igraph
import numpy as np

from graphsvc import audit, csr, pivot_workers
from graphsvc.model import ANALYTICS_FIELDS, ImportBatch
from graphsvc.store import GraphStore
from graphsvc.strength import StrengthConfig

__all__ = ["EXACT_MAX_PEOPLE", "SAMPLE_PIVOTS", "AnalysisGraph", "analysis_graph", "betweenness", "betweenness_started",
           "betweenness_error_bound", "pagerank", "bridge_scores", "compute_metrics", "run_analysis",
           "connectors"]

#: Up to this many active people betweenness is exact; above, it is sampled.
EXACT_MAX_PEOPLE = 2_000
#: Pivot sources of the sampled betweenness.
SAMPLE_PIVOTS = 500
#: Seed of the pivot sample, so both stores (and reruns) give the same numbers.
PIVOT_SEED = 20_240_601
DAMPING = 0.85


@dataclass(frozen=True)
class AnalysisGraph:
    """The active network as integer-indexed arrays (people sorted by person_id): ``pairs``
    an ``(m, 2)`` array of the ends' indices, ``strengths`` the pairs' weights, both in
    ``(a, b)`` order."""

    ids: list[str]
    pairs: np.ndarray
    strengths: np.ndarray
    departments: list[str | None]


def analysis_graph(people: dict[str, dict[str, Any]],
                   weights: Iterable[tuple[str, str, float]] | csr.Snapshot) -> AnalysisGraph:
    """The ties between active people, each weighted by the pair's stored strength.

    ``weights`` are ``(a, b, w)`` pairs in any order, or the whole graph's CSR arrays (as
    the embedded store keeps them). Made with numpy rather than a loop over the ties:
    ``analyze`` makes it twice (before and after re-weighing) from a million and a half
    pairs, which a loop took 2.4 s a time for.
    """
    ids = sorted(p for p, props in people.items() if props.get("active", True) is not False)
    index = {p: i for i, p in enumerate(ids)}.get
    if isinstance(weights, csr.Snapshot):
        ia, ib, w = _upper_ties(weights, index)
    else:
        rows = sorted(weights)  # a stored order is sorted already, which sorted() sees in one pass
        m = len(rows)
        ia = np.fromiter(map(index, map(itemgetter(0), rows), repeat(-1)), dtype=np.int64, count=m)
        ib = np.fromiter(map(index, map(itemgetter(1), rows), repeat(-1)), dtype=np.int64, count=m)
        w = np.fromiter(map(itemgetter(2), rows), dtype=np.float64, count=m)
    active = (ia >= 0) & (ib >= 0)
    departments = [people[p].get("department") or None for p in ids]
    return AnalysisGraph(ids, np.stack([ia[active], ib[active]], axis=1), w[active], departments)


def _upper_ties(snapshot: csr.Snapshot, index: Callable[[str, int], int]) -> tuple[np.ndarray, ...]:
    """Each pair of the snapshot once, ``(a, b)`` with ``a < b`` in the order sorting the
    pairs gives (rows and each row's neighbours are in id order), as ``index`` numbers
    the ends (−1: left out), and the pair's weight."""
    rows = np.repeat(np.arange(len(snapshot.ids)), np.diff(snapshot.indptr))
    upper = rows < snapshot.nbr
    number = np.fromiter(map(index, snapshot.ids.tolist(), repeat(-1)), dtype=np.int64, count=len(snapshot.ids))
    return number[rows[upper]], number[snapshot.nbr[upper]], np.asarray(snapshot.weight[upper], dtype=np.float64)


#: The pivots are split into this many parts whatever the machine, and the parts' sums
#: added in order, so the values are the same bits on one core or many.
PIVOT_PARTS = 4
#: Below this many tie visits (pivots × ties) the parts run in this process: starting
#: worker processes would cost more than they save.
PARALLEL_MIN_WORK = 20_000_000


def betweenness(n: int, pairs: list[tuple[int, int]], pivots: int | None = None,
                seed: int = PIVOT_SEED) -> list[float]:
    """Normalised hop betweenness of each of ``n`` people: exact, or from ``pivots`` sources.

    >>> betweenness(3, [(0, 1), (1, 2)])   # the middle of a path lies on the only path
    [0.0, 1.0, 0.0]
    """
    return betweenness_started(n, pairs, pivots, seed, processes=1).result()


class PendingBetweenness:
    """Betweenness being computed, perhaps by worker processes: :meth:`result` waits for it."""

    def __init__(self, sums: Callable[[], list[np.ndarray]], scale: Callable[[np.ndarray], list[float]],
                 workers: pivot_workers.Workers | None = None):
        self._sums, self._scale, self._workers = sums, scale, workers

    def result(self) -> list[float]:
        try:
            first, *rest = self._sums()
            total = first.copy()
            for part in rest:  # added in the parts' order, whichever finished first
                total += part
            return self._scale(total)
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop the workers (``analyze`` failed meanwhile) and remove their files."""
        if self._workers is not None:
            self._workers.stop()
            self._workers = None


def betweenness_started(n: int, pairs: list[tuple[int, int]], pivots: int | None = None,
                        seed: int = PIVOT_SEED, processes: int | None = None) -> PendingBetweenness:
    """:func:`betweenness`, started in worker processes (:mod:`graphsvc.pivot_workers`, as
    many as the CPUs this process may use, at most :data:`PIVOT_PARTS`) when the graph is
    large. ``analyze`` re-weighs the ties meanwhile, since hop betweenness does not depend
    on the weights; python-igraph holds the GIL, so threads would not do.
    """
    if n <= 2:
        return PendingBetweenness(lambda: [np.zeros(n)], lambda total: total.tolist())
    if pivots is None or pivots >= n:
        norm = 2.0 / ((n - 1) * (n - 2))
        return PendingBetweenness(lambda: [from_sources(hop_graph(n, pairs), None)],
                                  lambda total: [b * norm for b in total.tolist()])
    sources = sorted(random.Random(seed).sample(range(n), pivots))
    # igraph counts each (pivot, target) path once per undirected pair: half of Brandes'
    # one-sided dependency δ_s(v), hence the 2 in the numerators.
    is_pivot = set(sources)
    on_pivot, off_pivot = 2.0 / ((pivots - 1) * (n - 2)), 2.0 / (pivots * (n - 2))

    def scale(total: np.ndarray) -> list[float]:
        return [b * (on_pivot if v in is_pivot else off_pivot) for v, b in enumerate(total.tolist())]
    parts = [sources[i::PIVOT_PARTS] for i in range(PIVOT_PARTS) if sources[i::PIVOT_PARTS]]
    processes = min(len(parts), processes or len(os.sched_getaffinity(0)))
    if processes < 2 or pivots * len(pairs) < PARALLEL_MIN_WORK:
        def in_this_process() -> list[np.ndarray]:
            graph = hop_graph(n, pairs)
            return [from_sources(graph, part) for part in parts]
        return PendingBetweenness(in_this_process, scale)
    workers = pivot_workers.start(n, pairs, parts, processes)
    return PendingBetweenness(workers.sums, scale, workers)


def hop_graph(n: int, pairs) -> igraph.Graph:
    """The undirected igraph graph of ``n`` people and these ties (index pairs).

    The edges are added from an array: 0.4 s for 1.5 M ties where a list of them took 0.9 s
    per worker, for the same graph (the same edges in the same order).
    """
    graph = igraph.Graph(n=n, directed=False)
    graph.add_edges(np.asarray(pairs, dtype=np.int64).reshape(-1, 2))
    return graph


def from_sources(graph: igraph.Graph, sources: list[int] | None) -> np.ndarray:
    """igraph's hop betweenness counted from ``sources`` (everyone: ``None``)."""
    return np.asarray(graph.betweenness(directed=False, sources=sources), dtype=float)


def betweenness_error_bound(pivots: int, delta: float = 0.05) -> float:
    """ε such that each sampled value is within ε of the exact one with probability 1 − δ.

    >>> round(betweenness_error_bound(500), 3)
    0.061
    """
    return math.sqrt(math.log(2 / delta) / (2 * (pivots - 1)))


def pagerank(n: int, pairs: list[tuple[int, int]], strengths: list[float], tol: float = 1e-12,
             max_iter: int = 1_000) -> list[float]:
    """PageRank (damping 0.85) over ties weighted by strength; sums to 1.

    networkx's model: everyone passes 0.85 of their rank along their ties in proportion to
    strength, people without ties spread theirs evenly, and the remaining 0.15 is spread
    evenly; iterated until the L1 change falls below ``n × tol``. A plain power iteration in
    numpy rather than igraph's PRPACK, whose answer varies in the last bits from one run to
    the next: both stores must hold the same values, and equally placed people must tie.

    >>> [round(x, 4) for x in pagerank(3, [(0, 1), (1, 2)], [1.0, 1.0])]
    [0.2568, 0.4865, 0.2568]
    """
    if n == 0:
        return []
    ends = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    src = np.concatenate([ends[:, 0], ends[:, 1]])
    dst = np.concatenate([ends[:, 1], ends[:, 0]])
    weight = np.concatenate([strengths, strengths]).astype(float)
    out = np.bincount(src, weights=weight, minlength=n)
    share = weight / out[src] if len(src) else weight
    dangling = out == 0
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        passed = np.bincount(dst, weights=share * rank[src], minlength=n)
        new = DAMPING * passed + (DAMPING * rank[dangling].sum() + 1.0 - DAMPING) / n
        change = np.abs(new - rank).sum()
        rank = new
        if change < n * tol:
            break
    return rank.tolist()


def bridge_scores(n: int, pairs: list[tuple[int, int]], strengths: list[float],
                  departments: list[str | None]) -> list[float]:
    """Each person's share of the ties across each pair of departments (module docstring).

    >>> bridge_scores(3, [(0, 1), (1, 2)], [0.5, 0.5], ["A", "A", "B"])
    [0.0, 1.0, 1.0]
    """
    if len(pairs) == 0:
        return [0.0] * n
    ends = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    names = {d: i for i, d in enumerate(sorted({d for d in departments if d}))}
    code = np.array([names[d] if d else -1 for d in departments], dtype=np.int64)
    du, dv = code[ends[:, 0]], code[ends[:, 1]]
    cross = (du >= 0) & (dv >= 0) & (du != dv)
    key = np.minimum(du, dv)[cross] * len(names) + np.maximum(du, dv)[cross]
    s = np.asarray(strengths, dtype=float)[cross]
    # Sums taken tie by tie in the order given, as a loop over the ties would take them.
    totals = np.bincount(key, weights=s)
    share = s / totals[key]
    score = np.bincount(ends[cross].reshape(-1), weights=np.repeat(share, 2), minlength=n)
    return score.tolist()


def compute_metrics(graph: AnalysisGraph, between: dict[str, float]) -> dict[str, dict[str, float]]:
    """person_id → {betweenness, pagerank, bridge_score} for every person of ``graph``,
    betweenness from ``between`` (computed beforehand, see :func:`run_analysis`)."""
    n = len(graph.ids)
    columns = {
        "betweenness": [between.get(p, 0.0) for p in graph.ids],
        "pagerank": pagerank(n, graph.pairs, graph.strengths),
        "bridge_score": bridge_scores(n, graph.pairs, graph.strengths, graph.departments),
    }
    return {p: {f: columns[f][i] for f in ANALYTICS_FIELDS} for i, p in enumerate(graph.ids)}


def run_analysis(store: GraphStore, progress: Callable[[str], None] | None = None,
                 today: date | None = None, config: StrengthConfig | None = None,
                 exact_max: int = EXACT_MAX_PEOPLE, pivots: int = SAMPLE_PIVOTS,
                 actor: str | None = None) -> dict[str, Any]:
    """Re-weigh every pair as of ``today``, compute the connector metrics over the whole
    graph and write them onto every person, with an ``analytics.run`` audit entry by
    ``actor`` in the transaction that writes the last of them.

    People who are not active get 0 for every metric, so no stale value outlives their
    leaving. Returns what was done: people and ties analysed, whether betweenness was exact
    or sampled (pivots and error bound), and the seconds each phase took.
    """
    say = progress or (lambda _msg: None)
    today = today or date.today()
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def phase(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now
        say(f"{name}: {timings[name]:.1f}s")

    # Who is tied to whom does not change with the date, so hop betweenness (the long part)
    # runs in worker processes while the ties are re-weighed here.
    people, weights = store.export_analysis()
    hops = analysis_graph(people, weights)
    n = len(hops.ids)
    sampled = n > exact_max and 1 < pivots < n
    pending = betweenness_started(n, hops.pairs, pivots if sampled else None)
    phase("read graph")
    try:
        graph = analysis_graph(people, store.refresh_weights(today, config))
        phase("tie strengths")
        metrics = compute_metrics(graph, dict(zip(hops.ids, pending.result())))
    finally:
        pending.cancel()
    phase("metrics")
    summary: dict[str, Any] = {
        "people": len(people), "active_people": n, "ties": len(graph.pairs),
        "betweenness": "sampled" if sampled else "exact", "seconds": timings,
    }
    if sampled:
        summary.update(pivots=pivots, error_bound=round(betweenness_error_bound(pivots), 4),
                       confidence=0.95)
    zero = dict.fromkeys(ANALYTICS_FIELDS, 0.0)
    ids = sorted(people)
    # In transactions of at most the store's rows each (a server's transaction memory is
    # capped); each write is idempotent, so an interrupted analyze is finished by a rerun.
    step = store.transaction_rows or len(ids) or 1
    starts = range(0, len(ids), step) or [0]
    for i in starts:
        part = ids[i:i + step]
        entry = [audit.event("analytics.run", actor, "graph", **summary)] if i == starts[-1] else []
        store.write_records(entry, ImportBatch(people={p: metrics.get(p, zero) for p in part}, source="analyze"),
                            progress=lambda done, total, i=i: say(f"write: {i + done:,} of {len(ids):,} people"))
    phase("write")
    return summary


def connectors(store: GraphStore, top: int = 20, department: str | None = None,
               by: str = "betweenness") -> list[dict[str, Any]]:
    """The people with the highest stored ``by`` metric (overall or in one department).

    Reads what :func:`run_analysis` stored; empty until it has run. Only people who are
    active and open to introductions are listed: the connectors one can ask.
    """
    if top < 1:
        raise ValueError("top must be at least 1")
    if by not in ANALYTICS_FIELDS:
        raise ValueError(f"cannot rank connectors by {by!r}; choose one of {', '.join(ANALYTICS_FIELDS)}")
    return [{"rank": i, "person_id": p["person_id"], "name": p.get("name") or p["person_id"],
             "title": p.get("title"), "department": p.get("department"),
             **{f: p.get(f) for f in ANALYTICS_FIELDS}}
            for i, p in enumerate(store.top_people(by, top, department), 1)]
