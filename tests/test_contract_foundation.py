"""The contract every store keeps: each test runs on the embedded store and on real Neo4j."""
from __future__ import annotations

import pytest

from graphsvc.warm_paths import warm_intro
from graphsvc.model import ImportBatch, PersonNotFound, StoreError, Tie
from importers.problems import ImportRejected
from importers.run import run_import
from tests.helpers import build, path_ids


def test_orgchart_import_counts_and_is_idempotent(store, data_dir):
    first = run_import(store, "orgchart", data_dir / "orgchart_small.csv")
    assert first.summary.nodes_created == 8
    counts = store.counts()
    # 7 reporting lines; teams: E2,E3 under E1 (1 pair), E5,E6 under E4 (1), E7,E8 under E3 (1)
    assert counts == {"nodes": {"Person": 8}, "relationships": {"REPORTS_TO": 7, "WORKED_WITH": 3}}
    second = run_import(store, "orgchart", data_dir / "orgchart_small.csv")
    assert not second.summary.changed
    assert second.summary.nodes_unchanged == 8 and second.summary.relationships_unchanged == 10
    assert store.counts() == counts


def test_emails_are_stored_lower_case_and_matched_case_insensitively(store, data_dir):
    run_import(store, "orgchart", data_dir / "orgchart_small.csv")
    assert store.resolve("ANA.RUIZ@example.com") == "E1"
    assert store.get_person("E1")["email"] == "ana.ruiz@example.com"
    run_import(store, "orgchart", data_dir / "orgchart_aliases.json")
    assert store.resolve("alan@EXAMPLE.com") == "P2"
    paths = warm_intro(store, "P2", "P3").paths
    assert [p["person_id"] for p in paths[0]["people"]] == ["P2", "P3"]  # same team under Ada
    with pytest.raises(PersonNotFound):
        store.resolve("nobody@example.com")


def test_a_changed_email_url_or_name_moves_the_lookups_and_other_changes_keep_them(store):
    """The embedded store writes only the JSON of a person whose e-mail, LinkedIn URL and
    search key stay as stored; a change of any of them must still reach its column."""
    build(store, {"a": {"name": "Ann Lee", "email": "ann@example.com", "linkedin_url": "https://l/ann"},
                  "b": {"name": "Bo Chen", "email": "bo@example.com"}}, [])
    store.upsert(ImportBatch(people={"a": {"pagerank": 0.5}, "b": {"title": "CTO"}}))
    assert store.resolve("ann@example.com") == "a" and store.resolve("bo@example.com") == "b"
    assert [p["person_id"] for p in store.find_people(linkedin_urls=["https://l/ann"])] == ["a"]
    assert [p["person_id"] for p in store.people_named("ann lee")] == ["a"]
    store.upsert(ImportBatch(people={"a": {"email": "Ann.Lee@Example.com", "linkedin_url": "https://l/annlee"},
                                     "b": {"name": "Bo Chan"}}))
    assert store.resolve("ann.lee@example.com") == "a" and store.resolve("bo@example.com") == "b"
    with pytest.raises(PersonNotFound):
        store.resolve("ann@example.com")
    assert [p["person_id"] for p in store.find_people(linkedin_urls=["https://l/annlee"])] == ["a"]
    assert store.find_people(linkedin_urls=["https://l/ann"]) == []
    assert [p["person_id"] for p in store.people_named("bo chan")] == ["b"] and store.people_named("bo chen") == []
    assert store.get_person("a")["pagerank"] == 0.5 and store.get_person("b")["title"] == "CTO"


def test_bom_and_aliases(store, data_dir):
    run_import(store, "orgchart", data_dir / "orgchart_bom.csv")
    assert store.get_person("X2")["name"] == "Yan Yu"
    assert store.counts()["relationships"] == {"REPORTS_TO": 1}


def test_malformed_orgchart_names_every_bad_line_and_writes_nothing(store, data_dir):
    run_import(store, "orgchart", data_dir / "orgchart_small.csv")
    before = store.counts()
    with pytest.raises(ImportRejected) as caught:
        run_import(store, "orgchart", data_dir / "orgchart_bad.csv")
    text = str(caught.value)
    file = str(data_dir / "orgchart_bad.csv")
    for expected in (f"{file}:3: Email: malformed e-mail 'bob@example'",
                     f"{file}:4: Name: missing name",
                     f"{file}:5: Manager ID: unknown manager 'ZZ9'",
                     f"{file}:6: Employee ID: duplicate id 'A2' (first on line 3)",
                     f"{file}:7: Manager ID: reporting cycle",
                     f"{file}:8: Manager ID: reporting cycle",
                     f"{file}:9: Employee ID: missing id",
                     f"{file}:10: Manager ID: a person cannot report to themselves"):
        assert expected in text, f"{expected!r} not in\n{text}"
    assert store.counts() == before


def test_dry_run_reports_and_writes_nothing(store, data_dir):
    report = run_import(store, "orgchart", data_dir / "orgchart_small.csv", dry_run=True)
    assert report.summary.nodes_created == 8 and report.summary.relationships_created == 10
    assert store.counts() == {"nodes": {}, "relationships": {}}


