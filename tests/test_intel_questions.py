"""Who can help, mentor matching, mentor's picks, people to meet and network health:
the contract every store keeps (each test runs on the embedded store and on real Neo4j)."""
from __future__ import annotations

import math
from datetime import date

import networkx as nx
import pytest

from graphsvc import goal_search
from graphsvc.goal_search import who_can_help
from graphsvc.goals import GoalSpec, add_goal
from graphsvc.health import network_health
from graphsvc.introductions import request_intro
from graphsvc.meet import people_to_meet
from graphsvc.mentors import is_current_mentorship, is_open_mentorship, mentor_candidates, mentor_picks
from graphsvc.model import ImportBatch, Position, Tie
from importers.generate import generate
from importers.run import run_import
from tests.helpers import build, person_ids

TODAY = date(2026, 1, 1)


def team(a, b, context="T"):
    return Tie("WORKED_WITH", a, b, {"kind": "team", "context": context})


def knows(a, b, source="manual"):
    return Tie("KNOWS", a, b, {"source": source})


def goal(store, owner, **spec):
    return add_goal(store, owner, "Get better at it", GoalSpec(**spec), "introductions", 2, "2027-06-01",
                    today=TODAY)


# ---------------------------------------------------------------- who can help

@pytest.fixture
def helpers_graph(store):
    """me ─mentor(0.9)─ m ─team(0.7)─ rita (Rust, Go)      → warmth 0.63, relevance 1
       me ─linkedin(0.3)─ raj (Rust)                        → warmth 0.30, relevance 0.5
       me ─team(0.7)─ xi (formerly at Initech)
       me ─mentor─ shy (not open to intros) ─team─ sam (Rust, Go): only through shy
       m ─team─ remy (Rust, Go, has left), m ─team─ rosa (Rust, Go, not open to intros)
       rita ─team─ u1 ─team─ faye (Rust, Go): four hops from me"""
    skills = ["Rust", "Go"]
    build(store, {
        "me": {"name": "Me", "department": "Eng"}, "m": {"name": "Mo", "department": "Eng"},
        "rita": {"name": "Rita", "skills": skills, "department": "Platform", "title": "Staff Engineer"},
        "raj": {"name": "Raj", "skills": ["rust"], "department": "Platform"},
        "xi": {"name": "Xi", "department": "Sales"},
        "shy": {"name": "Shy", "open_to_intros": False}, "sam": {"name": "Sam", "skills": skills},
        "remy": {"name": "Remy", "skills": skills, "active": False},
        "rosa": {"name": "Rosa", "skills": skills, "open_to_intros": False},
        "u1": {"name": "U1"}, "faye": {"name": "Faye", "skills": skills},
    }, [Tie("MENTORS", "m", "me"), team("m", "rita"), knows("me", "raj", "linkedin"), team("me", "xi"),
        Tie("MENTORS", "shy", "me"), team("shy", "sam"), team("m", "remy"), team("m", "rosa"),
        team("rita", "u1"), team("u1", "faye")])
    batch = ImportBatch(organizations={"initech": "Initech"},
                        positions=[Position("xi", "initech", {"since": "2015-03-01", "until": "2019-06-30",
                                                              "title": "Analyst"})])
    store.upsert(batch)
    return store


def test_helpers_rank_by_relevance_times_warmth_with_reasons(helpers_graph):
    rows = who_can_help(helpers_graph, "me", GoalSpec(skills=("Rust", "Go")), today=TODAY)
    assert person_ids(rows) == ["rita", "raj"]
    rita, raj = rows
    assert rita["relevance"] == 1.0 and rita["warmth"] == pytest.approx(0.9 * 0.7)
    assert rita["score"] == pytest.approx(0.63)
    assert rita["reasons"] == ["skills: Rust, Go"]
    assert [p["person_id"] for p in rita["path"]["people"]] == ["me", "m", "rita"]
    assert rita["path"]["hops"][0]["evidence"] == ["Me mentored by Mo"]
    assert raj["relevance"] == 0.5 and raj["score"] == pytest.approx(0.5 * 0.3)
    # four hops away: found only when asked to look that far
    assert "faye" in person_ids(who_can_help(helpers_graph, "me", GoalSpec(skills=("Rust",)), max_hops=4, today=TODAY))


