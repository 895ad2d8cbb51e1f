"""``analyze`` at scale on each store, beside networkx on the same graph.

On demand, not a test::

    python bench/analyze_bench.py --dir /tmp/intro-bench [--neo4j bolt://…]

Uses the organisation ``bench/intro_bench.py`` imports into ``--dir`` (and into ``--neo4j``),
runs :func:`graphsvc.analytics.run_analysis` on each store and prints its phases. The
baseline, in the same process and on the same graph: networkx's PageRank in full, and its
sampled betweenness on ``--baseline-pivots`` pivots (a full run of the pivots analyze uses
would take far longer), extrapolated per pivot; the engine's betweenness on those same
pivots must equal networkx's. Both stores must hold the same values afterwards.
"""
from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphsvc.analytics import (PIVOT_SEED, SAMPLE_PIVOTS, analysis_graph, betweenness, hop_graph,  # noqa: E402
                                pagerank, run_analysis)
from graphsvc.model import ANALYTICS_FIELDS  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intro_bench import bench_parser, open_stores  # noqa: E402


def main(argv=None) -> int:
    ap = bench_parser(__doc__)
    ap.add_argument("--baseline-pivots", type=int, default=5)
    ap.add_argument("--today", type=date.fromisoformat, default=date(2025, 6, 1),
                    help="re-weigh as of this date (default 2025-06-01); a date other than the store's "
                         "last one moves every weight that decays, as a nightly analyze does")
    args = ap.parse_args(argv)
    today = args.today

    stores = open_stores(args)

    totals = {}
    for name, store in stores.items():
        started = time.perf_counter()
        summary = run_analysis(store, today=today)
        totals[name] = time.perf_counter() - started
        print(f"{name}: analyze took {totals[name]:.1f}s — {summary}", flush=True)

    graph = analysis_graph(*stores["embedded"].export_weights())
    n = len(graph.ids)
    reference = nx.Graph()
    reference.add_nodes_from(range(n))
    reference.add_weighted_edges_from((u, v, s) for (u, v), s in zip(graph.pairs, graph.strengths))

    started = time.perf_counter()
    nx_pr = nx.pagerank(reference, weight="weight")
    nx_pr_s = time.perf_counter() - started
    started = time.perf_counter()
    ours_pr = pagerank(n, graph.pairs, graph.strengths)
    ours_pr_s = time.perf_counter() - started
    # networkx stops once the L1 change of an iteration is below n × tol (tol = 1e-6), so
    # that is as close as its answer is promised to be
    pr_l1 = sum(abs(ours_pr[i] - nx_pr[i]) for i in range(n))

    k = args.baseline_pivots
    started = time.perf_counter()
    nx_bc = nx.betweenness_centrality(reference, k=k, seed=PIVOT_SEED)
    nx_bc_s = time.perf_counter() - started
    started = time.perf_counter()
    hop_graph(n, graph.pairs)  # what betweenness() builds first, taken off its time below
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    ours_bc = betweenness(n, graph.pairs, k, seed=PIVOT_SEED)
    ours_bc_s = time.perf_counter() - started
    bc_diff = max(abs(ours_bc[i] - nx_bc[i]) for i in range(n))
    per_pivot = {"networkx": nx_bc_s / k, "igraph": max(ours_bc_s - build_s, 1e-9) / k}

    print(f"\ngraph: {n:,} active people, {len(graph.pairs):,} connected pairs")
    print(f"{'':<36}{'networkx':>10}{'ours':>10}{'ratio':>8}")
    print(f"{'PageRank (s)':<36}{nx_pr_s:>10.2f}{ours_pr_s:>10.2f}{nx_pr_s / ours_pr_s:>8.1f}")
    print(f"{f'betweenness, {k} pivots (s)':<36}{nx_bc_s:>10.2f}{ours_bc_s:>10.2f}{nx_bc_s / ours_bc_s:>8.1f}")
    print(f"{'betweenness, per pivot (s)':<36}{per_pivot['networkx']:>10.3f}{per_pivot['igraph']:>10.3f}"
          f"{per_pivot['networkx'] / per_pivot['igraph']:>8.1f}")
    print(f"{f'betweenness, {SAMPLE_PIVOTS} pivots (s, est.)':<36}{per_pivot['networkx'] * SAMPLE_PIVOTS:>10.0f}"
          f"{per_pivot['igraph'] * SAMPLE_PIVOTS + build_s:>10.0f}")
    print(f"PageRank: L1 distance from networkx {pr_l1:.1e} (networkx's own tolerance {n * 1e-6:.1e}); "
          f"betweenness: largest difference {bc_diff:.1e}")
    for name, seconds in totals.items():
        print(f"analyze on {name}: {seconds:.1f}s (target ≤ 30 s): {'met' if seconds <= 30 else 'MISSED'}")

    same = True
    if len(stores) > 1:
        values = [{p: tuple(v.get(f) for f in ANALYTICS_FIELDS) for p, v in s.export_weights()[0].items()}
                  for s in stores.values()]
        same = values[0] == values[1]
        print(f"both stores hold the same values on every person: {same}")
    return 0 if same and pr_l1 < n * 1e-6 and bc_diff < 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main())
