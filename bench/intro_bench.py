"""Warm-intro latency at scale, beside networkx's Yen on the same graph and pairs.

On demand, not a test::

    python bench/intro_bench.py --people 100000 [--shape hubs] --dir /tmp/intro-bench [--neo4j bolt://…]

Generates the organisation (``importers.generate``) and imports it into an embedded store
in ``--dir`` unless it is already there; with ``--neo4j`` the same files are imported into
that (emptied) Neo4j when its person count differs, and it is measured too. Then, for
``--pairs`` random pairs of passable people, it times ``warm_intro`` (top ``-k`` paths within
``--max-hops``) on each store and networkx's ``shortest_simple_paths`` (Yen, weight
``−log s``, impassable people removed, paths over the hop limit skipped until ``k`` are
found, at most :data:`YEN_MAX_PATHS` paths) on the same graph, prints percentiles and the ratios, and checks that the stores
return the same paths as each other and as Yen. The CPU is shared: compare ratios measured
in one run, and read absolute figures as an upper bound.
"""
from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from itertools import islice
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphsvc.embedded import EmbeddedStore  # noqa: E402
from graphsvc.store import GraphStore, passable  # noqa: E402
from graphsvc.warm_paths import warm_intro  # noqa: E402
from importers.generate import generate  # noqa: E402
from importers.run import import_generated  # noqa: E402

#: Yen lists paths by warmth regardless of hops; past this many it gives up on a pair.
YEN_MAX_PATHS = 50
YEN_SECONDS = 5.0
#: The latency targets (ms) per store.
TARGETS = {"embedded": {"median": 3.0, "p95": 15.0}, "neo4j": {"median": 25.0, "p95": 60.0}}


def ensure_imported(store: GraphStore, people: int, directory: Path, seed: int, shape: str = "org") -> None:
    """Generate and import the organisation unless the store already holds it."""
    generated = directory / "files"
    if store.counts()["nodes"].get("Person", 0) >= people:
        return
    store.delete_everything()
    started = time.perf_counter()
    files = generate(people, generated, seed=seed, shape=shape)
    import_generated(store, files, quiet=True)
    print(f"imported into {store.uri} in {time.perf_counter() - started:.0f}s: {store.counts()}", flush=True)


