"""Records (goals, introductions, accounts, audit) on both stores, alone and with graph changes."""
from __future__ import annotations

import pytest

from graphsvc.model import ImportBatch, StoreError, Tie
from graphsvc.records import Record


def test_records_round_trip_filter_and_delete(store):
    store.write_records([
        Record("Goal", "G-1", {"owner": "a", "status": "open", "statement": "Learn <b>Rust</b>"}),
        Record("Goal", "G-2", {"owner": "b", "status": "open", "statement": "Move to Sales"}),
        Record("Goal", "G-3", {"owner": "a", "status": "done", "statement": "Ship"}),
    ])
    assert store.get_record("Goal", "G-1")["statement"] == "Learn <b>Rust</b>"
    assert [g["id"] for g in store.find_records("Goal", owner="a")] == ["G-1", "G-3"]
    assert [g["id"] for g in store.find_records("Goal", owner="a", status="open")] == ["G-1"]
    store.write_records([Record("Goal", "G-1", None)])
    assert store.get_record("Goal", "G-1") is None
    assert store.counts()["nodes"] == {"Goal": 2}


def test_filters_outside_the_allow_list_are_refused(store):
    with pytest.raises(ValueError, match="cannot be filtered"):
        store.find_records("Goal", statement="x")
    with pytest.raises(ValueError, match="unknown record kind"):
        Record("Person", "p", {})


def test_records_and_ties_are_written_together_or_not_at_all(store):
    people = ImportBatch(people={"a": {"name": "A"}, "b": {"name": "B"}})
    store.upsert(people)
    good = ImportBatch()
    good.add_tie(Tie("KNOWS", "a", "b", {"source": "introduction", "since": "2026-01-01"}))
    store.write_records([Record("Introduction", "I-1", {"status": "made"})], good)
    assert store.counts()["relationships"] == {"KNOWS": 1}
    bad = ImportBatch()
    bad.add_tie(Tie("KNOWS", "a", "ghost", {"source": "introduction"}))
    with pytest.raises(StoreError):
        store.write_records([Record("Introduction", "I-2", {"status": "made"})], bad)
    assert store.get_record("Introduction", "I-2") is None
    assert store.counts()["relationships"] == {"KNOWS": 1}
