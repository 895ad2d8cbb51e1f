"""Several processes share one embedded store file; each answers from the latest commit."""
from __future__ import annotations

import subprocess
import sys

from graphsvc.embedded import EmbeddedStore
from graphsvc.warm_paths import warm_intro
from graphsvc.model import ImportBatch, Tie


def _view_signature(view):
    """Everything a view answers: people, each one's pair weights, who may be passed through."""
    return ({p: view.people[p] for p in sorted(view.people)},
            {p: sorted(view.neighbours_of(p).items()) for p in sorted(view.people)},
            {p: view.is_passable(p) for p in sorted(view.people)})


def test_a_second_process_writing_is_seen_before_the_next_answer(tmp_path, data_dir):
    uri = f"sqlite:///{tmp_path / 's.db'}"
    reader = EmbeddedStore(uri)
    reader.upsert(ImportBatch(people={"a": {"name": "A"}, "b": {"name": "B"}}))
    assert warm_intro(reader, "a", "b").paths == []  # graph now loaded in memory

    # another process (the CLI beside a running server) adds a tie
    script = ("from graphsvc.embedded import EmbeddedStore; from graphsvc.model import ImportBatch, Tie;"
              f"s = EmbeddedStore({uri!r}); b = ImportBatch(); b.add_tie(Tie('MENTORS', 'a', 'b'));"
              "s.upsert(b)")
    subprocess.run([sys.executable, "-c", script], check=True)
    paths = warm_intro(reader, "a", "b").paths
    assert [p["person_id"] for p in paths[0]["people"]] == ["a", "b"]

    subprocess.run([sys.executable, "-m", "graphsvc.cli", "import", "orgchart",
                    str(data_dir / "orgchart_small.csv"), "--store", uri], check=True, capture_output=True)
    assert reader.resolve("E5") == "E5"
    assert warm_intro(reader, "E5", "E7").paths


def test_incremental_catch_up_equals_a_fresh_load(tmp_path, data_dir):
    uri = f"sqlite:///{tmp_path / 's.db'}"
    old, writer = EmbeddedStore(uri), EmbeddedStore(uri)
    writer.upsert(ImportBatch(people={"x": {"name": "X"}}))
    old.view()
    from importers.run import run_import
    run_import(writer, "orgchart", data_dir / "orgchart_small.csv")
    batch = ImportBatch(people={"E5": {"name": "Eun Kim", "open_to_intros": False}})
    batch.add_tie(Tie("KNOWS", "x", "E5", {"source": "manual"}))
    writer.upsert(batch)
    assert _view_signature(old.view()) == _view_signature(EmbeddedStore(uri).view())
    writer.delete_everything()
    assert old.view().people == {}