def test_helpers_match_former_employers_and_our_own_organisation(helpers_graph, monkeypatch):
    rows = who_can_help(helpers_graph, "me", GoalSpec(organizations=("Initech Inc.",)), today=TODAY)
    assert person_ids(rows) == ["xi"]
    assert rows[0]["reasons"] == ["formerly at Initech (2015–2019)"]
    monkeypatch.setenv("INTROGRAPH_ORG_NAME", "Acme Corp")
    ours = who_can_help(helpers_graph, "me", GoalSpec(organizations=("acme",), departments=("Platform",)),
                        today=TODAY)
    # people with a department work here; Platform people match both parts:
    # rita 1 × 0.63, m 0.5 × 0.9, xi 0.5 × 0.7, raj 1 × 0.3
    assert person_ids(ours) == ["rita", "m", "xi", "raj"]
    assert ours[0]["reasons"] == ["in Platform", "works at Acme Corp"]


def test_helpers_title_words_and_busy_introducers(helpers_graph):
    assert person_ids(who_can_help(helpers_graph, "me", GoalSpec(titles=("staff engineer",)), today=TODAY)) == ["rita"]
    assert who_can_help(helpers_graph, "me", GoalSpec(titles=("staff manager",)), today=TODAY) == []
    # Mo carries 20 open requests (capacity 4): paths through him count 1/6
    busy = who_can_help(helpers_graph, "me", GoalSpec(skills=("Rust", "Go")), today=TODAY, open_requests={"m": 20})
    assert person_ids(busy) == ["raj", "rita"]
    assert busy[1]["warmth"] == pytest.approx(0.63) and busy[1]["score"] == pytest.approx(0.63 / 6)


def test_helpers_examined_warmest_first_are_those_ranking_everyone_finds(embedded_store, tmp_path, monkeypatch):
    """Who can help stops examining people once nobody left can beat the k-th best; with one
    person per batch it stops as early as it can, and must still find what ranking
    everyone reached finds (relevance below 1 lets a colder, better match win)."""
    files = generate(300, tmp_path / "org", seed=11)
    for kind in ("orgchart", "people", "relationships", "mentorships"):
        run_import(embedded_store, kind, getattr(files, kind))
    people = embedded_store.view().people
    skills = sorted({s for p in people.values() for s in p.get("skills") or ()})[:3]
    spec = GoalSpec(skills=tuple(skills), departments=("Engineering",))
    askers = sorted(people)[:25:5]
    everyone = {a: who_can_help(embedded_store, a, spec, k=5, today=TODAY) for a in askers}
    assert any(0 < r["relevance"] < 1 for rows in everyone.values() for r in rows)
    monkeypatch.setattr(goal_search, "_BATCH", 1)
    for asker, rows in everyone.items():
        assert who_can_help(embedded_store, asker, spec, k=5, today=TODAY) == rows


def test_helpers_need_a_spec(helpers_graph):
    with pytest.raises(ValueError, match="say what help is needed"):
        who_can_help(helpers_graph, "me", GoalSpec(), today=TODAY)


# ---------------------------------------------------------------- mentors

@pytest.fixture
def mentor_graph(store):
    """e (level 2, Data) reports to mgr (4), who reports to skip (6); e reported to exmgr until 2024.
    cur mentors e already; old mentored e until 2020; cand1..cand4 and full are possible mentors."""
    p = lambda name, level, **kw: {"name": name, "level": level, "department": kw.pop("department", "Data"), **kw}  # noqa: E731
    build(store, {
        "e": p("Eve", 2, skills=["SQL"], interests=["Machine Learning"]),
        "mgr": p("Mgr", 4, skills=["SQL", "Machine Learning"]), "skip": p("Skip", 6, skills=["Machine Learning"]),
        "cur": p("Cur", 5, skills=["Machine Learning"]),
        "old": p("Old", 4, skills=["Machine Learning", "Python"]),
        "cand1": p("Cand1", 4, skills=["Machine Learning", "Python", "SQL"], department="Research"),
        "cand2": p("Cand2", 3, skills=["Python"]),
        "junior": p("Junior", 2, skills=["Machine Learning", "Python"]),
        "full": p("Full", 4, skills=["Machine Learning", "Python"]),
        "m1": p("M1", 1), "m2": p("M2", 1), "m3": p("M3", 1),
        "gone": p("Gone", 5, skills=["Machine Learning"], active=False),
        "ada": p("Ada", 3, skills=["Python"], department="Research"),
        "exmgr": p("Exmgr", 4, skills=["Python"]),
    }, [Tie("REPORTS_TO", "e", "mgr", {"kind": "solid"}), Tie("REPORTS_TO", "mgr", "skip", {"kind": "solid"}),
        Tie("REPORTS_TO", "e", "exmgr", {"kind": "solid", "until": "2024-01-01"}),
        Tie("MENTORS", "cur", "e", {"status": "active", "since": "2025-01-01"}),
        Tie("MENTORS", "old", "e", {"status": "completed", "since": "2019-01-01", "until": "2020-01-01"}),
        Tie("MENTORS", "full", "m1"), Tie("MENTORS", "full", "m2"), Tie("MENTORS", "full", "m3"),
        team("cand1", "ada", "R")])
    goal(store, "e", skills=("Python",), departments=("Research",))
    return store


