"""Mentoring capacity (``max_mentees``) on both stores: its default, the import column, the
admin's edit, mentor matching, the mentor's picks and network health."""
from __future__ import annotations

from datetime import date

import pytest

from graphsvc import audit
from graphsvc.goals import GoalSpec, add_goal
from graphsvc.health import network_health
from graphsvc.mentor_capacity import set_max_mentees
from graphsvc.mentors import capacity_of, mentor_candidates, mentor_picks
from graphsvc.model import PERSON_DEFAULTS, PersonNotFound, Tie, person_with_defaults
from importers.problems import ImportRejected
from importers.run import run_import
from tests.helpers import build, person_ids

TODAY = date(2026, 1, 1)


def mentors(mentor, *mentees):
    return [Tie("MENTORS", mentor, m, {"status": "active", "since": "2025-01-01"}) for m in mentees]


@pytest.fixture
def programme(store):
    """e (level 2) looks for a mentor among senior people who share her skill; each mentors
    some of m1..m5. ``roomy`` takes 5 and has 3; ``full`` has the default 3 and 3;
    ``none`` takes no mentees; ``free`` has none."""
    senior = {"level": 5, "skills": ["Python"], "department": "Data"}
    build(store, {
        "e": {"name": "Eve", "level": 2, "skills": ["Python"], "department": "Data"},
        "roomy": {"name": "Roomy", "max_mentees": 5, **senior}, "full": {"name": "Full", **senior},
        "none": {"name": "None", "max_mentees": 0, **senior}, "free": {"name": "Free", **senior},
        **{f"m{i}": {"name": f"M{i}", "level": 1} for i in range(1, 6)},
    }, mentors("roomy", "m1", "m2", "m3") + mentors("full", "m3", "m4", "m5"))
    return store


def test_everyone_takes_three_mentees_unless_told_otherwise():
    assert PERSON_DEFAULTS["max_mentees"] == 3 and person_with_defaults({})["max_mentees"] == 3
    assert capacity_of({}) == 3 and capacity_of({"max_mentees": 0}) == 0 and capacity_of({"max_mentees": 7}) == 7
    assert capacity_of({"max_mentees": True}) == 3 and capacity_of({"max_mentees": -1}) == 3


def test_matching_suggests_only_mentors_with_room_by_their_own_capacity(programme):
    rows = {r["person_id"]: r for r in mentor_candidates(programme, "e", today=TODAY)}
    assert set(rows) == {"roomy", "free"}  # full is at its default 3, none takes nobody
    assert rows["roomy"]["parts"]["capacity"] == pytest.approx(2 / 5)
    assert "mentoring 3 of 5" in rows["roomy"]["reasons"] and "mentoring 0 of 3" in rows["free"]["reasons"]


def test_a_mentor_over_capacity_still_gets_picks_for_each_current_mentee(programme):
    build(programme, {"bo": {"name": "Bo", "skills": ["Rust"]}},
          [Tie("KNOWS", "bo", "full", {"source": "manual"})])
    set_max_mentees(programme, "full", 1)
    for mentee in ("m3", "m4", "m5"):
        add_goal(programme, mentee, "Learn Rust", GoalSpec(skills=["Rust"]), "introductions", 1, "2027-01-01",
                 today=TODAY)
        assert person_ids(mentor_picks(programme, "full", mentee, today=TODAY)) == ["bo"]


def test_health_lists_mentors_over_capacity_most_over_first(programme):
    set_max_mentees(programme, "roomy", 1)
    report = network_health(programme, today=TODAY)
    assert [(r["person_id"], r["mentees"], r["max_mentees"]) for r in report["mentors_over_capacity"]] == [
        ("roomy", 3, 1)]
    set_max_mentees(programme, "full", 0)
    report = network_health(programme, today=TODAY)
    assert [r["person_id"] for r in report["mentors_over_capacity"]] == ["full", "roomy"]
    assert report["mentors_over_capacity"][0]["name"] == "Full"


def test_an_admin_sets_capacity_with_an_audit_entry_in_one_write(programme):
    person = set_max_mentees(programme, "free", "4", actor="admin@example.org")
    assert person["max_mentees"] == 4 and programme.get_person("free")["max_mentees"] == 4
    entry = audit.recent(programme, 1)[0]
    assert (entry["action"], entry["subject"], entry["actor"]) == ("set_max_mentees", "free", "admin@example.org")
    assert entry["details"] == {"before": 3, "after": 4}
    assert set_max_mentees(programme, "free", 2.0)["max_mentees"] == 2  # JSON's 2.0 is 2


@pytest.mark.parametrize("value", ["-1", "101", "three", "", None, True, 1.5, "2.0", "²"])
def test_a_capacity_that_is_not_a_whole_number_in_range_is_refused_and_changes_nothing(programme, value):
    with pytest.raises(ValueError, match="max_mentees: a whole number from 0 to 100"):
        set_max_mentees(programme, "roomy", value)
    assert programme.get_person("roomy")["max_mentees"] == 5 and audit.recent(programme, 5) == []


def test_capacity_of_nobody_is_not_found(programme):
    with pytest.raises(PersonNotFound):
        set_max_mentees(programme, "nobody", 2)


def test_people_and_org_chart_files_carry_max_mentees_under_their_usual_headers(store, tmp_path):
    chart = tmp_path / "chart.csv"
    chart.write_text("Employee ID,Name,Manager ID,Mentee Capacity\nB1,Bea Boss,,5\nB2,Cy Crew,B1,\n",
                     encoding="utf-8")
    run_import(store, "orgchart", chart)
    assert store.get_person("B1")["max_mentees"] == 5 and "max_mentees" not in store.get_person("B2")
    people = tmp_path / "people.csv"
    people.write_text("person_id,maxMentees\nB2,0\n", encoding="utf-8")
    run_import(store, "people", people)
    assert store.get_person("B2")["max_mentees"] == 0 and store.get_person("B1")["max_mentees"] == 5


def test_a_bad_max_mentees_cell_is_refused_naming_file_line_and_column(store, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("person_id,name,Max Mentees\nP1,Pat,many\nP2,Quin,101\nP3,Ray,2\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        run_import(store, "people", people)
    text = str(caught.value)
    assert f"{people}:2: Max Mentees: must be a whole number, not 'many'" in text
    assert f"{people}:3: Max Mentees: must be at most 100, not 101" in text
    assert store.get_people(["P3"]) == {}
