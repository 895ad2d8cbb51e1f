""""Who could help with my goal" at scale: a whole large department as the goal, ≤ 3 hops.

On demand, not a test::

    python bench/helpers_bench.py --people 100000 [--shape hubs] --dir /tmp/intrograph-bench/org100k [--neo4j bolt://…]

Uses (or generates and imports) the same stores as ``intro_bench.py``. The goal asks for
the largest department (12,000+ people at 100,000); ``--sources`` random passable people
ask who could help, within 3 hops. Each store's ``who_can_help`` is timed beside the
baseline measured in the same run on the same weighted graph: networkx's Dijkstra from the
source (``single_source_dijkstra`` with cost ``−log s``, the warmest path to everyone,
without hop limit or passability, so it does less than the question), restricted to the
department. Also checks that the stores return the same helpers in the same order.

Targets: embedded p50 ≤ 50 ms, p95 ≤ 200 ms; Neo4j p95 ≤ 300 ms.
"""
from __future__ import annotations

import math
import random
import sys
import time
from collections import Counter
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intro_bench import bench_parser, open_stores, percentiles, timed  # noqa: E402

from graphsvc.goal_search import who_can_help  # noqa: E402
from graphsvc.goals import GoalSpec  # noqa: E402
from graphsvc.store import passable  # noqa: E402

TARGETS = {"embedded": {"median": 50.0, "p95": 200.0}, "neo4j": {"p95": 300.0}}


def main(argv=None) -> int:
    ap = bench_parser(__doc__)
    ap.add_argument("--sources", type=int, default=100)
    ap.add_argument("--max-hops", type=int, default=3)
    args = ap.parse_args(argv)
    stores = open_stores(args)
    people, weights = stores["embedded"].export_weights()
    department, size = Counter(p.get("department") for p in people.values() if p.get("department")).most_common(1)[0]
    print(f"goal: department {department!r}, {size:,} people", flush=True)
    spec = GoalSpec(departments=(department,))
    graph = nx.Graph()
    graph.add_weighted_edges_from(((a, b, -math.log(w)) for a, b, w in weights), weight="cost")
    members = {p for p, props in people.items() if props.get("department") == department}
    ok = sorted(p for p, props in people.items() if passable(props) and p in graph)
    sources = random.Random(args.seed).sample(ok, args.sources)

    for store in stores.values():
        who_can_help(store, sources[0], spec, max_hops=args.max_hops)  # connections, caches
    times: dict[str, list[float]] = {name: [] for name in (*stores, "networkx Dijkstra")}
    differ = 0
    for source in sources:
        answers = []
        for name, store in stores.items():
            rows, ms = timed(lambda: who_can_help(store, source, spec, max_hops=args.max_hops))
            times[name].append(ms)
            answers.append([(r["person_id"], round(r["score"], 12)) for r in rows])
        _, ms = timed(lambda: {p: c for p, c in nx.single_source_dijkstra_path_length(
            graph, source, weight="cost").items() if p in members})
        times["networkx Dijkstra"].append(ms)
        differ += len({repr(a) for a in answers}) > 1

    print(f"\nwho can help (department of {size:,}, ≤ {args.max_hops} hops), {len(sources)} sources (ms):")
    print(f"{'':<20}{'median':>9}{'p95':>9}{'p99':>9}{'max':>9}")
    stats = {name: percentiles(t) for name, t in times.items()}
    for name, s in stats.items():
        print(f"{name:<20}" + "".join(f"{s[q]:>9.1f}" for q in ("median", "p95", "p99", "max")))
    base = stats["networkx Dijkstra"]
    for name in stores:
        print(f"Dijkstra / {name}: median ×{base['median'] / stats[name]['median']:.1f}, "
              f"p95 ×{base['p95'] / stats[name]['p95']:.1f}")
        goals = TARGETS[name]
        met = all(stats[name][q] <= ms for q, ms in goals.items())
        print(f"{name} target ({', '.join(f'{q} ≤ {ms:g}' for q, ms in goals.items())} ms): "
              f"{'met' if met else 'MISSED'}")
    if len(stores) > 1:
        print(f"sources where the stores' answers differ: {differ}")
    return 1 if differ else 0


if __name__ == "__main__":
    started = time.perf_counter()
    code = main()
    print(f"({time.perf_counter() - started:.0f}s)")
    sys.exit(code)
