"""Path ranking checked against brute force, and introducer penalties on both stores."""
from __future__ import annotations

import math
import shutil
from datetime import date

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphsvc.cli import main
from graphsvc.embedded import EmbeddedStore
from graphsvc.introducer_load import introducer_penalty
from graphsvc.introductions import open_requests_by_introducer
from graphsvc.warm_paths import warm_intro
from graphsvc.introductions import request_intro
from graphsvc.model import Tie
from graphsvc.neighbourhood import as_arrays, between, on_short_walks
from graphsvc.paths import Walks, top_k_paths
from graphsvc.store import WeightedNeighbourhood
from tests.helpers import build, path_ids

TODAY = date(2026, 1, 1)

STRENGTHS = st.sampled_from([0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.35, 0.72])


@st.composite
def small_graphs(draw):
    """A random graph of up to 8 people with strengths, some of them not passable."""
    n = draw(st.integers(2, 8))
    nodes = [f"n{i}" for i in range(n)]
    pairs = [(a, b) for i, a in enumerate(nodes) for b in nodes[i + 1:]]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))) if pairs else []
    adj: dict[str, dict[str, float]] = {v: {} for v in nodes}
    for a, b in chosen:
        adj[a][b] = adj[b][a] = draw(STRENGTHS)
    blocked = set(draw(st.lists(st.sampled_from(nodes), unique=True, max_size=2)))
    return adj, blocked


@st.composite
def sparse_graphs(draw):
    """Up to 16 people with one to three ties each, some not passable: ends several hops
    apart, people near one end and far from the other."""
    n = draw(st.integers(4, 16))
    nodes = [f"n{i:02d}" for i in range(n)]
    adj: dict[str, dict[str, float]] = {v: {} for v in nodes}
    for i, a in enumerate(nodes):
        for j in draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=3)):
            if j != i:
                adj[a][nodes[j]] = adj[nodes[j]][a] = draw(STRENGTHS)
    blocked = set(draw(st.lists(st.sampled_from(nodes), unique=True, max_size=3)))
    return adj, blocked


def brute_force(adj, source, target, max_hops, blocked, penalty=None):
    """Every simple path within the hop limit through passable people, best first."""
    graph = nx.Graph([(u, v) for u in adj for v in adj[u]])
    graph.add_nodes_from(adj)
    penalty = penalty or {}
    out = []
    for path in nx.all_simple_paths(graph, source, target, cutoff=max_hops):
        if any(p in blocked for p in path[1:-1]):
            continue
        warmth = math.prod(adj[u][v] for u, v in zip(path, path[1:]))
        score = warmth * math.prod(penalty.get(p, 1.0) for p in path[1:-1])
        out.append((score, tuple(path)))
    return sorted(out, key=lambda t: (-t[0], t[1]))


@settings(max_examples=150, deadline=None)
@given(small_graphs(), st.integers(1, 4), st.integers(1, 5))
def test_top_k_equals_brute_force_enumeration(graph, max_hops, k):
    adj, blocked = graph
    source, target = "n0", sorted(adj)[-1]
    if source == target:
        return
    penalty = {"n1": 0.5}
    everything = dict((path, score) for score, path in brute_force(adj, source, target, max_hops, blocked, penalty))
    expected = sorted(everything.values(), reverse=True)[:k]
    found = top_k_paths(adj, source, target, k, max_hops, lambda p: p not in blocked, penalty)
    # the k best scores, best first; each path a real one with the score it claims
    assert [f.score for f in found] == pytest.approx(expected)
    assert len({f.people for f in found}) == len(found)
    for f in found:
        assert everything[f.people] == pytest.approx(f.score)


