"""What the person page, the network view and the dashboard show, asked of graphsvc without
Flask on both stores: the web pages and the JSON API only draw these answers."""
from __future__ import annotations

import pytest

from graphsvc.dashboard import dashboard
from graphsvc.model import PersonNotFound
from graphsvc.person_network import network_view, profile
from graphsvc.visibility import Viewer
from tests.helpers import person_ids, seed


@pytest.fixture
def org(store):
    ids = seed(store)
    return store, ids


def test_a_profile_holds_the_person_scores_mentors_mentees_and_ties_as_the_viewer_may_see_them(org):
    store, _ = org
    seen = profile(store, "eve", Viewer("tom"))
    assert seen["person"]["name"] == "Eve Mentee" and "email" not in seen["person"]
    assert seen["person"]["max_mentees"] == 3  # defaults filled in
    assert person_ids(seen["mentors"]) == ["max"] and seen["mentees"] == [] and seen["scores"] == {}
    assert {t["person"]["person_id"] for t in seen["ties"]} == {"max", "ida", "xss"}
    assert all("email" not in t["person"] for t in seen["ties"])
    assert profile(store, "eve", Viewer("eve"))["person"]["email"] == "eve@example.com"
    assert person_ids(profile(store, "max", Viewer("tom"))["mentees"]) == ["eve"]
    with pytest.raises(PersonNotFound):
        profile(store, "nobody", Viewer("eve"))


def test_a_network_view_is_people_and_ties_within_its_depth_and_cap(org):
    store, _ = org
    near = network_view(store, "eve", 1, viewer=Viewer("tom"))
    assert set(person_ids(near["people"])) == {"eve", "max", "ida", "xss"} and not near["capped"]
    assert all("email" not in p for p in near["people"])
    assert {(t["a"], t["b"]) for t in near["ties"]} >= {("eve", "max"), ("eve", "ida"), ("eve", "xss")}
    assert all(t["evidence"] and 0 < t["strength"] <= 1 for t in near["ties"])
    capped = network_view(store, "eve", 2, cap=3, viewer=Viewer("tom"))
    assert len(capped["people"]) == 3 and capped["capped"]
    with pytest.raises(ValueError, match="depth"):
        network_view(store, "eve", 3)
    with pytest.raises(PersonNotFound):
        network_view(store, "nobody", 1)


def test_the_dashboard_has_a_section_per_role(org):
    store, ids = org
    eve = dashboard(store, Viewer("eve"), ["mentee"])
    assert [g["id"] for g in eve["goals"]] == [ids["eve_goal"]]
    assert "mentor_candidates" not in eve  # Eve has Max
    assert [i["id"] for i in eve["waiting"]] == [ids["xss_intro"]] and eve["names"]["xss"]
    assert "to_meet" in eve and "mentees" not in eve and "counts" not in eve
    tom = dashboard(store, Viewer("tom"), ["mentee"])
    assert "mentor_candidates" in tom
    mentor = dashboard(store, Viewer("max"), ["mentor"])
    assert [m["person"]["person_id"] for m in mentor["mentees"]] == ["eve"]
    assert mentor["mentees"][0]["goals"] and "picks" in mentor["mentees"][0] and "goals" not in mentor
    admin = dashboard(store, Viewer(None, admin=True), ["admin"])
    assert admin["counts"]["nodes"]["Person"] == 7 and "imports" in admin and "waiting" not in admin
