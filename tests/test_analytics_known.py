"""Connector analytics against published values and networkx, and through both stores.

Published betweenness (unnormalised, each unordered pair once):
* Zachary's karate club (Zachary 1977; values as in Newman, *Networks*, 2010): member 1
  231.07, member 34 160.55, member 33 76.69, member 3 75.85, member 32 73.01 (0-based ids
  0, 33, 32, 2, 31 in networkx). PageRank (α = 0.85): member 34 0.1009, member 1 0.0970.
* Padgett's Florentine families (Wasserman & Faust 1994, table 5.x; Pucci, isolated, left
  out as networkx does): Medici 47.5, Guadagni 23.17, Albizzi 19.33, Salviati 13.0,
  Ridolfi 10.33.
"""
from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import igraph
import networkx as nx
import numpy as np
import pytest

from graphsvc import analytics, csr, pivot_workers
from graphsvc.analytics import (PIVOT_SEED, betweenness, bridge_scores, connectors,
                                pagerank, run_analysis)
from graphsvc.model import ANALYTICS_FIELDS, ImportBatch, Tie
from tests.helpers import ROOT, build

TODAY = date(2026, 1, 1)

KARATE_BETWEENNESS = {0: 231.07, 33: 160.55, 32: 76.69, 2: 75.85, 31: 73.01}
KARATE_PAGERANK = {33: 0.1009, 0: 0.0970}
FLORENTINE_BETWEENNESS = {"Medici": 47.5, "Guadagni": 23.17, "Albizzi": 19.33, "Salviati": 13.0, "Ridolfi": 10.33}


def _indexed(graph: nx.Graph):
    ids = sorted(graph, key=str)
    index = {p: i for i, p in enumerate(ids)}
    return ids, [(index[u], index[v]) for u, v in graph.edges()]


def _raw(normalised: float, n: int) -> float:
    return normalised * (n - 1) * (n - 2) / 2


@pytest.mark.parametrize("graph, published", [
    (nx.karate_club_graph(), KARATE_BETWEENNESS),
    (nx.florentine_families_graph(), FLORENTINE_BETWEENNESS),
])
def test_exact_betweenness_equals_published_values_and_networkx(graph, published):
    ids, pairs = _indexed(graph)
    n = len(ids)
    ours = dict(zip(ids, betweenness(n, pairs)))
    for person, value in published.items():
        assert _raw(ours[person], n) == pytest.approx(value, abs=0.01)
    reference = nx.betweenness_centrality(graph)
    assert ours == pytest.approx(reference, abs=1e-12)


def test_sampled_betweenness_is_networkx_estimator_with_the_same_pivots():
    graph = nx.karate_club_graph()  # people 0..33, so both draw the same pivots
    pairs = list(graph.edges())
    ours = betweenness(34, pairs, pivots=10, seed=PIVOT_SEED)
    reference = nx.betweenness_centrality(graph, k=10, seed=PIVOT_SEED)
    assert ours == pytest.approx([reference[i] for i in range(34)], abs=1e-12)
    assert ours != pytest.approx(betweenness(34, pairs), abs=1e-3)  # really a sample
    # with every person as a pivot the estimate is the exact value
    assert betweenness(34, pairs, pivots=34) == pytest.approx(betweenness(34, pairs))


def test_betweenness_in_worker_processes_is_the_same_bits_as_in_one(monkeypatch):
    """analyze runs the pivots in worker processes on a large graph: the parts are fixed
    and added in order, so the values do not depend on how many processes took them."""
    monkeypatch.setattr(analytics, "PARALLEL_MIN_WORK", 0)
    graph = nx.barabasi_albert_graph(300, 3, seed=7)
    pairs = list(graph.edges())
    pending = analytics.betweenness_started(300, pairs, pivots=40, processes=2)
    assert pending._workers is not None  # really in worker processes
    in_workers = pending.result()
    assert in_workers == betweenness(300, pairs, pivots=40)
    reference = nx.betweenness_centrality(graph, k=40, seed=PIVOT_SEED)
    assert in_workers == pytest.approx([reference[i] for i in range(300)], abs=1e-12)