def bench_parser(doc: str) -> argparse.ArgumentParser:
    """Options of every benchmark: the organisation's size and seed, where its stores are."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--people", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shape", choices=("org", "hubs"), default="org",
                    help="the generated graph's shape: an org chart's, or heavy-tailed with hubs")
    ap.add_argument("--dir", type=Path, default=Path("/tmp/intrograph-bench"),
                    help="where the stores and generated files live (one folder per size and shape is wise)")
    ap.add_argument("--neo4j", help="also measure this Neo4j (bolt://…); NEO4J_USER/NEO4J_PASSWORD apply")
    return ap


def open_stores(args) -> dict[str, GraphStore]:
    """The embedded store in ``args.dir`` and, with ``args.neo4j``, that Neo4j: both imported."""
    args.dir.mkdir(parents=True, exist_ok=True)
    stores: dict[str, GraphStore] = {"embedded": EmbeddedStore(f"sqlite:///{args.dir / 'embedded.db'}")}
    if args.neo4j:
        from graphsvc.neo4j_store import Neo4jStore
        stores["neo4j"] = Neo4jStore(args.neo4j)
    for store in stores.values():
        ensure_imported(store, args.people, args.dir, args.seed, args.shape)
    return stores


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    at = lambda q: ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]  # noqa: E731
    return {"median": statistics.median(ordered), "p95": at(0.95), "p99": at(0.99), "max": ordered[-1],
            "mean": statistics.fmean(ordered)}


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, (time.perf_counter() - started) * 1000


def yen_top_k(graph: nx.Graph, source: str, target: str, k: int, max_hops: int):
    """The k warmest paths of at most max_hops hops by networkx's Yen.

    Yen knows no hop limit: it lists paths by warmth, and those over the limit are skipped
    until k remain. Where fewer than k exist, or they come after many longer ones, that
    never ends; so it gives up (returns None) after :data:`YEN_MAX_PATHS` paths or
    :data:`YEN_SECONDS` seconds.
    """
    found = []
    started = time.perf_counter()
    try:
        for path in islice(nx.shortest_simple_paths(graph, source, target, weight="cost"), YEN_MAX_PATHS):
            if len(path) - 1 <= max_hops:
                found.append(tuple(path))
                if len(found) == k:
                    return found
            if time.perf_counter() - started > YEN_SECONDS:
                return None
    except nx.NetworkXNoPath:
        return found
    return None


def warmth(graph: nx.Graph, path) -> float:
    return math.exp(-sum(graph[u][v]["cost"] for u, v in zip(path, path[1:])))


def same_warmths(a: list[float], b: list[float]) -> bool:
    """Equal up to rounding (sums of logarithms taken in another order)."""
    return len(a) == len(b) and all(math.isclose(x, y, rel_tol=1e-9) for x, y in zip(a, b))


def main(argv=None) -> int:
    ap = bench_parser(__doc__)
    ap.add_argument("--pairs", type=int, default=200)
    ap.add_argument("-k", type=int, default=5)
    ap.add_argument("--max-hops", type=int, default=4)
    args = ap.parse_args(argv)
    stores = open_stores(args)

    started = time.perf_counter()
    people, weights = stores["embedded"].export_weights()
    counts = stores["embedded"].counts()["relationships"]
    print(f"graph: {len(people):,} people, {len(weights):,} connected pairs, "
          f"{sum(n for t, n in counts.items() if t != 'WORKS_AT'):,} ties", flush=True)
    # Pairs are drawn among passable people, so the baseline may drop every impassable
    # person from its graph and still see exactly the paths warm_intro may use; it weighs
    # each pair with the same stored strength.
    ok = sorted(p for p, props in people.items() if passable(props))
    keep = set(ok)
    weighted = nx.Graph()
    weighted.add_nodes_from(ok)
    weighted.add_edges_from((a, b, {"cost": -math.log(w)}) for a, b, w in weights if a in keep and b in keep)
    print(f"baseline graph built in {time.perf_counter() - started:.1f}s", flush=True)
    rng = random.Random(args.seed)
    pairs = [tuple(rng.sample(ok, 2)) for _ in range(args.pairs)]

    for store in stores.values():  # load caches and connections before timing
        warm_intro(store, *pairs[0], k=args.k, max_hops=args.max_hops)

    times: dict[str, list[float]] = {name: [] for name in (*stores, "networkx Yen")}
    differ_stores = differ_yen = tie_broken_apart = yen_gave_up = no_path = 0
    for i, (a, b) in enumerate(pairs, 1):
        answers = {}
        for name, store in stores.items():
            result, ms = timed(lambda: warm_intro(store, a, b, k=args.k, max_hops=args.max_hops))
            times[name].append(ms)
            answers[name] = result.as_json()
        yen, ms = timed(lambda: yen_top_k(weighted, a, b, args.k, args.max_hops))
        times["networkx Yen"].append(ms)
        ours = [tuple(p["person_id"] for p in path["people"]) for path in answers["embedded"]["paths"]]
        no_path += not ours
        if len({repr(v) for v in answers.values()}) > 1:
            differ_stores += 1
        if yen is None:
            yen_gave_up += 1
        elif sorted(yen) != sorted(ours):
            # equally warm paths may fill the last places either way; only warmths must agree
            theirs = [warmth(weighted, p) for p in yen]
            mine = [p["warmth"] for p in answers["embedded"]["paths"]]
            if same_warmths(theirs, mine):
                tie_broken_apart += 1
            else:
                differ_yen += 1
                print(f"  {a} → {b}: Yen {list(zip(yen, theirs))} ours {list(zip(ours, mine))}", flush=True)
        if i % 10 == 0:
            print(f"  {i}/{len(pairs)} pairs", flush=True)

    print(f"\ntop-{args.k} warm paths within {args.max_hops} hops, {len(pairs)} random pairs (ms):")
    print(f"{'':<14}{'median':>9}{'p95':>9}{'p99':>9}{'max':>9}{'mean':>9}")
    stats = {name: percentiles(t) for name, t in times.items()}
    for name, s in stats.items():
        print(f"{name:<14}" + "".join(f"{s[q]:>9.1f}" for q in ("median", "p95", "p99", "max", "mean")))
    base = stats["networkx Yen"]
    for name in stores:
        print(f"Yen / {name}: median ×{base['median'] / stats[name]['median']:.1f}, "
              f"p95 ×{base['p95'] / stats[name]['p95']:.1f}")
    print(f"pairs with no path within {args.max_hops} hops: {no_path}")
    if len(stores) > 1:
        print(f"pairs where the stores' answers differ: {differ_stores}")
    print(f"pairs where Yen's top-{args.k} is less or more warm than ours: {differ_yen}; as warm but "
          f"with other equally warm paths: {tie_broken_apart}; Yen gave up (after "
          f"{YEN_MAX_PATHS} paths or {YEN_SECONDS:g} s) on {yen_gave_up}, whose times count as when it "
          "gave up: its percentiles are lower bounds")
    for name in stores:
        goals = TARGETS[name]
        ok = all(stats[name][q] <= ms for q, ms in goals.items())
        print(f"{name} target ({', '.join(f'{q} ≤ {ms:g}' for q, ms in goals.items())} ms): "
              f"{'met' if ok else 'MISSED'}")
    return 1 if differ_stores or differ_yen else 0


if __name__ == "__main__":
    sys.exit(main())