@settings(max_examples=150, deadline=None)
@given(small_graphs(), st.integers(1, 4), st.integers(1, 6))
def test_equally_warm_paths_come_first_by_ids(graph, max_hops, k):
    """Every tie equally strong: paths of one length are exactly as warm (the same float
    sums), so the order is fewest hops first, then by the people's ids — the order both
    stores rely on to give the same answers."""
    adj, blocked = graph
    adj = {u: {v: 0.5 for v in nbrs} for u, nbrs in adj.items()}
    source, target = "n0", sorted(adj)[-1]
    if source == target:
        return
    everything = [path for _, path in brute_force(adj, source, target, max_hops, blocked)]
    expected = sorted(everything, key=lambda path: (len(path), path))[:k]
    found = top_k_paths(adj, source, target, k, max_hops, lambda p: p not in blocked)
    assert [f.people for f in found] == expected


@settings(max_examples=200, deadline=None)
@given(small_graphs(), st.integers(1, 6), st.integers(1, 5))
def test_ties_on_short_walks_hold_every_path_and_up_to_4_hops_nothing_else(graph, max_hops, k):
    adj, blocked = graph
    source, target = "n0", sorted(adj)[-1]
    if source == target:
        return
    passable = {p: p not in blocked for p in adj}
    near = on_short_walks(WeightedNeighbourhood(adj, passable), source, target, max_hops)
    kept = {frozenset((u, v)) for u in near.weights for v in near.weights[u]}
    on_paths = {frozenset(hop) for _, path in brute_force(adj, source, target, max_hops, blocked)
                for hop in zip(path, path[1:])}
    assert kept >= on_paths
    if max_hops <= 4:
        assert kept == on_paths
    everywhere = top_k_paths(adj, source, target, k, max_hops, passable.get)
    assert top_k_paths(near.weights, source, target, k, max_hops, near.passable.get) == everywhere


@settings(max_examples=80, deadline=None)
@given(st.one_of(small_graphs(), sparse_graphs()), st.integers(2, 6))  # (1 hop: the target is not walked from)
def test_the_snapshot_keeps_the_ties_walking_out_keeps_on_any_graph(tmp_path_factory, graph, max_hops):
    """What the embedded store picks from its arrays (cutting the far ties of the people next
    to the ends first, at 3 and 4 hops) is what the generic walk out keeps."""
    adj, blocked = graph
    people = {p: {"name": p.upper(), "open_to_intros": p not in blocked} for p in adj}
    ties = [Tie("KNOWS", a, b, {"source": "manual"}) for a in adj for b in adj[a] if a < b]
    store = EmbeddedStore(f"sqlite:///{tmp_path_factory.mktemp('g') / 'g.db'}")
    try:
        build(store, people, ties)
        shutil.rmtree(store.path.with_name(store.path.name + ".adjacency"), ignore_errors=True)
        view = EmbeddedStore(store.uri).view()  # a new snapshot, without overlay
        source, target = sorted(adj)[0], sorted(adj)[-1]
        if source == target:
            return
        arrays = view.path_neighbourhood(source, target, max_hops)
        walked = between(store, source, target, max_hops)
        assert arrays.weights == walked.weights
        assert {p: arrays.passable[p] for p in walked.passable} == walked.passable
    finally:
        store.close()


