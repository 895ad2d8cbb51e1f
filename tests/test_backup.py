"""``intrograph backup``: a consistent copy of the embedded store while another process writes."""
from __future__ import annotations

import sqlite3
import subprocess
import sys

from graphsvc.embedded import EmbeddedStore
from tests.helpers import ROOT, build, run_cli

#: Writes one transaction after another until killed: person w<i>, a tie to w<i-1> and an
#: audit entry, so that a consistent copy has as many entries as people and one tie fewer.
_WRITER = """
import sys
from graphsvc.embedded import EmbeddedStore
from graphsvc.model import ImportBatch, Tie
from graphsvc.records import Record

store = EmbeddedStore(sys.argv[1])
for i in range(10**9):
    batch = ImportBatch(people={f"w{i:07d}": {"name": f"Writer {i}", "skills": ["x" * 100]}})
    if i:
        batch.add_tie(Tie("KNOWS", f"w{i - 1:07d}", f"w{i:07d}", {"source": "manual"}))
    store.write_records([Record("AuditEntry", f"A-{i:07d}", {"action": "write", "actor": "w", "subject": str(i)})],
                        batch)
    if i == 50:
        print("WRITING", flush=True)
"""


def _consistent(path) -> int:
    """How many people the copy holds, once it has passed every consistency check."""
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        people = con.execute("SELECT count(*) FROM person").fetchone()[0]
        assert con.execute("SELECT count(*) FROM record").fetchone()[0] == people
        assert con.execute("SELECT count(*) FROM tie").fetchone()[0] == people - 1
        assert con.execute("SELECT count(*) FROM pair").fetchone()[0] == people - 1
    finally:
        con.close()
    with EmbeddedStore(f"sqlite:///{path}") as copy:  # opens, and answers from its own snapshot
        last = f"w{people - 1:07d}"
        assert copy.weighted_neighbours([last]).weights[last].keys() == {f"w{people - 2:07d}"}
    return people


def test_backups_taken_while_another_process_writes_are_consistent(tmp_path):
    uri = f"sqlite:///{tmp_path / 'live.db'}"
    EmbeddedStore(uri).close()
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, uri], cwd=ROOT, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert writer.stdout.readline().strip() == "WRITING", writer.stderr.read()
        seen = []
        with EmbeddedStore(uri) as live:
            for n in range(4):
                live.backup(tmp_path / f"copy{n}.db")
                seen.append(_consistent(tmp_path / f"copy{n}.db"))
        assert writer.poll() is None, "the writer stopped while the backups ran"
    finally:
        writer.kill()
        writer.wait(timeout=30)
        writer.stdout.close()
        writer.stderr.close()
    assert seen == sorted(seen) and seen[-1] > seen[0] > 50  # the writes went on between the copies
    assert not list(tmp_path.glob("*.partial"))


def test_backup_command_copies_the_embedded_store_and_refuses_neo4j(capsys, tmp_path):
    uri = f"sqlite:///{tmp_path / 'live.db'}"
    with EmbeddedStore(uri) as store:
        build(store, {"a": "Ana", "b": "Bo"}, [])
    status, out, _ = run_cli(capsys, "backup", str(tmp_path / "copy.db"), "--store", uri)
    assert status == 0 and "backed up" in out
    with EmbeddedStore(f"sqlite:///{tmp_path / 'copy.db'}") as copy:
        assert copy.counts()["nodes"] == {"Person": 2}
    status, _, err = run_cli(capsys, "backup", str(tmp_path / "x.db"), "--store", "bolt://localhost:1")
    assert status == 1 and "no embedded store" in err and "intrograph dump" in err
