"""Both stores give the same paths, in the same order, with the same warmth and the same
stored pair weights, on a generated org: after an import (interaction signals included),
a re-import that changes evidence, a later weights date (decay), ``analyze``, and an
opt-out and a forgotten channel of interaction evidence."""
from __future__ import annotations

import csv
import random
from datetime import date

import pytest

from graphsvc.analytics import run_analysis
from graphsvc.interaction_privacy import forget_channel, set_sharing
from graphsvc.warm_paths import warm_intro
from importers.generate import generate
from importers.run import run_import
from tests.helpers import WEIGHTS_DATE


def _same_weights(a, b) -> None:
    wa, wb = a.export_weights()[1], b.export_weights()[1]
    assert [(x, y) for x, y, _ in wa] == [(x, y) for x, y, _ in wb]
    assert max((abs(p[2] - q[2]) for p, q in zip(wa, wb)), default=0.0) <= 1e-12
    assert a.weights_as_of() == b.weights_as_of()


def _same_paths(a, b, people, n=40) -> int:
    pairs = [tuple(random.Random(i).sample(people, 2)) for i in range(n)]
    connected = 0
    for source, target in pairs:
        x = warm_intro(a, source, target, k=5, max_hops=4).as_json()
        y = warm_intro(b, source, target, k=5, max_hops=4).as_json()
        assert [p["people"] for p in x["paths"]] == [p["people"] for p in y["paths"]]
        for px, py in zip(x["paths"], y["paths"]):
            assert abs(px["warmth"] - py["warmth"]) <= 1e-9
            assert px["hops"] == py["hops"]
        connected += bool(x["paths"])
    return connected


@pytest.mark.neo4j
def test_generated_org_gives_identical_answers_and_weights_on_both_stores(embedded_store, neo4j_store, tmp_path):
    files = generate(300, tmp_path / "org", seed=7, signals=True)
    stores = (embedded_store, neo4j_store)
    for store in stores:
        for kind, path in (("orgchart", files.orgchart), ("relationships", files.relationships),
                           ("mentorships", files.mentorships), ("people", files.privacy),
                           ("calendar", files.calendar), ("email", files.mail)):
            run_import(store, kind, path)
    assert embedded_store.counts() == neo4j_store.counts()
    assert embedded_store.counts()["relationships"]["INTERACTED"] > 100
    people = sorted(embedded_store.view().people)
    _same_weights(*stores)
    assert _same_paths(*stores, people) >= 10  # enough pairs connect for the comparison to mean something

    # A re-import whose evidence changed re-weighs exactly the pairs it touched, on both.
    with open(files.relationships, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows[0]["until"] = "2025-06-30"  # the project ended: its pair decays from then
    changed = tmp_path / "relationships_changed.csv"
    with open(changed, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    before = dict(((a, b), w) for a, b, w in embedded_store.export_weights()[1])
    for store in stores:
        assert run_import(store, "relationships", changed).summary.relationships_updated >= 1
    after = dict(((a, b), w) for a, b, w in embedded_store.export_weights()[1])
    assert {p for p in after if after[p] != before.get(p)}, "the ended tie lowered its pair's weight"
    _same_weights(*stores)

    # Time passes: refreshed as of a later date, ended ties decay alike on both.
    later = date(WEIGHTS_DATE.year + 3, 1, 1)
    for store in stores:
        store.refresh_weights(later)
    _same_weights(*stores)
    assert _same_paths(*stores, people, n=15)

    # analyze re-weighs as of its day and both stores hold the same analytics.
    for store in stores:
        run_analysis(store, today=WEIGHTS_DATE)
    _same_weights(*stores)
    assert embedded_store.weights_as_of() == WEIGHTS_DATE
    assert _same_paths(*stores, people, n=15)

    # Interaction evidence withdrawn: one person opts out, then all e-mail evidence goes.
    someone = next(t.source for e in embedded_store.export_graph()[0] for t in e.ties if t.type == "INTERACTED")
    for store in stores:
        assert set_sharing(store, someone, False, actor="test").relationships_deleted >= 1
        forget_channel(store, "email", actor="test")
    assert embedded_store.counts() == neo4j_store.counts()
    _same_weights(*stores)
    assert _same_paths(*stores, people, n=15)