def test_embedded_store_keeps_from_its_arrays_the_ties_walking_out_keeps(embedded_store):
    """A hub tied to both ends keeps only its ties that lead on, from the snapshot's arrays
    as from the generic walk out (which the Neo4j store uses)."""
    people = {p: p.upper() for p in ("s", "t", "hub", "a", "b", "c", "off")} | {f"x{i}": f"X{i}" for i in range(30)}
    people["off"] = {"name": "OFF", "open_to_intros": False}
    ties = [Tie("KNOWS", "hub", p, {"source": "manual"}) for p in people if p != "hub"]
    ties += [Tie("WORKED_WITH", "s", "a", {"kind": "team", "context": "A"}),
             Tie("WORKED_WITH", "a", "b", {"kind": "team", "context": "B"}),
             Tie("WORKED_WITH", "b", "t", {"kind": "team", "context": "C"}),
             Tie("MENTORS", "off", "t"), Tie("MENTORS", "c", "x1")]
    build(embedded_store, people, ties)
    shutil.rmtree(embedded_store.path.with_name(embedded_store.path.name + ".adjacency"))
    view = type(embedded_store)(embedded_store.uri).view()  # a new snapshot, without overlay
    assert not view.overlay
    for max_hops in (2, 3, 4, 5):
        arrays = view.path_neighbourhood("s", "t", max_hops)
        walked = between(embedded_store, "s", "t", max_hops)
        assert arrays.weights == walked.weights
        assert {p: arrays.passable[p] for p in walked.passable} == walked.passable
    assert set(view.path_neighbourhood("s", "t", 4).weights["hub"]) == {"s", "t", "a", "b"}

    # Changes since the snapshot wait in the overlay: a new tie, a weight moved by new
    # evidence, someone no longer open to introductions. The arrays are patched with them.
    store = type(embedded_store)(embedded_store.uri)
    build(store, {"x3": {"name": "X3"}, "a": {"name": "A", "open_to_intros": False}}, [
        Tie("WORKED_WITH", "x3", "t", {"kind": "team", "context": "D"}),
        Tie("MENTORS", "b", "t"), Tie("MENTORS", "a", "x1")])
    view = store.view()
    assert view.overlay
    for max_hops in (2, 3, 4, 5):
        arrays = view.path_neighbourhood("s", "t", max_hops)
        walked = between(store, "s", "t", max_hops)
        assert arrays.weights == walked.weights
        assert {p: arrays.passable[p] for p in walked.passable} == walked.passable
    assert set(view.path_neighbourhood("s", "t", 4).weights["hub"]) == {"s", "t", "b", "x3"}


@settings(max_examples=150, deadline=None)
@given(small_graphs(), st.integers(1, 4))
def test_single_source_best_paths_equal_per_target_top_1(graph, max_hops):
    adj, blocked = graph
    passable = lambda p: p not in blocked  # noqa: E731
    arrays = as_arrays(WeightedNeighbourhood(adj, {p: passable(p) for p in adj}))
    walks = Walks(arrays, arrays.index_of("n0"), max_hops, {arrays.index_of("n2"): 0.6})
    reached = set(walks.reached().tolist())
    for target in adj:
        if target == "n0":
            continue
        i = arrays.index_of(target)
        top = top_k_paths(adj, "n0", target, 1, max_hops, passable, {"n2": 0.6})
        if not top:
            assert i not in reached
        else:
            path = [arrays.ids[j] for j in walks.path(i)]
            assert path[0] == "n0" and path[-1] == target and len(path) - 1 <= max_hops
            assert all(passable(p) for p in path[1:-1])
            assert math.exp(-walks.cost[i]) == pytest.approx(top[0].score)
            assert math.prod(adj[u][v] * (0.6 if v == "n2" and v != target else 1.0)
                             for u, v in zip(path, path[1:])) == pytest.approx(top[0].score)


def test_yen_on_the_same_graph_agrees_when_no_hop_limit_binds():
    """networkx's Yen (weight −log s) lists the same paths in the same order."""
    adj = {"a": {"b": 0.9, "c": 0.3, "d": 0.6}, "b": {"a": 0.9, "t": 0.8, "c": 0.5},
           "c": {"a": 0.3, "b": 0.5, "t": 0.9}, "d": {"a": 0.6, "t": 0.4}, "t": {"b": 0.8, "c": 0.9, "d": 0.4}}
    graph = nx.Graph()
    for u in adj:
        for v, s in adj[u].items():
            graph.add_edge(u, v, cost=-math.log(s))
    yen = [tuple(p) for p in nx.shortest_simple_paths(graph, "a", "t", weight="cost")]
    ours = [p.people for p in top_k_paths(adj, "a", "t", 10, 4, lambda p: True)]
    assert ours == yen


