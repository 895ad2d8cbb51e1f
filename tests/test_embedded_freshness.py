"""Several processes share one embedded store file; each answers from the latest commit."""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import networkx as nx

from graphsvc.embedded import EmbeddedStore
from graphsvc.intro import warm_intro
from graphsvc.model import ImportBatch, Tie

TODAY = date(2026, 1, 1)


def _graph_signature(graph: nx.Graph):
    nodes = sorted((n, sorted(d.items(), key=str)) for n, d in graph.nodes(data=True))
    edges = sorted((min(a, b), max(a, b), [t.key for t in d["ties"]]) for a, b, d in graph.edges(data=True))
    return nodes, edges


def test_a_second_process_writing_is_seen_before_the_next_answer(tmp_path, data_dir):
    uri = f"sqlite:///{tmp_path / 's.db'}"
    reader = EmbeddedStore(uri)
    reader.upsert(ImportBatch(people={"a": {"name": "A"}, "b": {"name": "B"}}))
    assert warm_intro(reader, "a", "b", today=TODAY).paths == []  # graph now loaded in memory

    # another process (the CLI beside a running server) adds a tie
    script = ("from graphsvc.embedded import EmbeddedStore; from graphsvc.model import ImportBatch, Tie;"
              f"s = EmbeddedStore({uri!r}); b = ImportBatch(); b.add_tie(Tie('MENTORS', 'a', 'b'));"
              "s.upsert(b)")
    subprocess.run([sys.executable, "-c", script], check=True)
    paths = warm_intro(reader, "a", "b", today=TODAY).paths
    assert [p["person_id"] for p in paths[0]["people"]] == ["a", "b"]

    subprocess.run([sys.executable, "-m", "graphsvc.cli", "import", "orgchart",
                    str(data_dir / "orgchart_small.csv"), "--store", uri], check=True, capture_output=True)
    assert reader.resolve("E5") == "E5"
    assert warm_intro(reader, "E5", "E7", today=TODAY).paths


def test_incremental_catch_up_equals_a_fresh_load(tmp_path, data_dir):
    uri = f"sqlite:///{tmp_path / 's.db'}"
    old, writer = EmbeddedStore(uri), EmbeddedStore(uri)
    writer.upsert(ImportBatch(people={"x": {"name": "X"}}))
    old.graph()
    from importers.run import run_import
    run_import(writer, "orgchart", data_dir / "orgchart_small.csv")
    batch = ImportBatch(people={"E5": {"name": "Eun Kim", "open_to_intros": False}})
    batch.add_tie(Tie("KNOWS", "x", "E5", {"source": "manual"}))
    writer.upsert(batch)
    assert _graph_signature(old.graph()) == _graph_signature(EmbeddedStore(uri).graph())
    writer.delete_everything()
    assert old.graph().number_of_nodes() == 0
