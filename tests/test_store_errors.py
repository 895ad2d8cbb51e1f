"""Every store failure reaches the user as one line — what failed, what was written, what to do —
and leaves nothing half-written; and an import whose Neo4j server stops mid-way is finished by a
rerun once the server is back.

SQLite failures are real: a page limit on the store's own connection (a full disk), another
connection holding ``BEGIN EXCLUSIVE`` (a locked file), ``chattr +i`` (a read-only file, which
root cannot override). Neo4j Community cannot change its memory or read-only settings at run
time (no ``dbms.setConfigValue``), so those tests start a server of their own with auth on and
12 MB of transaction memory in all, and restart it read-only for that test.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graphsvc.cli import main
from graphsvc.embedded import EmbeddedStore
from graphsvc.model import ImportBatch, StoreError
from importers.generate import generate
from importers.run import run_import
from tests.test_import_journal import snapshot

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "journal-test-pass"


def _people_csv(path: Path, n: int) -> Path:
    """An org chart of ``n`` people, two reporting to each manager (so few teammate ties)."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["Employee ID", "First Name", "Last Name", "Email", "Title", "Manager ID"])
        for i in range(n):
            out.writerow([f"P{i}", "Person", f"Number {i}", f"p{i}@example.com", "Engineer " * 5, f"P{(i - 1) // 2}" if i else ""])
    return path