def test_pagerank_equals_published_and_weighted_networkx():
    graph = nx.karate_club_graph()
    pairs = list(graph.edges())
    ours = pagerank(34, pairs, [1.0] * len(pairs))
    for person, value in KARATE_PAGERANK.items():
        assert ours[person] == pytest.approx(value, abs=5e-5)
    weights = [((u * 7 + v * 3) % 9 + 1) / 10 for u, v in pairs]
    reference = nx.pagerank(graph_with(pairs, weights), weight="weight", tol=1e-12, max_iter=10_000)
    assert pagerank(34, pairs, weights) == pytest.approx([reference[i] for i in range(34)], abs=1e-9)


def test_pagerank_is_the_same_on_every_run():
    """Both stores must store equal values; igraph's PRPACK varied in the last bits."""
    graph = nx.gnm_random_graph(3_000, 12_000, seed=5)
    pairs = list(graph.edges())
    strengths = [((u * 31 + v * 17) % 97 + 1) / 100 for u, v in pairs]
    ours = pagerank(3_000, pairs, strengths)
    assert ours == pagerank(3_000, pairs, strengths)
    reference = nx.pagerank(graph_with(pairs, strengths), tol=1e-12, max_iter=1000)
    assert ours == pytest.approx([reference[i] for i in range(3_000)], abs=1e-12)


def graph_with(pairs, strengths) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(range(max(max(p) for p in pairs) + 1))
    graph.add_weighted_edges_from((u, v, s) for (u, v), s in zip(pairs, strengths))
    return graph


def test_bridge_score_shares_each_department_pair_among_its_bridges():
    # departments A = {0, 1}, B = {2, 3}, C = {4}; ties across A–B: 1–2 (0.6) and 0–3 (0.2);
    # across B–C: 3–4 (0.5), the only one. A–C: none.
    pairs = [(0, 1), (1, 2), (0, 3), (3, 4), (2, 3)]
    strengths = [0.9, 0.6, 0.2, 0.5, 0.7]
    scores = bridge_scores(5, pairs, strengths, ["A", "A", "B", "B", "C"])
    assert scores == pytest.approx([0.25, 0.75, 0.75, 0.25 + 1.0, 1.0])


def test_karate_club_through_a_store(store):
    """Write the club as people and ties, run ``analyze``, read the published values back."""
    graph = nx.karate_club_graph()
    people = {f"k{i:02d}": {"name": f"Member {i + 1}", "department": graph.nodes[i]["club"]} for i in graph}
    ties = [Tie("KNOWS", f"k{u:02d}", f"k{v:02d}", {"source": "manual"}) for u, v in graph.edges()]
    build(store, people, ties)
    summary = run_analysis(store, today=TODAY)
    assert summary["betweenness"] == "exact" and summary["active_people"] == 34 and summary["ties"] == 78
    stored = store.get_people(people)
    for i, value in KARATE_BETWEENNESS.items():
        assert _raw(stored[f"k{i:02d}"]["betweenness"], 34) == pytest.approx(value, abs=0.01)
    for i, value in KARATE_PAGERANK.items():  # every tie 0.5: PageRank as unweighted
        assert stored[f"k{i:02d}"]["pagerank"] == pytest.approx(value, abs=5e-5)
    # every tie between the two factions has equal strength, so a member's bridge score is
    # their share of the cross-faction ties
    cross = [(u, v) for u, v in graph.edges() if graph.nodes[u]["club"] != graph.nodes[v]["club"]]
    for i in graph:
        mine = sum(1 for e in cross if i in e)
        assert stored[f"k{i:02d}"]["bridge_score"] == pytest.approx(mine / len(cross))

    top = connectors(store, top=3)
    assert [r["person_id"] for r in top] == ["k00", "k33", "k32"]
    assert [r["rank"] for r in top] == [1, 2, 3]
    assert set(ANALYTICS_FIELDS) <= set(top[0])
    officers = connectors(store, top=2, department="OFFICER", by="pagerank")
    assert [r["person_id"] for r in officers] == ["k33", "k32"]


