"""Who sees introductions made through the tool, and who may find people by e-mail: the rules
(pure), the questions that apply them, and finding a person by name (both stores)."""
from __future__ import annotations

import pytest

from graphsvc.model import PersonNotFound, Tie
from graphsvc.person_lookup import AmbiguousPerson, find_person
from graphsvc.person_network import network_around, ties_of
from graphsvc.strength import explain
from graphsvc.visibility import Viewer, may_see_email, sees_introduction, ties_as_seen, viewer_of
from graphsvc.warm_paths import warm_intro
from tests.helpers import build

INTRODUCED = Tie("KNOWS", "ann", "bo", {"source": "introduction", "since": "2026-01-05"})
MADE = "introduced through intrograph (since 2026)"

PEOPLE = {"ann": {"name": "Ann Asker", "email": "ann@example.com"}, "bo": {"name": "Bo Target", "email": "bo@example.com"},
          "cy": "Cy Mentor", "di": "Di Other", "bo2": {"name": "bo target ", "title": "Analyst"}}
TIES = [INTRODUCED, Tie("MENTORS", "cy", "ann", {"since": "2025-01-01", "status": "active"}),
        Tie("WORKED_WITH", "di", "ann", {"kind": "team", "context": "Ops", "since": "2024-01-01"})]


def _seen(viewer, ties=(INTRODUCED,)) -> list[str]:
    return [explain(t, {}) for t in ties_as_seen(viewer, ties)]


def test_the_two_people_their_mentors_admins_and_the_operator_see_the_introduction():
    for viewer in (Viewer("ann"), Viewer("bo"), Viewer("cy", mentees=["bo"]), Viewer(None, admin=True), None):
        assert sees_introduction(viewer, "ann", "bo") and _seen(viewer) == [MADE]


def test_everyone_else_sees_an_ordinary_tie():
    for viewer in (Viewer("di"), Viewer("cy", mentees=["zed"]), Viewer(None)):
        assert not sees_introduction(viewer, "ann", "bo") and _seen(viewer) == ["know each other (since 2026)"]
    team = Tie("WORKED_WITH", "ann", "bo", {"kind": "team", "context": "Ops"})
    assert _seen(Viewer("di"), (INTRODUCED, team)) == ["same team Ops"]  # other evidence says enough


def test_mentees_are_read_only_when_a_rule_needs_them():
    reads = []
    viewer = Viewer("cy", mentees=lambda: reads.append(1) or ["ann"])
    assert _seen(viewer, (TIES[2],)) == ["same team Ops (since 2024)"] and reads == []
    assert sees_introduction(viewer, "ann", "bo") and reads == [1]


def test_emails_are_for_admins_and_the_person_themself():
    assert may_see_email(Viewer("ann"), "ann") and may_see_email(Viewer(None, admin=True), "ann")
    assert not may_see_email(Viewer("bo"), "ann") and not may_see_email(Viewer(None), "ann")


def test_the_questions_show_the_introduction_as_the_viewer_may_see_it(store):
    build(store, PEOPLE, TIES)
    mentor, other = viewer_of(store, "cy", admin=False), viewer_of(store, "di", admin=False)
    evidence = {v: [t["evidence"] for t in ties_of(store, "bo", v) if t["person"]["person_id"] == "ann"][0]
                for v in (mentor, other)}
    assert evidence == {mentor: [MADE], other: ["know each other (since 2026)"]}
    _, lines, _ = network_around(store, "ann", 1, 10, other)
    assert [ev for a, b, _, ev in lines if (a, b) == ("ann", "bo")] == [["know each other (since 2026)"]]
    hop = lambda v: warm_intro(store, "di", "bo", viewer=v).paths[0]["hops"][1]["evidence"]  # noqa: E731
    assert hop(other) == ["know each other (since 2026)"] and hop(mentor) == [MADE] and hop(None) == [MADE]


def test_find_person_by_id_name_or_allowed_email(store):
    build(store, PEOPLE, TIES)
    assert find_person(store, "cy") == "cy" and find_person(store, "  cy mentor ") == "cy"
    assert find_person(store, "ANN@example.com", Viewer(None, admin=True)) == "ann"
    assert find_person(store, "ann@example.com", Viewer("ann")) == "ann"
    for ref in ("ann@example.com", "nobody@example.com"):  # the same answer either way
        with pytest.raises(PersonNotFound) as found:
            find_person(store, ref, Viewer("di"))
        assert str(found.value) == f"no person with id or e-mail {ref!r}"
    with pytest.raises(AmbiguousPerson, match=r"2 people are named 'Bo Target': Bo Target \(id bo\); "
                                              r"bo target  \(id bo2, Analyst\)") as shared:
        find_person(store, "Bo Target", Viewer("di"))
    assert [c["person_id"] for c in shared.value.candidates] == ["bo", "bo2"]
    with pytest.raises(PersonNotFound):
        find_person(store, "Ann", Viewer("di"))  # a name matches whole, not in part


def test_people_named_ignores_case_and_surrounding_spaces(store):
    build(store, PEOPLE, TIES)
    assert [p["person_id"] for p in store.people_named(" BO TARGET")] == ["bo", "bo2"]
    assert store.people_named("") == [] and store.people_named("Bo") == []