def test_mentors_never_the_manager_chain_current_mentors_juniors_or_full_mentors(mentor_graph):
    rows = mentor_candidates(mentor_graph, "e", today=TODAY)
    ids = person_ids(rows)
    assert ids[0] == "cand1"
    assert not {"mgr", "skip", "cur", "junior", "full", "gone", "e"} & set(ids)
    assert "old" in ids and "exmgr" in ids  # a past mentor or a former manager may mentor
    cand1 = rows[0]
    assert cand1["parts"]["goals"] == 1.0 and cand1["parts"]["seniority"] == 1.0
    assert cand1["parts"]["capacity"] == 1.0
    # knows Ada (Research, Python) through a team tie: reach = 0.7 × relevance 1
    assert cand1["parts"]["reach"] == pytest.approx(0.7)
    assert "knows 1 person matching your goals: Ada" in cand1["reasons"]
    assert "2 levels more senior (level 4)" in cand1["reasons"]
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)


def test_mentor_picks_are_the_mentors_ties_matching_goals_the_mentee_does_not_know(mentor_graph):
    build(mentor_graph, {"bo": {"name": "Bo", "skills": ["Python"], "department": "Research"},
                         "cy": {"name": "Cy", "skills": ["Python"]}},
          [knows("cand1", "bo", "linkedin"), team("cand1", "cy", "R"), knows("e", "cy")])
    picks = mentor_picks(mentor_graph, "cand1", "e", today=TODAY)
    # Ada: team 0.7 × relevance 1; Bo: LinkedIn 0.3 × 1; Cy is known to Eve already
    assert person_ids(picks) == ["ada", "bo"]
    assert picks[0]["score"] == pytest.approx(0.7)
    assert picks[0]["evidence"] == ["same team R"]
    assert picks[1]["reasons"] == ["skills: Python", "in Research"]


@pytest.mark.parametrize("props,rights,still_open", [
    ({"status": "active", "since": "2025-01-01"}, True, True),
    ({}, True, True),  # the relationships format gives no status: a running mentorship
    ({"status": "Active", "since": "2026-01-01", "until": "2026-01-02"}, True, True),  # its first and last day
    ({"status": "planned", "since": "2099-01-01"}, False, True),  # not started: a place taken, no rights
    ({"status": "active", "since": "2099-01-01"}, False, True),
    ({"status": "paused", "since": "2025-01-01"}, False, True),
    ({"status": "active", "since": "2025-01-01", "until": "2026-01-01"}, False, False),  # ended today
    ({"status": "completed", "since": "2019-01-01", "until": "2020-01-01"}, False, False),
    ({"status": "cancelled"}, False, False),
])
def test_only_an_active_mentorship_between_since_and_until_gives_mentor_rights(props, rights, still_open):
    """Rights from ``since`` (inclusive) to ``until`` (exclusive), and only while active."""
    assert is_current_mentorship(props, TODAY) is rights
    assert is_open_mentorship(props, TODAY) is still_open


def test_a_planned_mentorship_takes_a_place_but_is_no_rights(mentor_graph):
    build(mentor_graph, {}, [Tie("MENTORS", "cand1", "e", {"status": "planned", "since": "2099-01-01"}),
                             Tie("MENTORS", "old", "m1", {"status": "planned", "since": "2099-01-01"})])
    rows = {r["person_id"]: r for r in mentor_candidates(mentor_graph, "e", today=TODAY)}
    assert "cand1" not in rows  # already arranged as Eve's mentor
    assert "mentoring 1 of 3" in rows["old"]["reasons"]