def test_analyze_leaves_out_people_who_left_and_lists_only_passable_connectors(store):
    # c has left: the active network is the chain e – a – b – f (departments X X X Y) and d
    # alone; e is not open to introductions.
    build(store, {"a": {"name": "A", "department": "X"}, "b": {"name": "B", "department": "X"},
                  "c": {"name": "C", "department": "Y", "active": False}, "d": {"name": "D", "department": "Y"},
                  "e": {"name": "E", "department": "X", "open_to_intros": False},
                  "f": {"name": "F", "department": "Y"}},
          [Tie("KNOWS", "a", "b"), Tie("KNOWS", "b", "c"), Tie("KNOWS", "c", "d"),
           Tie("KNOWS", "a", "e"), Tie("KNOWS", "b", "f")])
    run_analysis(store, today=TODAY)
    stored = store.get_people("abcdef")
    # a lies on e–b and e–f, b on a–f and e–f: 2 pairs of the (5−1)(5−2)/2 = 6
    assert {p: v["betweenness"] for p, v in stored.items()} == pytest.approx(
        {"a": 1 / 3, "b": 1 / 3, "c": 0.0, "d": 0.0, "e": 0.0, "f": 0.0})
    # b – f is the only tie between X and Y among active people (b – c no longer counts)
    assert {p: v["bridge_score"] for p, v in stored.items()} == pytest.approx(
        {"a": 0.0, "b": 1.0, "c": 0.0, "d": 0.0, "e": 0.0, "f": 1.0})
    assert stored["c"]["pagerank"] == 0.0 and stored["d"]["pagerank"] > 0
    assert [r["person_id"] for r in connectors(store, top=10)] == ["a", "b", "d", "f"]
    with pytest.raises(ValueError, match="cannot rank connectors by 'name'"):
        connectors(store, by="name")


def test_large_graphs_are_sampled_with_the_bound_reported(store):
    people = {f"p{i:03d}": {"name": f"P{i}"} for i in range(12)}
    build(store, people, [Tie("KNOWS", f"p{i:03d}", f"p{i + 1:03d}") for i in range(11)])
    summary = run_analysis(store, today=TODAY, exact_max=10, pivots=6)
    assert summary["betweenness"] == "sampled" and summary["pivots"] == 6
    # ε = sqrt(ln(2/δ) / 2(k−1)) with δ = 0.05, k = 6
    assert summary["error_bound"] == pytest.approx(math.sqrt(math.log(40) / 10), abs=1e-4)
    exact = run_analysis(store, today=TODAY, exact_max=10, pivots=12)
    assert exact["betweenness"] == "exact"


def test_a_failing_betweenness_worker_is_reported_and_cleaned_up():
    workers = pivot_workers.start(3, [(0, -1)], [[0], [1]], 2)  # no person −1: igraph refuses
    with pytest.raises(RuntimeError, match="a betweenness worker failed: .*"):
        workers.sums()
    workers.stop()
    assert not workers.folder.exists()


_BUSY_PARENT = """
import sys, time, igraph
from graphsvc import pivot_workers
edges = igraph.Graph.Barabasi(30000, 3).get_edgelist()
workers = pivot_workers.start(30000, edges, [list(range(i, 30000, 2)) for i in range(2)], 2)
print(workers.folder, *(p.pid for p in workers.processes), flush=True)
time.sleep(600)
"""


