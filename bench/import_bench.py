"""Import benchmark: a generated organisation into the embedded store and into Neo4j.

Run on demand, not as a test::

    python bench/import_bench.py                      # 100,000 people, both stores
    python bench/import_bench.py --people 20000 --stores embedded

It generates the organisation (``importers.generate``), then imports every file in
dependency order (``importers.run.import_generated``) into a fresh store of each kind, each
store in its own child process so that the peak memory printed is that store's alone. For
Neo4j it uses ``NEO4J_URI`` (emptied first!) or starts a server in a temporary home with the
settings ``intrograph neo4j start`` uses by default (not a tuned one), whose peak resident
memory is printed too. Targets, in relationships written per second: embedded ≥ 60,000,
Neo4j ≥ 20,000, for 100,000 people and over a million ties (``--shape hubs``: the
heavy-tailed organisation).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: Relationships written per second.
TARGET_RATE = {"embedded": 60_000, "neo4j": 20_000}


def _rows(path: Path) -> int:
    """Data rows of an import file (LinkedIn exports have a 3-line preamble)."""
    with open(path, encoding="utf-8-sig") as f:
        lines = sum(1 for _ in f)
    return lines - (4 if "Connections" in path.name else 1)


def _peak_rss_of(pid: int) -> int:
    """Peak resident memory (bytes) of a running process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def child(store_uri: str, files_json: str) -> None:
    """Import everything into ``store_uri``; print one JSON line of timings."""
    from importers.generate import GeneratedFiles
    from importers.run import import_generated
    from graphsvc.store import open_store

    spec = json.loads(files_json)
    files = GeneratedFiles(*(Path(spec[k]) for k in ("orgchart", "people", "relationships", "mentorships",
                                                      "positions")),
                           linkedin={o: Path(p) for o, p in spec["linkedin"].items()})
    store = open_store(store_uri)
    store.delete_everything()
    marks: list[tuple[str, float]] = []  # (file, when its import started)

    def progress(stage: str, done: int, total: int) -> None:
        name = stage.split(": ")[0]
        if not marks or marks[-1][0] != name:
            marks.append((name, time.perf_counter()))
    started, cpu_started = time.perf_counter(), time.process_time()
    reports = import_generated(store, files, progress=progress)
    ended, cpu = time.perf_counter(), time.process_time() - cpu_started
    counts = store.counts()
    ties = sum(counts["relationships"].values())
    store.close()
    ends = [t for _, t in marks[1:]] + [ended]
    steps = {name: round(end - start, 1) for (name, start), end in zip(marks, ends)}
    total, rows = ended - started, sum(_rows(Path(r.file)) for r in reports)
    print(json.dumps({"seconds": total, "cpu_seconds": cpu, "rows": rows, "ties": ties, "counts": counts, "steps": steps,
                      "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))


def run_child(store_uri: str, files_json: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", store_uri, files_json],
                         capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise SystemExit(f"import into {store_uri} failed:\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(name: str, result: dict, extra: str = "") -> None:
    rate = result["ties"] / result["seconds"]
    verdict = "met" if rate >= TARGET_RATE[name] else "MISSED"
    print(f"{name:>9}: {result['seconds']:7.1f} s  {rate:9,.0f} ties/s  {result['rows'] / result['seconds']:9,.0f} "
          f"rows/s  {result['ties']:,} ties  peak memory {result['peak_rss'] / 2**20:,.0f} MiB (importer){extra}  "
          f"[target ≥ {TARGET_RATE[name]:,} ties/s: {verdict}]")
    # CPU time of the importing process: steadier than wall time on a shared machine
    print(f"           CPU {result['cpu_seconds']:.1f} s, {result['ties'] / result['cpu_seconds']:,.0f} ties per CPU-second")
    print("           seconds per file: " + ", ".join(f"{k} {v}" for k, v in result["steps"].items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--stores", default="embedded,neo4j")
    parser.add_argument("--shape", choices=("org", "hubs"), default="org")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    from importers.generate import generate

    work = Path(tempfile.mkdtemp(prefix="intrograph-bench-"))
    started = time.perf_counter()
    files = generate(args.people, work / "org", seed=args.seed, shape=args.shape)
    print(f"generated {args.people:,} people in {time.perf_counter() - started:.1f} s; "
          f"tie estimate {files.ties.get('total', 0):,}; files in {work / 'org'}")
    spec = json.dumps({"orgchart": str(files.orgchart), "people": str(files.people),
                       "relationships": str(files.relationships), "mentorships": str(files.mentorships),
                       "positions": str(files.positions),
                       "linkedin": {o: str(p) for o, p in files.linkedin.items()}})
    stores = args.stores.split(",")
    if "embedded" in stores:
        report("embedded", run_child(f"sqlite:///{work / 'bench.db'}", spec))
    if "neo4j" in stores:
        from importlib.util import find_spec

        from graphsvc import neo4j_server
        if find_spec("neo4j._rust") is None:
            print("note: the neo4j driver encodes parameters in pure Python here; "
                  "`pip install neo4j-rust-ext` makes Neo4j imports about twice as fast")
        uri = os.environ.get("NEO4J_URI")
        home = None
        if not uri:
            home = work / "neo4j"
            uri = neo4j_server.start(home=home, heap=neo4j_server.DEFAULT_HEAP,
                                       pagecache=neo4j_server.DEFAULT_PAGECACHE).uri
        try:
            result = run_child(uri, spec)
            extra = ""
            if home is not None:
                info = neo4j_server.status(home)
                extra = (f", {_peak_rss_of(info.pid) / 2**20:,.0f} MiB (Neo4j server, heap {neo4j_server.DEFAULT_HEAP}, "
                         f"page cache {neo4j_server.DEFAULT_PAGECACHE})")
            report("neo4j", result, extra)
        finally:
            if home is not None:
                neo4j_server.stop(home=home)
    print(f"(work files left in {work})")


if __name__ == "__main__":
    main()