# ---------------------------------------------------------------- people to meet

def test_people_to_meet_by_adamic_adar_and_goal_relevance(store):
    people = {p: {"name": p.upper()} for p in ["a", "w1", "w2", "w3", "c1", "c2", "c3", "x1", "x2", "gone"]}
    people["c3"] = {"name": "C3", "skills": ["Go"]}
    people["gone"] = {"name": "GONE", "active": False}
    edges = [("a", "w1"), ("a", "w2"), ("a", "w3"), ("w1", "c1"), ("w2", "c1"), ("w1", "c2"),
             ("w3", "c3"), ("w3", "x1"), ("w3", "x2"), ("w2", "gone"), ("a", "c2")]
    build(store, people, [knows(u, v) for u, v in edges])
    reference = nx.Graph(edges)
    rows = people_to_meet(store, "a", today=TODAY)
    expected = {c: s for _, c, s in nx.adamic_adar_index(reference, [("a", c) for c in ("c1", "c3", "x1", "x2")])}
    assert {r["person_id"]: r["adamic_adar"] for r in rows} == pytest.approx(expected)
    assert person_ids(rows)[0] == "c1"  # two shared contacts
    assert [p["name"] for p in rows[0]["shared"]] == ["W1", "W2"]
    # wanting Go makes c3 worth three times as much as x1 and x2
    goal(store, "a", skills=("Go",))
    rows = people_to_meet(store, "a", today=TODAY)
    c3 = next(r for r in rows if r["person_id"] == "c3")
    assert c3["relevance"] == 1.0 and c3["score"] == pytest.approx(3 * 1 / math.log(4))
    assert c3["reasons"] == ["skills: Go"]


def test_people_to_meet_with_a_contact_who_knows_only_you(store):
    """A LinkedIn contact with one tie (every import makes them) has degree 1: log 1 = 0 once
    divided by, and they introduce you to nobody."""
    build(store, {"a": "A", "only": "Only", "w": "W", "c": "C"},
          [knows("a", "only"), knows("a", "w"), knows("w", "c")])
    rows = people_to_meet(store, "a", today=TODAY)
    assert person_ids(rows) == ["c"]
    assert [p["person_id"] for p in rows[0]["shared"]] == ["w"]


# ---------------------------------------------------------------- health

def test_network_health_finds_the_gaps(store):
    build(store, {
        "a": {"name": "A", "department": "Sales", "email": "a@example.com"},
        "b": {"name": "B", "department": "Eng", "max_intros_per_month": 2}, "c": {"name": "C", "department": "Eng"},
        "d": {"name": "D", "department": "Legal"}, "lone": {"name": "Lone", "department": "Legal"},
        "e": {"name": "E", "department": "Eng"}, "gone": {"name": "Gone", "department": "Legal", "active": False},
        "mentee": {"name": "Mentee", "department": "Eng"},
    }, [knows("a", "b"), team("b", "c"), team("d", "gone"), team("c", "e"),
        Tie("MENTORS", "gone", "mentee", {"status": "active"}), Tie("MENTORS", "e", "c", {"status": "active"})])
    request_intro(store, "a", "b", "c")
    request_intro(store, "c", "b", "a")
    request_intro(store, "a", "c", "e")
    report = network_health(store, today=TODAY)
    assert report["active_people"] == 7
    # d's only tie is to someone who left; mentee's only tie too
    assert [p["person_id"] for p in report["isolated"]] == ["d", "lone", "mentee"]
    # mentee's mentor has left; c has a current mentor
    assert [p["person_id"] for p in report["mentees_without_mentor"]] == ["mentee"]
    assert report["departments"] == ["Eng", "Legal", "Sales"]
    assert report["unlinked_departments"] == [["Eng", "Legal"], ["Legal", "Sales"]]
    assert [(r["person_id"], r["open_requests"], r["max_intros_per_month"])
            for r in report["busiest_introducers"]] == [("b", 2, 2), ("c", 1, 4)]


# ---------------------------------------------------------------- store reads

