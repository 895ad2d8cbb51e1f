"""Dump and restore: the whole store through a portable file, between stores of either kind."""
from __future__ import annotations

import json

import pytest

from graphsvc import erasure
from graphsvc.analytics import run_analysis
from graphsvc.dump import DumpInvalid, RestoreRefused, restore, write_dump
from graphsvc.embedded import EmbeddedStore
from graphsvc.import_journal import JOURNAL_KIND
from graphsvc.model import StoreError, Tie
from graphsvc.warm_paths import warm_intro
from importers.run import run_import
from tests.helpers import DATA, WEIGHTS_DATE, build, seed


def populate(store) -> None:
    """Something of everything: people, ties of each type, organisations and tenures, goals,
    introductions, accounts with secrets, the audit log, the import journal, analytics scores
    and an erasure."""
    seed(store)
    # ids beyond ASCII, so that both stores must sort them alike (by code point)
    build(store, {"Åsa": "Åsa Berg", "zoë": "Zoë Lin", "\U0001d538x": "Double-struck", "\uff21": "Fullwidth"},
          [Tie("KNOWS", "Åsa", "zoë", {"source": "manual"}), Tie("KNOWS", "\uff21", "\U0001d538x", {"source": "manual"}),
           Tie("KNOWS", "eve", "\uff21", {"source": "manual"})])
    for kind, name in (("orgchart", "orgchart_small.csv"), ("positions", "import_positions.csv"),
                       ("relationships", "import_relationships.csv")):
        run_import(store, kind, DATA / name)
    run_analysis(store, today=WEIGHTS_DATE)
    erasure.erase(store, "img", actor="admin@example.org")


def answers(store) -> list:
    """What the questions answer on a store: counts and a few warm paths."""
    return [store.counts(), store.weights_as_of(),
            *(warm_intro(store, a, b).as_json() for a, b in (("eve", "tom"), ("E5", "E7"), ("E8", "E2")))]


@pytest.fixture(scope="module")
def dump_file(tmp_path_factory):
    """The dump of a populated embedded store, made once for the tests that only read it."""
    folder = tmp_path_factory.mktemp("dump")
    with EmbeddedStore(f"sqlite:///{folder / 'source.db'}") as source:
        source.refresh_weights(WEIGHTS_DATE)
        populate(source)
        write_dump(source, folder / "d.jsonl")
    return folder / "d.jsonl"


def _round_trip(source, target, tmp_path) -> None:
    populate(source)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    counts = write_dump(source, first)
    assert counts["person"] == 18 and counts["tie"] > 10 and counts["position"] == 6 and counts["record"] > 20
    restored = restore(target, first)
    assert restored["counts"] == counts
    write_dump(target, second)
    assert second.read_bytes() == first.read_bytes()
    assert answers(target) == answers(source)
    assert target.find_records(JOURNAL_KIND, import_kind="restore") == []


@pytest.mark.neo4j
def test_embedded_to_neo4j_and_back_gives_the_same_dump(embedded_store, neo4j_store, tmp_path):
    _round_trip(embedded_store, neo4j_store, tmp_path)


@pytest.mark.neo4j
def test_neo4j_to_embedded_gives_the_same_dump(embedded_store, neo4j_store, tmp_path):
    _round_trip(neo4j_store, embedded_store, tmp_path)


def test_a_dump_is_json_lines_with_a_header_and_an_end(dump_file):
    lines = [json.loads(line) for line in dump_file.read_text().splitlines()]
    assert lines[0] == {"format": "intrograph-dump", "version": 1, "weights_as_of": "2026-01-01"}
    sections = [next(iter(line)) for line in lines[1:-1]]
    assert lines[-1] == {"end": {s: sections.count(s) for s in ("person", "organization", "tie", "position", "record")}}
    assert sections == sorted(sections, key=["person", "organization", "tie", "position", "record"].index)
    people = [line["person"] for line in lines if "person" in line]
    assert [p["person_id"] for p in people] == sorted(p["person_id"] for p in people)
    assert all("betweenness" in p for p in people)  # analytics scores are kept
    accounts = [line["record"]["data"] for line in lines if line.get("record", {}).get("kind") == "Account"]
    assert accounts and all(a["password_hash"] for a in accounts)  # a restored store lets people log in


