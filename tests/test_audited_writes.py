"""One write, one audit entry: imports and analyze log themselves in the transaction of the change.

A change and its audit entry are committed together or not at all: after a CLI import or an
``analyze`` the entry is there, and a failure inside the write leaves neither. (Workflow
changes write theirs with the change through ``RecordStore.transact``; see their tests.)
"""
from __future__ import annotations

import pytest

from graphsvc import audit
from graphsvc.analytics import run_analysis
from graphsvc.import_journal import import_runs
from graphsvc.model import ANALYTICS_FIELDS, Tie
from importers.run import run_import
from tests.helpers import build, run_cli


class Injected(Exception):
    """A failure the test makes happen inside a write transaction."""


def fail_inside_the_write(stage: str, done: int, total: int) -> None:
    """An import's progress callback: stores call it from inside the transaction as rows go in."""
    if stage.startswith("writing") and done:
        raise Injected(stage)


def test_a_cli_import_writes_its_audit_entry_with_the_import(store, data_dir, capsys):
    status, _out, err = run_cli(capsys, "import", "orgchart", str(data_dir / "orgchart_small.csv"),
                                "--store", store.uri, "--quiet")
    assert status == 0, err
    [entry] = audit.recent(store, action="import")
    assert entry["subject"] == "orgchart_small.csv" and entry["actor"].startswith("cli")
    assert entry["details"]["kind"] == "orgchart"
    assert entry["details"]["summary"]["nodes_created"] == store.counts()["nodes"]["Person"]
    assert entry["details"]["run"] == import_runs(store)[0]["id"]


def test_a_batched_import_logs_itself_once_with_the_batch_that_completes_it(store, data_dir):
    path = data_dir / "orgchart_small.csv"
    stages = []

    def cut_off_in_batch_2(stage: str, done: int, total: int) -> None:
        stages.append(stage)
        if stage.startswith("writing batch 2 ") and stages.count(stage) > 1:
            raise Injected(stage)
    with pytest.raises(Injected):
        run_import(store, "orgchart", path, batch_rows=5, progress=cut_off_in_batch_2, actor="ann@example.org")
    assert import_runs(store)[0]["batches_done"] == 1
    assert audit.recent(store, action="import") == []  # not complete: not logged yet
    report = run_import(store, "orgchart", path, batch_rows=5, actor="ann@example.org")
    assert report.resumed == 1 and report.batches > 2
    [entry] = audit.recent(store, action="import")
    assert entry["actor"] == "ann@example.org" and entry["details"]["run"] == report.run_id
    assert entry["details"]["summary"] == report.summary.as_dict()


def test_an_import_failing_inside_its_write_leaves_neither_change_nor_audit_entry(store, data_dir):
    with pytest.raises(Injected):
        run_import(store, "orgchart", data_dir / "orgchart_small.csv", progress=fail_inside_the_write,
                   actor="ann@example.org")
    assert store.counts() == {"nodes": {}, "relationships": {}}
    assert audit.recent(store) == [] and import_runs(store) == []


def _small_graph(store) -> None:
    build(store, {"a": "A", "b": "B", "c": "C"},
          [Tie("KNOWS", "a", "b", {"source": "manual"}), Tie("KNOWS", "b", "c", {"source": "manual"})])


def test_analyze_writes_its_audit_entry_with_the_metrics(store, capsys):
    _small_graph(store)
    status, _out, err = run_cli(capsys, "analyze", "--store", store.uri, "--json")
    assert status == 0, err
    [entry] = audit.recent(store, action="analytics.run")
    assert entry["actor"].startswith("cli") and entry["subject"] == "graph"
    assert entry["details"]["people"] == 3 and entry["details"]["betweenness"] == "exact"
    assert store.get_people(["b"])["b"]["betweenness"] == pytest.approx(1.0)


def test_analyze_failing_inside_its_write_leaves_neither_metrics_nor_audit_entry(store):
    _small_graph(store)

    def fail_in_the_write(message: str) -> None:
        if message.startswith("write:"):
            raise Injected(message)
    with pytest.raises(Injected):
        run_analysis(store, progress=fail_in_the_write, actor="ann@example.org")
    assert not any(field in person for person in store.get_people(["a", "b", "c"]).values()
                   for field in ANALYTICS_FIELDS)
    assert audit.recent(store) == []