def test_people_matching_is_a_case_insensitive_union_of_criteria(store):
    build(store, {
        "a": {"name": "A", "skills": ["Rust"], "department": "Eng"},
        "b": {"name": "B", "title": "Senior Data Engineer", "location": "Lisbon"},
        "c": {"name": "C", "level": 5},
        "d": {"name": "D", "skills": ["rust"], "active": False},
        "e": {"name": "E"},
    }, [])
    assert set(store.people_matching(skills=["rust"])) == {"a"}  # d has left
    assert set(store.people_matching(title_words=["data"], levels=[5])) == {"b", "c"}
    assert set(store.people_matching(locations=["lisbon"], person_ids=["e"])) == {"b", "e"}
    assert set(store.people_matching(members=True)) == {"a"}
    assert store.people_matching() == {}
    assert store.people_matching(departments=["eng"])["a"]["skills"] == ["Rust"]


def test_positions_of_lists_tenures_with_organisation_names(store):
    build(store, {"a": "A", "b": "B"}, [])
    store.upsert(ImportBatch(organizations={"initech": "Initech", "globex": "Globex"}, positions=[
        Position("a", "initech", {"since": "2015-01-01", "until": "2019-01-01", "title": "Analyst"}),
        Position("a", "globex", {"since": "2019-02-01"}),
        Position("b", "initech", {})]))
    assert store.positions_of(["a", "b", "nobody"]) == [
        {"person_id": "a", "org_key": "globex", "org_name": "Globex", "title": None, "since": "2019-02-01",
         "until": None},
        {"person_id": "a", "org_key": "initech", "org_name": "Initech", "title": "Analyst", "since": "2015-01-01",
         "until": "2019-01-01"},
        {"person_id": "b", "org_key": "initech", "org_name": "Initech", "title": None, "since": None, "until": None},
    ]


@pytest.mark.neo4j
def test_helpers_read_narrowly_on_neo4j_are_those_read_wholly(neo4j_store, embedded_store):
    """On Neo4j, who can help first reads the nearer weights and then only the farthest
    people who could change the answer; the answers equal reading everything, and the
    embedded store's: same helpers, order, scores and paths, busy introducers too."""
    import random

    rng = random.Random(11)
    ids = [f"p{i:03d}" for i in range(160)]
    people = {p: {"name": p.upper(), "department": rng.choice(["Eng", "Ops", "Sales"]),
                  "skills": rng.sample(["rust", "go", "sql", "ml"], rng.randint(0, 2))} for p in ids}
    for p in rng.sample(ids, 12):
        people[p]["open_to_intros"] = False
    kinds = [lambda a, b: Tie("KNOWS", a, b, {"source": "manual"}),
             lambda a, b: Tie("MENTORS", a, b),
             lambda a, b: Tie("WORKED_WITH", a, b, {"kind": "team", "context": f"T{a}{b}"}),
             lambda a, b: Tie("REPORTS_TO", a, b)]
    pairs = {tuple(sorted(rng.sample(ids, 2))) for _ in range(520)}
    ties = [rng.choice(kinds)(a, b) for a, b in sorted(pairs)]
    for store in (neo4j_store, embedded_store):
        build(store, people, ties)
    narrowed = []
    around = neo4j_store.weights_around

    def spy(person_id, radius, last=None):
        narrowed.append(last is not None)
        return around(person_id, radius, last)
    neo4j_store.weights_around = spy

    def answer(store, source, spec, k, hops, busy):
        rows = who_can_help(store, source, spec, k=k, max_hops=hops, today=TODAY, open_requests=busy)
        return [(r["person_id"], round(r["score"], 12), r["reasons"],
                 [p["person_id"] for p in r["path"]["people"]]) for r in rows]

    specs = [GoalSpec(departments=("Eng",)), GoalSpec(skills=("rust", "sql")), GoalSpec(people=("p007", "p150"))]
    for source in rng.sample([p for p in ids if people[p].get("open_to_intros") is not False], 6):
        busy = {p: 2 for p in rng.sample(ids, 10)}
        for spec in specs:
            for k, hops in ((1, 2), (3, 3), (10, 3), (5, 4)):
                narrow = answer(neo4j_store, source, spec, k, hops, busy)
                assert narrow == answer(embedded_store, source, spec, k, hops, busy), (source, spec, k, hops)
                neo4j_store.narrow_walks = False
                assert narrow == answer(neo4j_store, source, spec, k, hops, busy), (source, spec, k, hops)
                del neo4j_store.narrow_walks
    assert any(narrowed)
