"""Both stores give the same paths, in the same order, with the same warmth, on a generated org."""
from __future__ import annotations

import random
from datetime import date

import pytest

from graphsvc.intro import warm_intro
from importers.generate import generate
from importers.run import run_import

TODAY = date(2026, 1, 1)


@pytest.mark.neo4j
def test_generated_org_gives_identical_intro_paths_on_both_stores(embedded_store, neo4j_store, tmp_path):
    files = generate(300, tmp_path / "org", seed=7)
    for store in (embedded_store, neo4j_store):
        run_import(store, "orgchart", files.orgchart)
    assert embedded_store.counts() == neo4j_store.counts()

    people = sorted(embedded_store.graph().nodes)
    pairs = [tuple(random.Random(i).sample(people, 2)) for i in range(40)]
    connected = 0
    for source, target in pairs:
        a = warm_intro(embedded_store, source, target, k=5, max_hops=4, today=TODAY).as_json()
        b = warm_intro(neo4j_store, source, target, k=5, max_hops=4, today=TODAY).as_json()
        assert [p["people"] for p in a["paths"]] == [p["people"] for p in b["paths"]]
        for pa, pb in zip(a["paths"], b["paths"]):
            assert abs(pa["warmth"] - pb["warmth"]) <= 1e-9
            assert pa["hops"] == pb["hops"]
        connected += bool(a["paths"])
    assert connected >= 10  # enough pairs are connected for the comparison to mean something
