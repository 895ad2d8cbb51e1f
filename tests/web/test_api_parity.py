"""What a page shows, the JSON API answers too: both draw the same graphsvc answer."""
from __future__ import annotations

import re


def _text(browser, url: str) -> str:
    return browser.get(url).get_data(as_text=True)


def test_the_dashboard_in_json_holds_what_the_page_shows(shared_clients):
    max_ = shared_clients["mentor"]
    api = max_.get("/api/v1/dashboard").json
    page = _text(max_, "/")
    assert [m["person"]["person_id"] for m in api["mentees"]] == ["eve"] and "Eve Mentee" in page
    for goal in api["mentees"][0]["goals"]:
        assert goal["statement"] in page
    tom = shared_clients["target"].get("/api/v1/dashboard").json
    assert {"goals", "to_meet", "open_requests", "waiting", "names"} <= set(tom) and "mentees" not in tom
    admin = shared_clients["admin"].get("/api/v1/dashboard").json
    assert admin["counts"]["nodes"]["Person"] == 7 and "analytics" in admin and "imports" in admin


def test_a_person_page_and_its_json_list_the_same_ties_mentors_and_mentees(shared_clients):
    eve = shared_clients["mentee"]
    api = eve.get("/api/v1/people/max").json
    page = _text(eve, "/people/max")
    assert f"Ties ({len(api['ties'])})" in page
    assert [m["person_id"] for m in api["mentees"]] == ["eve"] and "<h2>Mentees</h2>" in page
    assert api["person"]["max_mentees"] == 3 and "email" not in api["person"]


def test_a_network_page_and_its_json_count_the_same_people_and_ties(shared_clients):
    eve = shared_clients["mentee"]
    api = eve.get("/api/v1/people/eve/network?depth=2").json
    counted = re.search(r"(\d+) people, (\d+) ties", _text(eve, "/people/eve/network?depth=2"))
    assert (int(counted.group(1)), int(counted.group(2))) == (len(api["people"]), len(api["ties"]))
    assert api["depth"] == 2 and not api["capped"]
    assert eve.get("/api/v1/people/eve/network?depth=3").status_code == 400


def test_suggested_mentors_and_people_to_meet_in_json(shared_clients):
    tom = shared_clients["target"]
    api = tom.get("/api/v1/people/tom/mentors").json
    page = _text(tom, "/people/tom/mentors")
    assert api["mentee"] == "tom" and all(m["name"] in page for m in api["mentors"])
    meet = shared_clients["mentee"].get("/api/v1/people/eve/meet?k=3").json
    assert meet["person"] == "eve" and len(meet["people"]) <= 3
    assert all(p["shared"] for p in meet["people"])


def test_health_in_json_for_admins(shared_clients):
    health = shared_clients["admin"].get("/api/v1/health").json
    page = _text(shared_clients["admin"], "/admin/health")
    assert f"Mentees without a mentor ({len(health['mentees_without_mentor'])})" in page
    assert f"Mentors over capacity ({len(health['mentors_over_capacity'])})" in page