def _cli(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("intrograph: ") and "Traceback" not in err, err
    return lines[0]


# ------------------------------------------------------------------ SQLite

def test_a_full_disk_writes_nothing(tmp_path, data_dir):
    uri = f"sqlite:///{tmp_path / 'g.db'}"
    with EmbeddedStore(uri) as store:
        run_import(store, "orgchart", data_dir / "orgchart_small.csv")
        before = snapshot(store)
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        store._db.execute(f"PRAGMA max_page_count={pages + 2}")
        with pytest.raises(StoreError, match=r"the disk is full .*; nothing was written\. Free some space"):
            run_import(store, "orgchart", _people_csv(tmp_path / "big.csv", 3000))
        assert snapshot(store) == before and len(store.find_records("ImportRun")) == 1


def test_a_locked_file_writes_nothing_and_says_to_wait(tmp_path, data_dir):
    db = tmp_path / "g.db"
    with EmbeddedStore(f"sqlite:///{db}", busy_timeout=0.2) as store:
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(StoreError, match=r"is locked by another process \(waited 0\.2 s.*nothing was "
                                                 r"written\. Rerun once the other import"):
                run_import(store, "orgchart", data_dir / "orgchart_small.csv")
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert store.counts() == {"nodes": {}, "relationships": {}}


def test_a_store_opens_and_answers_while_another_process_is_writing(tmp_path, data_dir):
    """A long import in another process holds the write lock for minutes; opening the store
    (the web UI starting, `intrograph imports` to see how it goes) must not wait for it."""
    db = tmp_path / "g.db"
    with EmbeddedStore(f"sqlite:///{db}") as store:
        run_import(store, "orgchart", data_dir / "orgchart_small.csv")
        before = store.counts()
    writer = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys\n"
         f"db = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
         "db.execute('BEGIN IMMEDIATE')\n"
         "db.execute(\"UPDATE meta SET value = value + 1 WHERE key = 'version'\")\n"
         "print('writing', flush=True)\n"
         "sys.stdin.read()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "writing"
        with EmbeddedStore(f"sqlite:///{db}", busy_timeout=0.2) as store:
            assert store.counts() == before
            with pytest.raises(StoreError, match="is locked by another process"):
                run_import(store, "orgchart", data_dir / "orgchart_small.csv")
    finally:
        writer.communicate("")


def test_a_read_only_file_is_refused_in_one_line_and_left_as_it_was(tmp_path, data_dir, capsys):
    db = tmp_path / "g.db"
    with EmbeddedStore(f"sqlite:///{db}") as store:
        run_import(store, "orgchart", data_dir / "orgchart_small.csv")
    made = subprocess.run(["chattr", "+i", str(db)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"chattr +i is not possible here: {made.stderr.strip()}")
    try:
        before = hashlib.sha256(db.read_bytes()).hexdigest()
        code, err = _cli(capsys, "import", "people", str(data_dir / "import_people.csv"), "--store", f"sqlite:///{db}")
        assert code == 1
        assert "cannot be written (attempt to write a readonly database); nothing was written. Make the file" \
            in _one_line(err)
        assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)


# ------------------------------------------------------------------ Neo4j

@pytest.mark.neo4j
def test_a_missing_database_is_named(neo4j_uri, capsys):
    code, err = _cli(capsys, "stats", "--store", neo4j_uri, "--neo4j-database", "nosuch")
    assert code == 1
    assert f"Neo4j at {neo4j_uri} has no database 'nosuch'" in _one_line(err) and "--neo4j-database" in err



@pytest.mark.neo4j
def test_an_unreachable_server_is_one_line(capsys):
    from graphsvc.neo4j_server import free_port
    code, err = _cli(capsys, "stats", "--store", f"bolt://127.0.0.1:{free_port()}")
    assert code == 1 and "is unreachable while connecting" in _one_line(err) and "intrograph neo4j start" in err


@pytest.mark.neo4j
def test_two_people_sharing_an_e_mail_break_a_uniqueness_rule_and_write_nothing(neo4j_store, tmp_path):
    """Importers refuse such a file; the store's constraint is what stops a write that slips past
    them (two imports at once, or a caller of ``upsert`` other than an importer)."""
    run_import(neo4j_store, "orgchart", _people_csv(tmp_path / "a.csv", 3))
    before = snapshot(neo4j_store)
    clash = ImportBatch(people={"Q1": {"name": "Quinn", "email": "P1@example.com"}, "Q2": {"name": "Rae"}})
    with pytest.raises(StoreError, match=r"writing the import breaks a uniqueness rule .*p1@example\.com.*; "
                                         r"nothing was written\. Two records share an id or e-mail"):
        neo4j_store.upsert(clash)
    assert snapshot(neo4j_store) == before


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    """A Neo4j of this module's own, with auth on; ``restart(**settings)`` restarts it with more settings."""
    from neo4j import GraphDatabase

    from graphsvc import neo4j_server
    home = tmp_path_factory.mktemp("neo4j-own")
    port = neo4j_server.free_port()
    settings = {"dbms.security.auth_enabled": "true"}
    try:
        info = neo4j_server.start(home=home, port=port, heap="512m", settings=settings)
    except neo4j_server.Neo4jServerError as exc:
        pytest.skip(f"cannot start Neo4j: {exc}")
    with GraphDatabase.driver(info.uri, auth=("neo4j", "neo4j")) as driver, \
            driver.session(database="system") as session:
        session.run(f"ALTER CURRENT USER SET PASSWORD FROM 'neo4j' TO '{PASSWORD}'").consume()

    def restart(**more: str) -> None:
        neo4j_server.stop(home=home)
        try:
            neo4j_server.start(home=home, port=port, heap="512m", settings={**settings, **more})
        except neo4j_server.Neo4jServerError:  # a start right after a stop may lose a race with the old JVM
            time.sleep(2)
            neo4j_server.start(home=home, port=port, heap="512m", settings={**settings, **more})
    yield info.uri, home, restart
    neo4j_server.stop(home=home)


def _store(uri: str):
    from graphsvc.neo4j_store import Neo4jStore
    return Neo4jStore(uri, password=PASSWORD, max_retry_seconds=2)


@pytest.mark.neo4j
@pytest.mark.slow
def test_wrong_credentials_are_named(own_server, capsys):
    uri = own_server[0]
    code, err = _cli(capsys, "stats", "--store", uri, "--neo4j-password", "not-the-password")
    assert code == 1
    assert f"Neo4j at {uri} refused the credentials of user 'neo4j'" in _one_line(err)
    assert "Set NEO4J_USER and NEO4J_PASSWORD" in err


@pytest.mark.neo4j
@pytest.mark.slow
def test_out_of_transaction_memory_writes_nothing_and_is_not_retried(own_server, tmp_path, capsys, monkeypatch):
    uri, _, restart = own_server
    import types

    from graphsvc import neo4j_store
    pauses: list[float] = []  # a retry pauses before it tries again: none may happen
    monkeypatch.setattr(neo4j_store, "time", types.SimpleNamespace(monotonic=time.monotonic, sleep=pauses.append))
    with _store(uri) as store:
        store.delete_everything()
    restart(**{"dbms.memory.transaction.total.max": "12m"})  # for all transactions together
    try:
        big = _people_csv(tmp_path / "big.csv", 20_000)
        code, err = _cli(capsys, "import", "orgchart", str(big), "--store", uri, "--neo4j-password", PASSWORD,
                         "--batch-rows", "50000")
        assert code == 1 and pauses == []
        line = _one_line(err)
        assert "ran out of transaction memory while writing the import" in line
        assert "nothing was written. Import with a lower --batch-rows" in line
        with _store(uri) as store:
            assert store.counts() == {"nodes": {}, "relationships": {}}
            # what the message says to do works: smaller transactions fit
            report = run_import(store, "orgchart", big, batch_rows=1_000)
            assert report.batches > 1 and store.counts()["nodes"] == {"Person": 20_000}
    finally:
        restart()
    with _store(uri) as store:
        store.delete_everything()


@pytest.mark.neo4j
@pytest.mark.slow
def test_a_read_only_database_is_named(own_server, capsys, data_dir):
    uri, _, restart = own_server
    restart(**{"server.databases.read_only": "neo4j"})
    try:
        code, err = _cli(capsys, "import", "orgchart", str(data_dir / "orgchart_small.csv"), "--store", uri,
                         "--neo4j-password", PASSWORD)
        assert code == 1
        line = _one_line(err)
        assert "database 'neo4j' is read-only there" in line and "nothing was written" in line
        assert "neo4j:// address, which routes writes to the leader" in line
    finally:
        restart()


@pytest.mark.neo4j
@pytest.mark.slow
def test_neo4j_stopped_mid_import_then_restarted_is_finished_by_a_rerun(own_server, tmp_path):
    from graphsvc import neo4j_server
    uri, home, restart = own_server
    org = tmp_path / "org"
    generate(60, org, seed=11)
    with _store(uri) as store:
        store.delete_everything()
        run_import(store, "orgchart", org / "orgchart.csv")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NEO4J_PASSWORD": PASSWORD, "INTROGRAPH_PAUSE_IN_BATCH": "4",
           "INTROGRAPH_NEO4J_RETRY_SECONDS": "2"}
    command = [sys.executable, "-m", "graphsvc.cli", "import", "relationships", str(org / "relationships.csv"),
               "--store", uri, "--batch-rows", "40", "--quiet"]
    child = subprocess.Popen(command, cwd=ROOT, text=True, env=env, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert child.stderr.readline().strip() == "PAUSED IN BATCH 4"
        neo4j_server.stop(home=home)  # batch 4's transaction is open
        _, err = child.communicate("\n", timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 1
    line = _one_line(err)
    assert f"Neo4j at {uri} is unreachable while writing the import" in line
    assert re.search(r"batch 4 of \d+ was not written, batches 1–3 are \(rerun `intrograph import "
                     rf"relationships {re.escape(str(org / 'relationships.csv'))}` to finish\)", line), line

    restart()
    listed = subprocess.run([sys.executable, "-m", "graphsvc.cli", "imports", "--json", "--store", uri],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    run = json.loads(listed.stdout)[0]
    assert (run["status"], run["batches_done"]) == ("incomplete", 3) and run["batches"] > 4
    rerun = subprocess.run(command[:-1] + ["--json"], cwd=ROOT, env={**env, "INTROGRAPH_PAUSE_IN_BATCH": ""},
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert json.loads(rerun.stdout)["resumed"] == 3

    with _store(uri) as store:
        finished = snapshot(store)
        store.delete_everything()
        run_import(store, "orgchart", org / "orgchart.csv")
        run_import(store, "relationships", org / "relationships.csv", batch_rows=40)
        assert snapshot(store) == finished
        store.delete_everything()