def test_workers_of_a_killed_analyze_die_with_it_and_their_folder_goes_next_time():
    """``kill -9`` of analyze (or of a web worker running it) leaves no worker computing for
    minutes on end, and the next start removes the folder it left."""
    parent = subprocess.Popen([sys.executable, "-c", _BUSY_PARENT], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    folder, *pids = parent.stdout.readline().split()
    pids = [int(pid) for pid in pids]
    try:
        assert all(_running(pid) for pid in pids)  # busy for a minute: 15,000 sources each
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 10
        while any(_running(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_running(pid) for pid in pids)
    finally:
        for pid in filter(_running, pids):
            os.kill(pid, signal.SIGKILL)
    assert Path(folder).exists()
    pivot_workers.start(3, [(0, 1)], [[0]], 1).stop()
    assert not Path(folder).exists()


def _running(pid: int) -> bool:
    """Alive and not a zombie (a killed worker is reaped by init, not by the test)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def test_analysis_graph_of_the_narrow_read_is_that_of_every_property(store):
    """``analyze`` reads people through ``export_analysis`` (the embedded store picks
    ``active`` and ``department`` out in SQL): the graph must be the one the whole
    properties give, whatever form those two fields take."""
    build(store, {"a": {"name": "A", "department": "X"}, "b": {"name": "B", "active": False, "department": "Y"},
                  "c": {"name": "C", "active": True, "department": ""}, "d": {"name": "D", "department": 7},
                  "e": {"name": "E", "department": ["Z"]}, "f": {"name": "F"},
                  "g": {"name": "G", "active": 0, "department": "Ü\"x"}},
          [Tie("KNOWS", "a", "b"), Tie("KNOWS", "a", "c"), Tie("KNOWS", "c", "d"), Tie("KNOWS", "d", "e"),
           Tie("KNOWS", "e", "f"), Tie("KNOWS", "f", "g"), Tie("KNOWS", "a", "g")])
    narrow, whole = analytics.analysis_graph(*store.export_analysis()), analytics.analysis_graph(*store.export_weights())
    assert narrow.ids == whole.ids == ["a", "c", "d", "e", "f", "g"]  # b left; active 0 is not false
    assert narrow.departments == whole.departments == ["X", None, 7, ["Z"], None, "Ü\"x"]
    assert narrow.pairs.tolist() == whole.pairs.tolist() == [[0, 1], [0, 5], [1, 2], [2, 3], [3, 4], [4, 5]]
    assert narrow.strengths.tolist() == whole.strengths.tolist()
    assert len(store.export_analysis()[0]) == 7
    store.upsert(ImportBatch(people={"h": {"name": "H"}}, ties=[Tie("KNOWS", "a", "h")]))  # a change since
    narrow, whole = analytics.analysis_graph(*store.export_analysis()), analytics.analysis_graph(*store.export_weights())
    assert narrow.ids == whole.ids and narrow.departments == whole.departments
    assert narrow.pairs.tolist() == whole.pairs.tolist() and narrow.strengths.tolist() == whole.strengths.tolist()
    assert len(narrow.pairs) == 7


def test_analysis_graph_of_csr_arrays_is_that_of_the_pairs():
    """The embedded store hands its snapshot's arrays instead of pairs: the same graph,
    pairs in the same order, with people who left and people the arrays do not know."""
    graph = nx.gnm_random_graph(300, 1_200, seed=11)
    name = lambda i: f"p{i * 7919 % 300:03d}"  # noqa: E731  ids in another order than the numbers
    pairs = [(min(name(u), name(v)), max(name(u), name(v)), ((u * 13 + v) % 97 + 1) / 100) for u, v in graph.edges()]
    people = {name(i): {"active": i % 9 != 0} for i in range(300) if i != 5}  # p... of 5: unknown here
    people["extra"] = {}  # known here, not in the arrays
    snapshot = csr.build(1, [(name(i), True) for i in range(300)], pairs)
    from_arrays, from_pairs = analytics.analysis_graph(people, snapshot), analytics.analysis_graph(people, pairs)
    assert from_arrays.ids == from_pairs.ids and from_arrays.departments == from_pairs.departments
    assert from_arrays.pairs.tolist() == from_pairs.pairs.tolist() and len(from_pairs.pairs) > 900
    assert from_arrays.strengths.tolist() == from_pairs.strengths.tolist()


def test_analysis_graph_sorts_the_pairs_and_keeps_active_ends_only():
    people = {"a": {}, "b": {"active": False}, "c": {"department": "X"}}
    graph = analytics.analysis_graph(people, [("a", "c", 0.25), ("b", "c", 0.5), ("a", "b", 0.75)])
    assert graph.ids == ["a", "c"] and graph.departments == [None, "X"]
    assert graph.pairs.tolist() == [[0, 1]] and graph.strengths.tolist() == [0.25]
    empty = analytics.analysis_graph(people, [])
    assert empty.pairs.shape == (0, 2) and bridge_scores(2, empty.pairs, empty.strengths, empty.departments) == [0.0, 0.0]


def test_hop_graph_from_an_array_is_the_graph_of_the_list():
    """Workers build the graph from the saved array; its edges, in order, are the list's."""
    graph = nx.barabasi_albert_graph(200, 3, seed=3)
    pairs = list(graph.edges())
    built = analytics.hop_graph(200, np.asarray(pairs, dtype=np.int32))
    assert built.get_edgelist() == igraph.Graph(n=200, edges=pairs).get_edgelist()
    assert analytics.hop_graph(200, pairs).get_edgelist() == built.get_edgelist() and not built.is_directed()
    assert analytics.hop_graph(2, []).vcount() == 2