def test_restore_refuses_a_store_that_is_not_empty(embedded_store, dump_file):
    restore(embedded_store, dump_file)
    before = list(embedded_store.contents())
    with pytest.raises(RestoreRefused, match=r"is not empty \(.*Person.*\); nothing was written"):
        restore(embedded_store, dump_file)
    assert list(embedded_store.contents()) == before


@pytest.mark.parametrize("section, change, message", [
    ("format", lambda head: {**head, "version": 2}, "version: .* version 2, written by a newer intrograph"),
    ("format", lambda head: {"format": "something else"}, "not an intrograph dump"),
    ("person", lambda item: {"person": {"name": "No Id"}}, "person: a person needs a person_id"),
    ("person", lambda item: {"person": {**item["person"], "nested": {"a": 1}}}, "person: property 'nested'"),
    ("tie", lambda item: {"tie": {**item["tie"], "source": "ghost"}}, "tie: the tie's source 'ghost' is no person"),
    ("record", lambda item: {"goal": {}}, "each line must be an object with one key"),
    ("position", lambda item: {"person": item}, "person: a person line after the tie lines"),
])
def test_a_bad_line_is_named_and_nothing_is_written(embedded_store, dump_file, tmp_path, section, change, message):
    lines = dump_file.read_text().splitlines()
    number = next(n for n, line in enumerate(lines, start=1) if section in json.loads(line))
    lines[number - 1] = json.dumps(change(json.loads(lines[number - 1])))
    (tmp_path / "bad.jsonl").write_text("\n".join(lines) + "\n")
    with pytest.raises(DumpInvalid, match=f"bad.jsonl:{number}: {message}"):
        restore(embedded_store, tmp_path / "bad.jsonl")
    assert list(embedded_store.contents()) == []


def test_a_cut_or_broken_file_is_refused(embedded_store, dump_file, tmp_path):
    lines = dump_file.read_bytes().splitlines(keepends=True)
    (tmp_path / "cut.jsonl").write_bytes(b"".join(lines[:-5]))
    with pytest.raises(DumpInvalid, match="ends without its end line: it was cut off"):
        restore(embedded_store, tmp_path / "cut.jsonl")
    (tmp_path / "broken.jsonl").write_bytes(b"".join(lines[:7]) + b"[" * 100_000 + b"\n" + b"".join(lines[8:]))
    with pytest.raises(DumpInvalid, match=r"broken.jsonl:8: not JSON"):
        restore(embedded_store, tmp_path / "broken.jsonl")
    assert list(embedded_store.contents()) == []


def test_a_restore_cut_off_between_transactions_is_finished_by_running_it_again(embedded_store, dump_file,
                                                                                tmp_path):
    target = embedded_store
    target.transaction_rows = 7
    write = target.write_records
    calls = []

    def failing_third(*args, **kw):
        calls.append(1)
        if len(calls) == 3:
            raise StoreError("the disk is full")
        return write(*args, **kw)
    target.write_records = failing_third
    with pytest.raises(StoreError, match="disk is full"):
        restore(target, dump_file)
    (run,) = target.find_records(JOURNAL_KIND, import_kind="restore")
    assert run["batches_done"] == 2 and run["status"] == "incomplete" and run["batches"] > 3

    done = restore(target, dump_file)
    assert done["resumed"] == 2 and len(calls) == run["batches"] + 1
    write_dump(target, tmp_path / "again.jsonl")
    assert (tmp_path / "again.jsonl").read_bytes() == dump_file.read_bytes()
