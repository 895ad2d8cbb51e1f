"""SMART goals: the pure rules, and the contract on both stores."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from graphsvc import audit
from graphsvc.goals import (GoalInvalid, GoalNotFound, GoalSpec, add_goal, counts_introductions, get_goal,
                            link_introduction, list_goals, set_status, update_progress, validate_goal,
                            with_made_introduction)
from graphsvc.model import ImportBatch, PersonNotFound

TODAY = date(2026, 1, 1)
DUE = (date.today() + timedelta(days=90)).isoformat()


@pytest.fixture
def people(store):
    store.upsert(ImportBatch(people={
        "E1": {"name": "Ana Ruiz", "email": "ana@example.com"},
        "E2": {"name": "Ben Ode", "email": "ben@example.com"},
        "E3": {"name": "Cy Tan", "email": "cy@example.com"},
    }))
    return store


def rust_goal(store, owner="ana@example.com", measure="introductions made", target=2, **spec):
    return add_goal(store, owner, "Meet people who ship Rust", GoalSpec(**(spec or {"skills": ["Rust"]})),
                    measure, target, DUE, achievable="two intros a quarter", relevant="team is moving to Rust")


# ------------------------------------------------------------------ pure rules

def test_spec_normalises_and_round_trips():
    spec = GoalSpec(skills=[" Rust ", "rust", "", "Go"], levels=["3", 4, 3], organizations="Initech")
    assert spec.skills == ("Rust", "Go") and spec.levels == (3, 4) and spec.organizations == ("Initech",)
    assert GoalSpec.from_dict(spec.as_dict()) == spec
    assert set(spec.as_dict()) == {"skills", "titles", "departments", "organizations", "people",
                                   "locations", "levels"}
    assert GoalSpec().is_empty() and not spec.is_empty()
    assert spec.describe() == "skills: Rust, Go; organisations: Initech; levels: 3, 4"


def test_spec_refuses_unknown_parts_and_bad_levels():
    with pytest.raises(GoalInvalid, match="unknown part") as caught:
        GoalSpec.from_dict({"skill": ["Rust"]})
    assert set(caught.value.errors) == {"spec"}
    with pytest.raises(GoalInvalid, match="whole numbers"):
        GoalSpec(levels=["senior"])
    with pytest.raises(GoalInvalid, match="whole numbers"):
        GoalSpec(levels=[2.5])


def test_validate_goal_names_every_broken_part():
    assert validate_goal("Learn Rust", GoalSpec(skills=["Rust"]), "intros", 3, "2026-01-02", TODAY) == {}
    errors = validate_goal("  ", GoalSpec(), "", "three", "next week", TODAY)
    assert set(errors) == {"statement", "spec", "measure", "target_value", "due"}
    assert "a number" in errors["target_value"] and "like 2027-06-30" in errors["due"]
    assert validate_goal("s", GoalSpec(titles=["CTO"]), "m", 0, "2027-01-01", TODAY) == {
        "target_value": "the target must be greater than 0"}
    assert validate_goal("s", GoalSpec(titles=["CTO"]), "m", "nan", "2027-01-01", TODAY).keys() == {"target_value"}
    assert validate_goal("s", GoalSpec(titles=["CTO"]), "m", True, "2027-01-01", TODAY).keys() == {"target_value"}
    assert validate_goal("s", GoalSpec(titles=["CTO"]), "m", "2.5", TODAY, TODAY) == {
        "due": "the due date must be in the future"}


def test_which_measures_count_introductions():
    assert counts_introductions({"measure": "Introductions made"})
    assert counts_introductions({"measure": "warm intros to data leads"})
    assert not counts_introductions({"measure": "courses completed"})
    assert not counts_introductions({"measure": "introspection sessions"})


def test_a_made_introduction_counts_once_and_only_for_introduction_measures():
    goal = {"status": "open", "measure": "intros", "target_value": 2.0, "current_value": 0.0, "progress": 0.0,
            "history": [], "introductions": ["I-1"]}
    once = with_made_introduction(goal, "I-1", "E1", "2026-01-01T00:00:00+00:00")
    assert once["current_value"] == 1 and once["progress"] == 0.5 and once["counted_introductions"] == ["I-1"]
    assert with_made_introduction(once, "I-1", "E1", "later") == once
    done = with_made_introduction(once, "I-2", "E1", "later")
    assert done["status"] == "achieved" and done["introductions"] == ["I-1", "I-2"]
    other = with_made_introduction({**goal, "measure": "courses"}, "I-1", "E1", "now")
    assert other["current_value"] == 0 and "counted_introductions" not in other


# ------------------------------------------------------------------ contract

def test_add_get_and_list_goals(people):
    goal = rust_goal(people, organizations=["Initech"], people=["BEN@example.com"], levels=[5])
    assert goal["owner"] == "E1" and goal["status"] == "open" and goal["progress"] == 0
    assert goal["spec"]["people"] == ["E2"]  # stored by person_id
    assert goal["due"] == DUE and goal["target_value"] == 2.0
    assert get_goal(people, goal["id"]) == goal
    other = add_goal(people, "E2", "Move to Sales", GoalSpec(departments=["Sales"]), "conversations", 5,
                     (date.today() + timedelta(days=10)).isoformat())
    assert [g["id"] for g in list_goals(people)] == [other["id"], goal["id"]]  # soonest due first
    assert [g["id"] for g in list_goals(people, "ana@example.com")] == [goal["id"]]
    assert list_goals(people, status="achieved") == []
    with pytest.raises(GoalInvalid, match="unknown status"):
        list_goals(people, status="done")
    with pytest.raises(GoalNotFound, match="no goal with id 'G-nope'"):
        get_goal(people, "G-nope")


def test_an_invalid_goal_is_refused_with_every_reason_and_nothing_is_written(people):
    with pytest.raises(GoalInvalid) as caught:
        add_goal(people, "E1", "", GoalSpec(people=["ghost@example.com"]), "m", -1, "2020-01-01")
    assert set(caught.value.errors) == {"statement", "people", "target_value", "due"}
    assert "ghost@example.com" in caught.value.errors["people"]
    with pytest.raises(PersonNotFound):
        rust_goal(people, owner="nobody@example.com")
    assert list_goals(people) == [] and audit.recent(people) == []


def test_progress_history_achievement_and_status(people):
    goal = rust_goal(people, measure="mentoring sessions", target=4)
    step = update_progress(people, goal["id"], 1, note="first chat", actor="E1")
    assert step["progress"] == 0.25 and step["status"] == "open"
    done = update_progress(people, goal["id"], "6", actor="E2")
    assert done["progress"] == 1.0 and done["status"] == "achieved" and done["current_value"] == 6
    assert [(h["by"], h["value"], h["note"]) for h in done["history"]] == [("E1", 1, "first chat"), ("E2", 6, "")]
    assert get_goal(people, goal["id"]) == done
    with pytest.raises(GoalInvalid, match="at least 0"):
        update_progress(people, goal["id"], -1)
    dropped = set_status(people, goal["id"], "dropped", actor="E1")
    assert dropped["status"] == "dropped"
    with pytest.raises(GoalInvalid, match="reopen it"):
        update_progress(people, goal["id"], 2)
    with pytest.raises(GoalInvalid, match="unknown status"):
        set_status(people, goal["id"], "finished")
    assert set_status(people, goal["id"], "open")["status"] == "open"
    assert [g["id"] for g in list_goals(people, status="open")] == [goal["id"]]


def test_every_goal_change_is_audited(people):
    goal = rust_goal(people)
    update_progress(people, goal["id"], 1, actor="E1")
    set_status(people, goal["id"], "dropped", actor="E1")
    set_status(people, goal["id"], "dropped", actor="E1")  # no change, no entry
    link_introduction(people, goal["id"], "I-1", actor="E1")
    link_introduction(people, goal["id"], "I-1", actor="E1")
    entries = audit.recent(people)
    assert [e["action"] for e in entries] == ["goal.link_introduction", "goal.status", "goal.progress", "goal.add"]
    assert all(e["subject"] == goal["id"] for e in entries)
    assert entries[1]["details"] == {"before": "open", "after": "dropped"}
    assert [e["action"] for e in audit.recent(people, limit=1, action="goal.add")] == ["goal.add"]
    assert get_goal(people, goal["id"])["introductions"] == ["I-1"]
