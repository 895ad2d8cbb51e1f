"""Imports larger than one transaction: split into batches under a journal, killed mid-way,
finished by running the same command again — ending exactly where a clean import ends.

The kill is real: an ``intrograph import`` subprocess pauses inside batch K (its transaction
open, batches before it committed; ``INTROGRAPH_PAUSE_IN_BATCH``) and is SIGKILLed.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from graphsvc.embedded import EmbeddedStore
from graphsvc.import_journal import plan_import, split
from graphsvc.model import ImportBatch, Position, Tie
from graphsvc.tenures import company_overlaps
from importers.generate import generate
from importers.run import run_import

ROOT = Path(__file__).resolve().parent.parent


# ------------------------------------------------------------------ the plan (pure)

def _batch() -> ImportBatch:
    batch = ImportBatch(people={f"P{i}": {"name": f"P {i}"} for i in range(5)}, organizations={"acme": "Acme"})
    batch.add_tie(Tie("KNOWS", "P1", "P0", {"source": "manual"}))
    batch.add_tie(Tie("KNOWS", "P0", "P1", {"source": "manual", "since": "2020-01-01"}))  # same tie, last wins
    batch.add_tie(Tie("MENTORS", "P2", "P3", {}))
    batch.positions.append(Position("P4", "acme", {"since": "2019"}))
    return batch


def test_split_keeps_reference_order_and_writes_each_row_once():
    parts = split(_batch(), 3)
    assert [len(p.people) + len(p.organizations) + len(p.ties) + len(p.positions) for p in parts] == [3, 3, 3]
    assert list(parts[0].people) == ["P0", "P1", "P2"]
    assert list(parts[1].people) == ["P3", "P4"] and parts[1].organizations == {"acme": "Acme"}
    assert [t.type for t in parts[2].ties] == ["KNOWS", "MENTORS"] and len(parts[2].positions) == 1
    assert parts[2].ties[0].props == {"source": "manual", "since": "2020-01-01"}


def test_a_batch_that_fits_is_one_part_and_the_plan_digest_follows_the_content():
    assert not plan_import(_batch(), 9).batched and not plan_import(_batch(), None).batched
    first, again = plan_import(_batch(), 4), plan_import(_batch(), 4)
    assert first.batched and len(first.parts) == 3 and first.digest == again.digest
    changed = _batch()
    changed.people["P4"]["name"] = "Someone else"
    assert plan_import(changed, 4).digest != first.digest
    assert plan_import(_batch(), 3).digest != first.digest  # other batch size, other plan


# ------------------------------------------------------------- killed and rerun

@pytest.fixture(scope="module")
def org(tmp_path_factory) -> Path:
    """A small generated organisation: 60 people, a few hundred ties."""
    out = tmp_path_factory.mktemp("org")
    generate(60, out, seed=7)
    return out


def _cli(*argv: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graphsvc.cli", *argv], cwd=ROOT, text=True,
                          capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT), **env}, timeout=300)


def _kill_in_batch(store: str, kind: str, path: Path, batch: int, rows: int) -> None:
    """Start ``intrograph import``, SIGKILL it inside ``batch`` (batches before it committed)."""
    child = subprocess.Popen([sys.executable, "-m", "graphsvc.cli", "import", kind, str(path), "--store", store,
                              "--batch-rows", str(rows), "--quiet"], cwd=ROOT, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env={**os.environ, "PYTHONPATH": str(ROOT), "INTROGRAPH_PAUSE_IN_BATCH": str(batch)})
    try:
        line = child.stderr.readline()
        assert line.strip() == f"PAUSED IN BATCH {batch}", line + child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
        for stream in (child.stdin, child.stdout, child.stderr):
            stream.close()


def snapshot(store) -> dict:
    """Everything an import writes: counts, every person's and tie's properties, positions."""
    edges, people = store.export_graph()
    ties = sorted((t.key, json.dumps(t.props, sort_keys=True)) for e in edges for t in e.ties)
    return {"counts": store.counts(), "people": people, "ties": ties,
            "positions": store.positions_of(list(people))}


def _interrupted_then_finished(store_uri: str, org: Path, rows: int) -> list[dict]:
    """orgchart and relationships imported in batches of ``rows``, each killed mid-way first."""
    for kind, batch in (("orgchart", 3), ("relationships", 4)):
        path = org / f"{kind}.csv"
        _kill_in_batch(store_uri, kind, path, batch, rows)
        listed = _cli("imports", "--json", "--store", store_uri)
        run = json.loads(listed.stdout)[0]
        assert run["import_kind"] == kind and run["status"] == "incomplete"
        assert run["batches_done"] == batch - 1
        text = _cli("imports", "--store", store_uri).stdout
        assert f"incomplete: {batch - 1} of {run['batches']} batches; rerun `intrograph import {kind} {path}` " \
               "to finish" in text

        again = _cli("import", kind, str(path), "--store", store_uri, "--batch-rows", str(rows), "--json")
        report = json.loads(again.stdout)
        assert again.returncode == 0 and report["resumed"] == batch - 1 and report["run_id"] == run["id"]
    runs = json.loads(_cli("imports", "--json", "--store", store_uri).stdout)
    assert [(r["import_kind"], r["status"]) for r in runs] == [("relationships", "complete"),
                                                             ("orgchart", "complete")]
    return runs


def test_embedded_import_killed_between_batches_is_finished_by_a_rerun(tmp_path, org):
    interrupted, clean = f"sqlite:///{tmp_path / 'interrupted.db'}", f"sqlite:///{tmp_path / 'clean.db'}"
    runs = _interrupted_then_finished(interrupted, org, rows=40)
    with EmbeddedStore(clean) as store:
        for kind in ("orgchart", "relationships"):
            clean_report = run_import(store, kind, org / f"{kind}.csv")
        expected = snapshot(store)
    with EmbeddedStore(interrupted) as store:
        assert snapshot(store) == expected
    # the journal's counts add up to the clean import's, across the kill
    assert runs[0]["summary"] == clean_report.summary.as_dict()


@pytest.mark.neo4j
def test_neo4j_import_killed_between_batches_is_finished_by_a_rerun(neo4j_store, org):
    runs = _interrupted_then_finished(neo4j_store.uri, org, rows=40)
    finished = snapshot(neo4j_store)
    neo4j_store.delete_everything()
    for kind in ("orgchart", "relationships"):
        clean_report = run_import(neo4j_store, kind, org / f"{kind}.csv", batch_rows=40)
    assert snapshot(neo4j_store) == finished
    assert runs[0]["summary"] == clean_report.summary.as_dict()


def test_a_batched_dry_run_validates_and_plans_but_writes_nothing(tmp_path, org):
    with EmbeddedStore(f"sqlite:///{tmp_path / 'g.db'}") as store:
        report = run_import(store, "orgchart", org / "orgchart.csv", dry_run=True, batch_rows=40)
        assert report.summary is None and report.batches > 1 and report.run_id is None
        assert store.counts() == {"nodes": {}, "relationships": {}} and store.find_records("ImportRun") == []
        small = run_import(store, "orgchart", org / "orgchart.csv", dry_run=True)
        assert small.batches == 1 and small.summary.nodes_created == 60


def test_a_small_import_is_one_transaction_with_its_journal_entry(tmp_path, data_dir):
    with EmbeddedStore(f"sqlite:///{tmp_path / 'g.db'}") as store:
        report = run_import(store, "orgchart", data_dir / "orgchart_small.csv")
        [run] = store.find_records("ImportRun")
        assert run["id"] == report.run_id and run["status"] == "complete" and run["batches"] == 1
        assert run["summary"] == report.summary.as_dict() and run["summary"]["nodes_created"] == 8


# ------------------------------------------- tenures bring their former colleagues

def _tenures(n: int) -> ImportBatch:
    """``n`` overlapping tenures at one employer: ``n(n−1)/2`` former-colleague pairs."""
    batch = ImportBatch(organizations={"acme": "Acme"}, colleagues_as_of=date(2025, 1, 1))
    batch.positions = [Position(f"P{i}", "acme", {"since": f"201{i}-01-01"}) for i in range(n)]
    return batch


def test_tenures_count_the_former_colleague_ties_their_transaction_derives():
    # the organisation and 6 tenures: 7 rows, and 15 derived ties (the i-th tenure brings i − 1)
    assert not plan_import(_tenures(6), None).batched and not plan_import(_tenures(6), 22).batched
    assert plan_import(_tenures(6), 21).batched
    plan = plan_import(_tenures(6), 10)
    # the organisation's row, then tenures costing 1, 2, 3 | 4 | 5 | 6 rows
    assert [[p.person_id for p in part.positions] for part in plan.parts] == [["P0", "P1", "P2"], ["P3", "P4"], ["P5"]]
    for part in plan.parts:
        derived = len(company_overlaps(
            [p for q in plan.parts[:plan.parts.index(part) + 1] for p in q.positions],
            {}, date(2025, 1, 1), {p.key for p in part.positions}))
        assert len(part.positions) + len(part.organizations) + derived <= 10 or len(part.positions) == 1
    # tenures stored before count too: one stored colleague adds a tie to each
    stored = [Position("S", "acme", {"since": "2009-01-01"})]
    assert not plan_import(_tenures(4), 11).batched
    assert plan_import(_tenures(4), 11, stored).batched


@pytest.mark.neo4j
def test_a_batched_positions_import_holds_its_derived_ties_in_the_batch_rows(neo4j_store, org):
    """No transaction holds more than --batch-rows rows, counting the former colleagues its
    tenures derive (a 100,000-person history once ran Neo4j out of transaction memory), and
    the result is the clean import's."""
    written = []
    write_records = neo4j_store.write_records

    def counted(records, batch=None, **kwargs):
        summary = write_records(records, batch, **kwargs)
        if batch is not None and batch.positions:
            written.append(summary.relationships_created + summary.relationships_unchanged
                           + summary.relationships_updated)
        return summary
    run_import(neo4j_store, "orgchart", org / "orgchart.csv")
    neo4j_store.write_records = counted
    report = run_import(neo4j_store, "positions", org / "positions.csv", batch_rows=25)
    neo4j_store.write_records = write_records
    assert report.batches > 1 and max(written) <= 25 and sum(written) > 25
    batched = snapshot(neo4j_store)
    neo4j_store.delete_everything()
    run_import(neo4j_store, "orgchart", org / "orgchart.csv")
    run_import(neo4j_store, "positions", org / "positions.csv")
    assert snapshot(neo4j_store) == batched