def test_ties_to_unknown_people_roll_back_the_whole_batch(store):
    batch = ImportBatch()
    batch.people = {"a": {"name": "A"}, "b": {"name": "B"}}
    batch.add_tie(Tie("KNOWS", "a", "b", {"source": "manual"}))
    batch.add_tie(Tie("KNOWS", "a", "ghost", {"source": "manual"}))
    with pytest.raises(StoreError, match="not in the store"):
        store.upsert(batch)
    assert store.counts() == {"nodes": {}, "relationships": {}}


def test_manager_may_already_be_in_the_store(store, data_dir, tmp_path):
    run_import(store, "orgchart", data_dir / "orgchart_small.csv")
    extra = tmp_path / "new_hires.csv"
    extra.write_text("Employee ID,Name,Manager ID\nE9,Ivo Ilic,E4\n", encoding="utf-8")
    run_import(store, "orgchart", extra)
    assert store.resolve("E9") == "E9"
    # E9 now shares a team with E5 and E6
    assert store.counts()["relationships"]["WORKED_WITH"] == 5


# --------------------------------------------------------------------- paths

def test_warmest_path_is_not_the_shortest(store):
    build(store, {"a": "A", "b": "B", "c": "C", "d": "D", "t": "T"}, [
        Tie("KNOWS", "a", "t", {"source": "linkedin"}),          # 0.3 directly
        Tie("MENTORS", "b", "a", {"program": "P"}),              # 0.9
        Tie("REPORTS_TO", "b", "t", {"kind": "solid"}),          # 0.8 → 0.72 via b
        Tie("WORKED_WITH", "a", "c", {"kind": "company", "context": "Initech"}),  # 0.4
        Tie("WORKED_WITH", "c", "d", {"kind": "team", "context": "X"}),
        Tie("WORKED_WITH", "d", "t", {"kind": "team", "context": "X"}),
    ])
    result = warm_intro(store, "a", "t", k=5, max_hops=4)
    assert path_ids(result) == [["a", "b", "t"], ["a", "t"], ["a", "c", "d", "t"]]
    assert result.paths[0]["warmth"] == pytest.approx(0.9 * 0.8)
    assert result.paths[0]["hops"][0]["evidence"] == ["A mentored by B in P"]
    assert result.paths[1]["warmth"] == pytest.approx(0.3)
    assert result.paths[2]["warmth"] == pytest.approx(0.4 * 0.7 * 0.7)


def test_several_pieces_of_evidence_combine_by_noisy_or(store):
    build(store, {"a": "A", "b": "B"}, [
        Tie("KNOWS", "a", "b", {"source": "linkedin"}),
        Tie("WORKED_WITH", "a", "b", {"kind": "project", "context": "Atlas"}),
    ])
    hop = warm_intro(store, "a", "b").paths[0]["hops"][0]
    assert hop["strength"] == pytest.approx(1 - (1 - 0.3) * (1 - 0.6))
    assert hop["evidence"] == ["worked together on Atlas", "connected on LinkedIn"]


def test_inactive_and_opted_out_people_are_never_intermediates(store):
    build(store, {"a": "A", "t": "T", "gone": {"name": "Gone", "active": False},
                  "shy": {"name": "Shy", "open_to_intros": False}, "ok": "Ok"}, [
        Tie("MENTORS", "a", "gone"), Tie("MENTORS", "gone", "t"),
        Tie("MENTORS", "a", "shy"), Tie("MENTORS", "shy", "t"),
        Tie("KNOWS", "a", "ok", {"source": "linkedin"}), Tie("KNOWS", "ok", "t", {"source": "linkedin"}),
    ])
    assert path_ids(warm_intro(store, "a", "t")) == [["a", "ok", "t"]]
    # an opted-out person may still be the one asking, or the one asked for
    assert path_ids(warm_intro(store, "shy", "a")) == [["shy", "a"], ["shy", "t", "ok", "a"]]


def test_hop_limit_and_no_path_gives_next_steps(store):
    chain = ["p0", "p1", "p2", "p3", "p4", "p5"]
    build(store, {p: p.upper() for p in chain},
          [Tie("WORKED_WITH", a, b, {"kind": "team", "context": "T"}) for a, b in zip(chain, chain[1:])])
    assert path_ids(warm_intro(store, "p0", "p4", max_hops=4)) == [chain[:5]]
    far = warm_intro(store, "p0", "p5", max_hops=4)
    assert far.paths == []
    assert far.as_json()["next_steps"] == [{"person_id": "p1", "name": "P1", "strength": pytest.approx(0.7)}]
    assert path_ids(warm_intro(store, "p0", "p5", max_hops=5)) == [chain]


def test_top_k_lists_paths_in_warmth_order(store):
    people = {p: p for p in "abcdet"}
    ties = [Tie("WORKED_WITH", "a", x, {"kind": "team", "context": "T"}) for x in "bcde"]
    ties += [Tie("MENTORS", "b", "t"), Tie("REPORTS_TO", "c", "t"),
             Tie("KNOWS", "d", "t", {"source": "linkedin"}), Tie("KNOWS", "e", "t", {"source": "introduction"})]
    build(store, people, ties)
    result = warm_intro(store, "a", "t", k=3)
    assert path_ids(result) == [["a", "b", "t"], ["a", "c", "t"], ["a", "e", "t"]]
    warmths = [p["warmth"] for p in result.paths]
    assert warmths == sorted(warmths, reverse=True)
