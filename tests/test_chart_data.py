"""The numbers behind the charts: pure functions on hand-made data, and the store readers on
half a year of history written through the workflow (each runs on both stores)."""
from __future__ import annotations

from datetime import date

import pytest

from graphsvc.chart_data import (STAGES, department_connections, department_matrix, goal_progress,
                                 intro_stages_by_month, introduction_stages, mentee_goal_progress, strength_by_kind)
from graphsvc.model import Edge, Tie
from graphsvc.person_network import ties_of
from graphsvc.visibility import Viewer
from tests.helpers import seed, seed_history

TODAY = date(2026, 6, 15)


def step(status: str, at: str) -> dict:
    return {"status": status, "at": at, "by": "x", "note": ""}


def test_stages_count_each_step_in_its_month_and_months_without_steps_are_zeros():
    intros = [{"history": [step("requested", "2026-05-30T23:00:00+00:00"), step("introducer_accepted", "2026-06-01"),
                           step("target_accepted", "2026-06-02"), step("made", "2026-06-03")]},
              {"history": [step("requested", "2025-01-01"), step("withdrawn", "2026-06-04")]}]
    result = intro_stages_by_month(intros, TODAY, months=3)
    assert result["stages"] == list(STAGES) == ["requested", "accepted", "made", "met", "declined", "expired"]
    assert [(m["month"], [m["counts"][s] for s in STAGES]) for m in result["months"]] == [
        ("2026-04", [0, 0, 0, 0, 0, 0]), ("2026-05", [1, 0, 0, 0, 0, 0]), ("2026-06", [0, 1, 1, 0, 0, 0])]


def test_stage_months_cross_a_new_year():
    months = [m["month"] for m in intro_stages_by_month([], date(2026, 2, 1), months=4)["months"]]
    assert months == ["2025-11", "2025-12", "2026-01", "2026-02"]


def knows(a: str, b: str) -> Edge:
    return Edge(a, b, (Tie("KNOWS", a, b, {"source": "manual"}),))


def test_bridges_are_the_fewest_people_whose_leaving_cuts_two_departments_apart():
    """A hub tied to three people of another department is one bridge; two disjoint pairs are two."""
    people = {**{p: {"department": "A"} for p in ("hub", "a1", "a2")},
              **{p: {"department": "B"} for p in ("b1", "b2", "b3")},
              "c1": {"department": "C"}, "gone": {"department": "C", "active": False}}
    edges = [knows("hub", "b1"), knows("hub", "b2"), knows("hub", "b3"),
             knows("a1", "c1"), knows("a2", "gone"), knows("a1", "a2"), knows("b1", "c1")]
    m = department_matrix(people, edges)
    assert m["departments"] == ["A", "B", "C"]
    assert [[c["ties"] for c in row] for row in m["cells"]] == [[1, 3, 1], [3, 0, 1], [1, 1, 0]]
    assert [[c.get("bridges") for c in row] for row in m["cells"]] == [[None, 1, 1], [1, None, 1], [1, 1, None]]
    assert [(w["a"], w["b"]) for w in m["weak"]] == [("A", "B"), ("A", "C"), ("B", "C")]

    more = department_matrix(people, edges + [knows("a1", "b2"), knows("a2", "b3")])
    assert more["cells"][0][1] == {"ties": 5, "bridges": 3}  # hub, a1, a2 each hold a tie of their own
    assert [(w["a"], w["b"]) for w in more["weak"]] == [("A", "C"), ("B", "C")]


def test_goal_progress_leaves_dropped_goals_out_and_caps_at_the_target():
    goals = [{"id": "G-1", "statement": "s", "status": "achieved", "target_value": 2, "created": "2026-01-01T08:00",
              "history": [{"at": "2026-02-01T08:00", "value": 1}, {"at": "2026-03-01T08:00", "value": 3}]},
             {"id": "G-2", "statement": "t", "status": "dropped", "target_value": 1, "created": "2026-01-01T08:00",
              "history": []}]
    assert goal_progress(goals) == [{"goal_id": "G-1", "statement": "s", "status": "achieved", "points": [
        {"at": "2026-01-01", "progress": 0.0}, {"at": "2026-02-01", "progress": 0.5},
        {"at": "2026-03-01", "progress": 1.0}]}]


@pytest.fixture
def history(store):
    ids = seed(store)
    return {**ids, **seed_history(store, ids, TODAY)}


def test_chart_numbers_from_a_store(store, history):
    stages = introduction_stages(store, TODAY, months=7)
    assert [(m["month"], [m["counts"][s] for s in STAGES]) for m in stages["months"]][:6] == [
        ("2025-12", [0, 0, 0, 0, 0, 0]),
        ("2026-01", [1, 0, 0, 0, 0, 0]),  # Eve asks Ida for Tom
        ("2026-02", [1, 1, 1, 0, 1, 0]),  # Tom says yes, Ida makes it; Tom asks Ida for Eve: declined
        ("2026-03", [1, 0, 0, 1, 0, 0]),  # Eve and Tom met; Max asks Ida for Tom
        ("2026-04", [1, 0, 0, 0, 1, 1]),  # Tom declines Max; Tom asks Xss for Eve, which expires
        ("2026-05", [1, 1, 1, 0, 0, 0]),  # Eve asks Max for Img: made
    ]

    matrix = department_connections(store)
    assert matrix["departments"] == ["<b>Ops</b>", "Engineering", "Ops", "Product", "Sales"]
    engineering_ops = matrix["cells"][1][2]
    assert engineering_ops == {"ties": 2, "bridges": 1}  # Max and Eve both know Img, who is Ops alone
    assert {(w["a"], w["b"]) for w in matrix["weak"] if w["bridges"] == 0} == {
        ("<b>Ops</b>", "Ops"), ("<b>Ops</b>", "Sales"), ("Ops", "Product"), ("Ops", "Sales")}

    progress = {g["statement"]: [(p["at"], p["progress"]) for p in g["points"]]
                for g in mentee_goal_progress(store, "eve")}
    assert progress == {
        "Meet someone in Product": [("2025-12-03", 0.0), ("2026-02-03", 0.5), ("2026-05-07", 1.0)],
        "Learn roadmapping": [("2026-02-02", 0.0), ("2026-03-12", 0.25), ("2026-04-12", 0.5), ("2026-05-12", 0.75)],
    }

    ties = ties_of(store, "eve")
    kinds = strength_by_kind(ties)
    assert [(k["kind"], len(k["strengths"])) for k in kinds] == [
        ("mentorship", 1), ("reporting_line", 1), ("same_team", 1), ("introduction", 2), ("knows", 1)]
    ida = next(t for t in ties if t["person"]["person_id"] == "ida")
    assert ida["kinds"] == {"same_team": round(ida["strength"], 4)}  # one kind of evidence: the pair's weight

    as_ida_sees_them = strength_by_kind(ties_of(store, "eve", Viewer("ida")))  # not party to Eve's introductions
    assert [(k["kind"], len(k["strengths"])) for k in as_ida_sees_them] == [
        ("mentorship", 1), ("reporting_line", 1), ("same_team", 1), ("knows", 3)]
