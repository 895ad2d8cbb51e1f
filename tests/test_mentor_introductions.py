"""Introductions a mentor offers their own mentee (issue 10 item 1), on both stores.

Mo mentors Em (active); Pia has a planned mentorship with Em; Ned mentors Nia. Mo worked
with Tao, who is in Product, the department Em's goal aims at.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from graphsvc import audit
from graphsvc.goals import GoalSpec, add_goal, get_goal
from graphsvc.introductions import (RequestRefused, allowed_moves, inbox, introduce_by_mentor, request_intro,
                                    transition)
from graphsvc.mentors import NotTheirMentor, mentor_picks
from graphsvc.model import ImportBatch, Tie

NOW = datetime.now(timezone.utc).replace(microsecond=0)
PEOPLE = {
    "mo": {"name": "Mo Mentor", "department": "Engineering", "level": 6},
    "pia": {"name": "Pia Planned", "department": "Engineering", "level": 6},
    "ned": {"name": "Ned Other", "department": "Sales", "level": 6},
    "em": {"name": "Em Mentee", "department": "Engineering", "level": 2},
    "nia": {"name": "Nia Mentee", "department": "Sales", "level": 2},
    "tao": {"name": "Tao Target", "department": "Product", "title": "Product Lead"},
    "shy": {"name": "Sy Shy", "department": "Product", "open_to_intros": False},
    "gone": {"name": "Gil Gone", "department": "Product", "active": False},
}


@pytest.fixture
def org(store):
    batch = ImportBatch(people={pid: dict(p) for pid, p in PEOPLE.items()})
    for tie in (Tie("MENTORS", "mo", "em", {"status": "active", "since": "2024-01-01", "program": "Pilot"}),
                Tie("MENTORS", "pia", "em", {"status": "planned", "since": "2099-01-01"}),
                Tie("MENTORS", "ned", "nia", {"status": "active", "since": "2024-01-01"}),
                Tie("WORKED_WITH", "mo", "tao", {"kind": "project", "context": "Atlas", "since": "2019-03-01",
                                                 "until": "2021-06-30"}),
                Tie("WORKED_WITH", "pia", "tao", {"kind": "team", "context": "Core", "since": "2020-01-01"}),
                Tie("WORKED_WITH", "ned", "tao", {"kind": "team", "context": "Core", "since": "2020-01-01"}),
                Tie("KNOWS", "mo", "shy", {"source": "manual", "since": "2020-01-01"}),
                Tie("KNOWS", "mo", "gone", {"source": "manual", "since": "2020-01-01"})):
        batch.add_tie(tie)
    store.upsert(batch)
    return store


@pytest.fixture
def goal(org):
    return add_goal(org, "em", "Meet people in Product", GoalSpec(departments=["Product"]), "introductions made",
                    2, "2099-01-01")


def test_a_pick_shows_how_the_mentor_knows_them_with_dates_and_which_goal_it_serves(org, goal):
    picks = {p["person_id"]: p for p in mentor_picks(org, "mo", "em")}
    assert set(picks) == {"tao"}  # Sy is not open to introductions, Gil has left
    tao = picks["tao"]
    assert tao["evidence"] == ["worked together on Atlas (2019–2021)"]
    assert any("Product" in reason for reason in tao["reasons"])
    assert tao["goals"] == [{"id": goal["id"], "statement": "Meet people in Product"}]


def test_a_mentor_introduces_their_own_mentee_straight_to_the_targets_consent(org, goal):
    intro = introduce_by_mentor(org, "mo", "em", "tao", goal_id=goal["id"], message="Tao led Atlas", now=NOW)
    assert (intro["requester"], intro["introducer"], intro["target"]) == ("em", "mo", "tao")
    assert intro["status"] == "introducer_accepted" and intro["goal_id"] == goal["id"]
    assert [(h["status"], h["by"]) for h in intro["history"]] == [("requested", "mo"), ("introducer_accepted", "mo")]
    assert allowed_moves(intro, "tao") == ["target_accepted", "declined"]
    assert [i["id"] for i in inbox(org, "tao")["received"]] == [intro["id"]]
    assert get_goal(org, goal["id"])["introductions"] == [intro["id"]]
    actions = {(e["action"], e["actor"]) for e in audit.recent(org) if e["subject"] == intro["id"]}
    assert actions == {("intro.request", "mo"), ("intro.introducer_accepted", "mo")}
    # the target is asked at once, by e-mail too (the mentor, who acted, is not told)
    assert [(n["recipient"], n["event"]) for n in org.find_records("Notification")] == [("tao", "target_asked")]
    consented = transition(org, intro["id"], "target_accepted", "tao")
    assert consented["status"] == "target_accepted"


@pytest.mark.parametrize("mentor", ["ned", "pia", "tao"])
def test_only_a_current_mentor_may_introduce_and_nothing_is_written(org, goal, mentor):
    with pytest.raises(NotTheirMentor, match="not the current mentor of em"):
        introduce_by_mentor(org, mentor, "em", "tao" if mentor != "tao" else "mo")
    assert org.find_records("Introduction") == []
    assert get_goal(org, goal["id"])["introductions"] == []


@pytest.mark.parametrize("target, message", [
    ("shy", "Sy Shy is not open to introductions"),
    ("gone", "Gil Gone has left the organisation"),
    ("mo", "three different people"),
])
def test_a_target_who_cannot_be_introduced_is_refused(org, target, message):
    with pytest.raises(RequestRefused, match=message):
        introduce_by_mentor(org, "mo", "em", target)
    assert org.find_records("Introduction") == []


def test_duplicates_the_monthly_cap_and_other_goals_are_refused(org, goal):
    first = introduce_by_mentor(org, "mo", "em", "tao", now=NOW)
    with pytest.raises(RequestRefused, match=f"Em Mentee already has an open introduction to Tao Target through "
                                             f"Mo Mentor .*{first['id']}"):
        introduce_by_mentor(org, "mo", "em", "tao", now=NOW)
    with pytest.raises(RequestRefused, match="already asked Mo Mentor"):  # the mentee's own request too
        request_intro(org, "em", "mo", "tao", now=NOW)
    nias = add_goal(org, "nia", "Grow", GoalSpec(departments=["Product"]), "introductions made", 1, "2099-01-01")
    org.upsert(ImportBatch(people={"mo": {**PEOPLE["mo"], "max_intros_per_month": 2}}))
    with pytest.raises(RequestRefused, match="has no goal with id"):
        introduce_by_mentor(org, "mo", "em", "pia", goal_id=nias["id"])
    transition(org, first["id"], "declined", "tao")
    introduce_by_mentor(org, "mo", "em", "tao", now=NOW)
    with pytest.raises(RequestRefused, match="their limit is 2"):
        introduce_by_mentor(org, "mo", "em", "ned", now=NOW)
    assert len(org.find_records("Introduction")) == 2