def test_introducer_penalty_is_documented_function_of_open_requests():
    assert introducer_penalty(0, 4) == 1.0
    assert introducer_penalty(2, 4) == pytest.approx(1 / 1.5)
    assert introducer_penalty(4, 4) == pytest.approx(0.5)
    assert introducer_penalty(4, None) == pytest.approx(0.5)  # default capacity 4
    assert introducer_penalty(1, 1) == pytest.approx(0.5)


def test_busy_introducers_are_deprioritised(store, capsys):
    build(store, {"a": "A", "t": "T", "b": {"name": "B", "max_intros_per_month": 2}, "c": "C",
                  "x": "X", "y": "Y"}, [
        Tie("MENTORS", "b", "a"), Tie("KNOWS", "b", "t", {"source": "manual"}),      # 0.9 × 0.5 = 0.45
        Tie("KNOWS", "a", "c", {"source": "manual"}),                                # 0.5 × 0.7 = 0.35
        Tie("WORKED_WITH", "c", "t", {"kind": "team", "context": "T"}),
    ])
    assert path_ids(warm_intro(store, "a", "t")) == [["a", "b", "t"], ["a", "c", "t"]]
    # two open requests wait on B, a month's worth: paths through B count half (0.225 < 0.35)
    request_intro(store, "x", "b", "y")
    request_intro(store, "y", "b", "x")
    result = warm_intro(store, "a", "t", open_requests=open_requests_by_introducer(store))
    assert path_ids(result) == [["a", "c", "t"], ["a", "b", "t"]]
    assert result.paths[1]["warmth"] == pytest.approx(0.45)
    assert result.paths[1]["score"] == pytest.approx(0.225)
    assert main(["intro", "a", "t", "--store", store.uri]) == 0
    assert "2. A → B → T   warmth 0.450, score 0.225 (introducers busy)" in capsys.readouterr().out


@pytest.mark.neo4j
def test_neo4j_reads_in_one_query_what_walking_out_level_by_level_reads(neo4j_store):
    """``weights_around`` and ``path_neighbourhood`` of the Neo4j store (one query each) hand
    over what the generic walk out (one query per level) does, on a graph with a hub,
    impassable people (one of them an end) and people without ties."""
    import random

    import numpy as np

    from graphsvc.store import GraphReads

    rng = random.Random(7)
    ids = [f"p{i:02d}" for i in range(40)]
    people = {p: {"name": p.upper()} for p in ids}
    for p in ("p03", "p11", "p17", "p29"):
        people[p]["open_to_intros"] = False
    people["p23"]["active"] = False
    ties = [Tie("KNOWS", "p00", p, {"source": "manual"}) for p in ids[1:25]]  # a hub
    ties += [Tie("WORKED_WITH", a, b, {"kind": "team", "context": f"{a}{b}"})
             for a, b in {tuple(sorted(rng.sample(ids[1:36], 2))) for _ in range(50)}]
    build(neo4j_store, people, ties)  # p36 … p39 have no tie
    for start in ("p00", "p03", "p05", "p23", "p36", "nobody"):
        for radius in range(4):
            got, want = neo4j_store.weights_around(start, radius), GraphReads.weights_around(neo4j_store, start, radius)
            for name in ("ids", "indptr", "nbr", "weight", "passable"):
                assert np.array_equal(getattr(got, name), getattr(want, name)), (start, radius, name)
    for source, target in (("p05", "p31"), ("p03", "p12"), ("p00", "p29"), ("p36", "p05"), ("p14", "p23")):
        for max_hops in range(1, 7):
            got = neo4j_store.path_neighbourhood(source, target, max_hops)
            want = GraphReads.path_neighbourhood(neo4j_store, source, target, max_hops)
            assert got.weights == want.weights, (source, target, max_hops)
            assert got.passable == want.passable, (source, target, max_hops)
