"""An import cut off half-way leaves each store exactly as it was before that import.

Embedded: the importing process is SIGKILLed while its transaction holds freshly written
people (spilled to the WAL file) and waits for its ties. Neo4j: a dedicated server is
SIGKILLed while an import's one transaction is half written, then restarted (it recovers
from its own log) and must hold what it held before.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from graphsvc.embedded import EmbeddedStore
from importers.run import run_import
from tests.helpers import ROOT


def _dump(db: Path) -> tuple[str, dict[str, list[tuple]]]:
    """``PRAGMA integrity_check`` and every row of every table, in a fixed order."""
    con = sqlite3.connect(db)
    try:
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
        tables = [name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return check, {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        con.close()


def _wait_for_line(proc: subprocess.Popen, expected: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.strip() == expected:
            return
        if not line and proc.poll() is not None:
            raise AssertionError(f"child exited ({proc.returncode}) before {expected!r}: {proc.stderr.read()}")
    raise AssertionError(f"no {expected!r} from the child within {timeout} s")


@contextmanager
def _child(script: str, *argv: str):
    """A Python child running ``script`` with ``argv``; gone and its pipes closed on leaving."""
    child = subprocess.Popen([sys.executable, "-c", script, *argv], cwd=ROOT, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        yield child
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()
        child.stderr.close()


_EMBEDDED_CHILD = """
import sys, time
import graphsvc.embedded
from graphsvc.embedded import EmbeddedStore
from graphsvc.model import ImportBatch, Tie

graphsvc.embedded._UPSERT_CACHE_KIB = 100  # a tiny cache: written pages spill into the WAL file
store = EmbeddedStore(sys.argv[1])

def ties():
    yield Tie("KNOWS", "E1", "N0", {"source": "manual"})
    print("PEOPLE WRITTEN", flush=True)
    time.sleep(600)

people = {f"N{i}": {"name": f"Newcomer {i}", "skills": ["x" * 200]} for i in range(3000)}
people["E1"] = {"name": "Renamed Mid-Import"}
store.upsert(ImportBatch(people=people, ties=ties()))
"""


def test_embedded_import_killed_mid_transaction_leaves_the_file_as_before(tmp_path, data_dir):
    db = tmp_path / "graph.db"
    uri = f"sqlite:///{db}"
    with EmbeddedStore(uri) as store:
        run_import(store, "orgchart", data_dir / "orgchart_small.csv")
    before = _dump(db)
    assert before[0] == "ok"
    wal = db.parent / (db.name + "-wal")
    wal_before = wal.stat().st_size if wal.exists() else 0

    with _child(_EMBEDDED_CHILD, uri) as child:
        _wait_for_line(child, "PEOPLE WRITTEN")
        # the uncommitted people really reached the disk before the kill
        assert wal.stat().st_size > wal_before + 500_000
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)

    assert _dump(db) == before
    with EmbeddedStore(uri) as store:
        assert store.counts() == {"nodes": {"Person": 8}, "relationships": {"REPORTS_TO": 7, "WORKED_WITH": 3}}
        assert store.get_person("E1")["name"] == "Ana Ruiz"


_NEO4J_CHILD = """
import sys
from graphsvc.neo4j_store import Neo4jStore
from graphsvc.model import ImportBatch, Tie

store = Neo4jStore(sys.argv[1])
batch = ImportBatch(people={f"N{i}": {"name": f"Newcomer {i}"} for i in range(20000)})
batch.people["E1"] = {"name": "Renamed Mid-Import"}
for i in range(1, 20000):
    batch.add_tie(Tie("KNOWS", f"N{i - 1}", f"N{i}", {"source": "manual"}))
    batch.add_tie(Tie("WORKED_WITH", "E1", f"N{i}", {"kind": "project", "context": "Crash"}))
said = False

def progress(done, total):
    global said
    if done >= 30000 and not said:
        said = True
        print("HALF WRITTEN", flush=True)

store.upsert(batch, progress=progress)
print("COMMITTED", flush=True)
"""


@pytest.mark.neo4j
@pytest.mark.slow
def test_neo4j_server_killed_mid_import_keeps_the_database_as_before(tmp_path, data_dir):
    from graphsvc import neo4j_server
    from graphsvc.neo4j_store import Neo4jStore

    home = tmp_path / "neo4j"
    try:
        info = neo4j_server.start(home=home, heap="512m")
    except neo4j_server.Neo4jServerError as exc:
        pytest.skip(f"cannot start Neo4j: {exc}")
    try:
        with Neo4jStore(info.uri) as store:
            run_import(store, "orgchart", data_dir / "orgchart_small.csv")
            before = store.counts()
            people_before = store.get_people([f"E{i}" for i in range(1, 9)])

        with _child(_NEO4J_CHILD, info.uri) as child:
            _wait_for_line(child, "HALF WRITTEN")
            os.kill(info.pid, signal.SIGKILL)
            child.kill()
            child.wait(timeout=30)
        deadline = time.monotonic() + 30
        while neo4j_server.status(home) is not None and time.monotonic() < deadline:
            time.sleep(0.2)

        info = neo4j_server.start(home=home, heap="512m")
        with Neo4jStore(info.uri) as store:
            assert store.counts() == before
            assert store.get_people([f"E{i}" for i in range(1, 9)]) == people_before
            assert store.find_people(ids=["N0", "N19999"]) == []
    finally:
        neo4j_server.stop(home=home)
