"""Embedded cold start and memory: a new process's first answer, alone and five at once.

On demand, not a test::

    python bench/start_bench.py --people 100000 [--shape hubs] --dir /tmp/intrograph-bench/org100k

Uses (or generates and imports) the same store as ``intro_bench.py``. Then it starts fresh
Python processes that open the store and answer one warm-intro question, and reports:

* the seconds from process start to the first answer, and the process's RSS and PSS
  (proportional set size: shared memory-mapped pages divided among the processes that map
  them, so PSS adds up to what the machine really spends);
* the same for five processes started together (as ``intrograph serve --workers 5`` starts
  its workers): the slowest first answer and the total RSS and PSS;
* the baseline, measured in the same run: a process that loads the whole graph with its
  evidence into networkx, the way the store worked before the compact adjacency.

Targets: first answer ≤ 2 s and ≤ 400 MB RSS per process; five at once ≤ 3 s and ≤ 2.5 GB.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intro_bench import bench_parser, open_stores  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

#: What each measured process runs: open the store, answer once, report time and memory.
CHILD = r"""
import json, os, sys, time
started = float(sys.argv[3])
sys.path.insert(0, sys.argv[4])
mode, uri = sys.argv[1], sys.argv[2]
a, b = sys.argv[5], sys.argv[6]
if mode == "store":
    from graphsvc.store import open_store
    from graphsvc.warm_paths import warm_intro
    store = open_store(uri)
    paths = len(warm_intro(store, a, b).paths)
else:  # the baseline: the whole graph with its evidence in networkx, as before
    import networkx as nx
    from graphsvc.store import open_store
    store = open_store(uri)
    edges, people = store.export_graph()
    g = nx.Graph()
    g.add_nodes_from(people.items())
    g.add_edges_from((e.a, e.b, {"ties": e.ties}) for e in edges)
    paths = int(nx.has_path(g, a, b))
answered = time.time() - started
def kib(field, path):
    for line in open(path):
        if line.startswith(field):
            return int(line.split()[1])
print(json.dumps({"seconds": answered, "rss_mb": kib("VmRSS", "/proc/self/status") / 1024,
                  "pss_mb": kib("Pss:", "/proc/self/smaps_rollup") / 1024, "paths": paths}))
"""


def run(mode: str, uri: str, a: str, b: str, n: int) -> list[dict]:
    """Start ``n`` processes at once; each reports its first answer's time and its memory."""
    procs = [subprocess.Popen([sys.executable, "-c", CHILD, mode, uri, repr(time.time()), str(ROOT), a, b],
                              stdout=subprocess.PIPE, text=True) for _ in range(n)]
    return [json.loads(p.communicate()[0]) for p in procs]


def summary(name: str, rows: list[dict]) -> str:
    return (f"{name:<34}{max(r['seconds'] for r in rows):>9.2f}{sum(r['rss_mb'] for r in rows):>11.0f}"
            f"{sum(r['pss_mb'] for r in rows):>11.0f}")


def main(argv=None) -> int:
    args = bench_parser(__doc__).parse_args(argv)
    store = open_stores(argparse_without_neo4j(args))["embedded"]
    people = sorted(store.view().people)
    a, b = people[len(people) // 3], people[2 * len(people) // 3]
    store.close()
    print(f"{'':<34}{'first s':>9}{'RSS MB':>11}{'PSS MB':>11}")
    one = run("store", store.uri, a, b, 1)
    five = run("store", store.uri, a, b, 5)
    base = run("networkx", store.uri, a, b, 1)
    print(summary("one process (compact adjacency)", one))
    print(summary("five at once", five))
    print(summary("baseline: networkx with evidence", base))
    print(f"baseline / ours, one process: time ×{base[0]['seconds'] / one[0]['seconds']:.1f}, "
          f"RSS ×{base[0]['rss_mb'] / one[0]['rss_mb']:.1f}")
    ok = (one[0]["seconds"] <= 2 and one[0]["rss_mb"] <= 400 and max(r["seconds"] for r in five) <= 3
          and sum(r["rss_mb"] for r in five) <= 2500)
    print(f"targets (≤ 2 s and ≤ 400 MB alone; ≤ 3 s and ≤ 2.5 GB for five): {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


def argparse_without_neo4j(args):
    args.neo4j = None  # the embedded store's start is what is measured
    return args


if __name__ == "__main__":
    sys.exit(main())
