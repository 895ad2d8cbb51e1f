"""The embedded store's compact adjacency: shared on disk, caught up exactly, equal to networkx."""
from __future__ import annotations

import random

import networkx as nx
import numpy as np

from graphsvc import embedded_graph
from graphsvc.embedded import EmbeddedStore
from graphsvc.model import ImportBatch, Tie
from graphsvc.strength import edge_strength
from tests.helpers import WEIGHTS_DATE


def _random_batch(rng: random.Random, n: int, ties: int, prefix: str = "p") -> ImportBatch:
    batch = ImportBatch()
    for i in range(n):
        batch.people[f"{prefix}{i:04d}"] = {"name": f"P {i}", "open_to_intros": rng.random() > 0.1}
    ids = sorted(batch.people)
    for _ in range(ties):
        a, b = rng.sample(ids, 2)
        kind = rng.choice(["KNOWS", "WORKED_WITH", "MENTORS"])
        props = {"source": "manual"} if kind == "KNOWS" else \
            {"kind": "project", "context": rng.choice("ABC"), "since": "2020-01-01"} if kind == "WORKED_WITH" else {}
        batch.add_tie(Tie(kind, a, b, props))
    return batch


def _networkx_reference(store: EmbeddedStore) -> nx.Graph:
    """The graph as networkx holds it, weighed from the evidence (the old way)."""
    edges, people = store.export_graph()
    graph = nx.Graph()
    graph.add_nodes_from(people)
    graph.add_weighted_edges_from((e.a, e.b, edge_strength(e, WEIGHTS_DATE)) for e in edges)
    return graph


def _assert_matches_reference(store: EmbeddedStore) -> None:
    reference = _networkx_reference(store)
    view = store.view()
    assert set(view.people) == set(reference.nodes)
    for p in reference.nodes:
        assert view.neighbours_of(p) == {q: d["weight"] for q, d in reference[p].items()}


def test_snapshot_is_saved_beside_the_file_and_mapped_by_a_new_process(embedded_store, monkeypatch):
    embedded_store.upsert(_random_batch(random.Random(1), 3_000, 9_000))  # large: snapshot built now
    root = embedded_store.path.with_name(embedded_store.path.name + ".adjacency")
    assert [p.name for p in root.iterdir() if p.name.startswith("v")], "a snapshot was saved"
    other = EmbeddedStore(embedded_store.uri)

    def no_build(*_args, **_kwargs):
        raise AssertionError("a second process must map the saved snapshot, not rebuild it")
    monkeypatch.setattr(other._cache, "build", no_build)
    assert other.view().snapshot.version == embedded_store.view().snapshot.version
    assert isinstance(other.view().snapshot.weight.base, np.memmap)  # mapped from the file, not read
    _assert_matches_reference(other)


def test_small_changes_ride_an_overlay_and_large_ones_make_a_new_snapshot(embedded_store, monkeypatch):
    monkeypatch.setattr(embedded_graph, "OVERLAY_MAX", 50)
    rng = random.Random(2)
    embedded_store.upsert(_random_batch(rng, 400, 1_200))
    reader = EmbeddedStore(embedded_store.uri)
    first = reader.view().snapshot
    # a few people change: opted out, a new tie, a new person tied to a hub
    batch = ImportBatch(people={"p0001": {"open_to_intros": False}, "new": {"name": "New"}})
    batch.add_tie(Tie("KNOWS", "new", "p0002", {"source": "manual"}))
    batch.add_tie(Tie("MENTORS", "p0003", "p0004"))
    embedded_store.upsert(batch)
    view = reader.view()
    assert view.snapshot is first and "new" in view.overlay
    assert not view.is_passable("p0001") and view.neighbours_of("p0002")["new"] > 0
    _assert_matches_reference(reader)
    # many change: the overlay would grow past its limit, so a fresh snapshot is made
    embedded_store.upsert(_random_batch(rng, 400, 300))
    view = reader.view()
    assert view.snapshot.version > first.version and not view.overlay
    _assert_matches_reference(reader)


def test_a_view_in_use_never_changes_under_a_reader(embedded_store):
    embedded_store.upsert(_random_batch(random.Random(3), 200, 600))
    before = embedded_store.view()
    people = dict(before.people)
    embedded_store.upsert(ImportBatch(people={"p0000": {"name": "Renamed"}, "z": {"name": "Z"}}))
    assert before.people == people  # the old view is untouched; a new one was swapped in
    assert embedded_store.view().people["p0000"]["name"] == "Renamed"


def test_a_write_of_metrics_only_carries_the_snapshot_over_and_any_other_rebuilds_it(embedded_store, monkeypatch):
    """``analyze`` writes its metrics onto everyone: no tie or passability changes, so the
    snapshot of the version before is saved as the new version's instead of rebuilt."""
    embedded_store.upsert(_random_batch(random.Random(4), 2_100, 4_000))  # past OVERLAY_MAX people
    before = embedded_store.view().snapshot
    ids = sorted(embedded_store.view().people)
    built, build = [], embedded_store._cache.build
    monkeypatch.setattr(embedded_store._cache, "build", lambda cur, version: built.append(version) or build(cur, version))

    embedded_store.write_records([], ImportBatch(people={p: {"pagerank": 0.5, "betweenness": 0.25} for p in ids}))
    view = embedded_store.view()
    assert view.snapshot.version == before.version + 1 and not built and not view.overlay
    assert view.people[ids[0]]["pagerank"] == 0.5
    for name in ("ids", "indptr", "nbr", "weight", "passable"):
        assert np.array_equal(getattr(view.snapshot, name), getattr(before, name))
    _assert_matches_reference(embedded_store)
    assert EmbeddedStore(embedded_store.uri).view().snapshot.version == before.version + 1  # on disk

    # anything else may change ties or passability: everyone closed to introductions
    embedded_store.write_records([], ImportBatch(people={p: {"pagerank": 0.25, "open_to_intros": False} for p in ids}))
    assert built == [before.version + 2]
    assert not embedded_store.view().snapshot.passable.any()
