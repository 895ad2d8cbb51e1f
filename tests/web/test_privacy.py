"""Other people's business stays theirs: an introduction made through the tool shows as such
only to the two people, their mentors and admins; an e-mail finds a person only for admins
and its owner, everyone else finds people by name or id."""
from __future__ import annotations

import re

import pytest

from graphsvc.model import Tie
from tests.helpers import Browser, build, graph_data
from webui.storage import get_store

MADE = "introduced through intrograph"


@pytest.fixture
def introduced(app):
    """Eve and Tom were introduced through the tool (as a made introduction leaves them)."""
    with app.app_context():
        build(get_store(), {}, [Tie("KNOWS", "eve", "tom", {"source": "introduction", "since": "2026-01-05"})])
    return app


def _everything_seen(app, role: str) -> str:
    """What a viewer is shown of Eve's and Tom's ties, on pages, graphs and in the API."""
    browser = Browser(app).login(role)
    urls = ["/people/tom", "/people/eve", "/people/eve/network/graph", "/api/v1/people/tom", "/api/v1/people/eve"]
    if role not in ("mentee", "target", "admin"):
        urls += ["/intro?to=tom&k=5", "/intro/graph?to=tom&k=5", "/api/v1/intro?to=tom&k=5"]
    seen = ""
    for url in urls:
        response = browser.get(url)
        assert response.status_code == 200, (url, response.status_code)
        seen += response.get_data(as_text=True)
    return seen


@pytest.mark.parametrize("role", ["mentee", "target", "mentor", "admin"])
def test_the_two_people_their_mentor_and_admins_see_the_introduction(introduced, role):
    assert MADE in _everything_seen(introduced, role)


@pytest.mark.parametrize("role", ["introducer", "hostile"])
def test_everyone_else_sees_an_ordinary_tie(introduced, role):
    seen = _everything_seen(introduced, role)
    assert MADE not in seen and "know each other (since 2026)" in seen


def test_the_paths_of_a_bystander_explain_the_hop_as_an_ordinary_tie(introduced):
    ida = Browser(introduced).login("introducer")
    paths = ida.get("/api/v1/intro?to=tom&k=5").json["paths"]
    hops = [h for p in paths for h in p["hops"] if {h["from"], h["to"]} == {"eve", "tom"}]
    assert hops and all(h["evidence"] == ["know each other (since 2026)"] for h in hops)
    _, edges = graph_data(ida.get("/intro/graph?to=tom&k=5").get_data(as_text=True))
    assert edges and not any(MADE in e.get("title", "") for e in edges)


def _not_found(browser, url: str) -> tuple[int, str]:
    response = browser.get(url)
    message = response.json["error"]["message"] if url.startswith("/api/") else \
        re.search(r"<p>(No person found[^<]*)</p>", response.get_data(as_text=True)).group(1)
    return response.status_code, message.replace("tom@example.com", "X").replace("nobody@example.com", "X")


@pytest.mark.parametrize("url", ["/intro?to={}", "/api/v1/intro?to={}", "/intro/graph?to={}"])
def test_someone_elses_email_finds_nobody_just_as_a_made_up_one(shared_clients, url):
    eve = shared_clients["mentee"]
    tom, nobody = _not_found(eve, url.format("tom@example.com")), _not_found(eve, url.format("nobody@example.com"))
    assert tom == nobody and tom[0] == 404
    assert "Tom Target" not in eve.get(url.format("tom@example.com")).get_data(as_text=True)


def test_admins_and_the_person_themself_may_use_an_email(shared_clients):
    found = shared_clients["admin"].get("/api/v1/intro?from=eve@example.com&to=TOM@example.com")
    assert found.status_code == 200 and found.json["from"] == "eve" and found.json["to"] == "tom"
    own = shared_clients["target"].get("/api/v1/intro?from=tom@example.com&to=ida")
    assert own.status_code == 200 and own.json["from"] == "tom"


def test_a_name_finds_the_person(shared_clients):
    eve = shared_clients["mentee"]
    page = eve.get("/intro?to=Tom Target")
    assert page.status_code == 200 and "Warm paths to" in page.get_data(as_text=True)
    assert eve.get("/api/v1/intro?to=tom%20target").json["to"] == "tom"
    assert eve.get("/intro?to=Tom").status_code == 404  # whole names only: search finds parts


def test_a_shared_name_asks_which_one(app):
    with app.app_context():
        build(get_store(), {"tom2": {"name": "Tom Target", "title": "Sales Lead", "department": "Sales"}}, [])
    eve = Browser(app).login("mentee")
    page = eve.get("/intro?to=Tom Target&k=3").get_data(as_text=True)
    assert "Several people are named" in page
    assert 'href="/intro?to=tom&amp;k=3"' in page and 'href="/intro?to=tom2&amp;k=3"' in page
    answer = eve.get("/api/v1/intro?to=Tom Target")
    assert answer.status_code == 422 and [c["person_id"] for c in answer.json["error"]["candidates"]] == ["tom", "tom2"]
    assert "email" not in answer.json["error"]["candidates"][0]


def test_requests_and_goals_name_people_the_same_way(app):
    eve = Browser(app).login("mentee")
    eve.get("/")
    api = {"X-CSRF-Token": eve.token}
    hidden = eve.client.post("/api/v1/introductions", json={"introducer": "ida", "target": "tom@example.com"},
                             headers=api)
    made_up = eve.client.post("/api/v1/introductions", json={"introducer": "ida", "target": "nobody@example.com"},
                              headers=api)
    assert hidden.status_code == made_up.status_code == 404
    by_name = eve.client.post("/api/v1/introductions", json={"introducer": "Ida Introducer", "target": "Tom Target"},
                              headers=api)
    assert by_name.status_code == 201 and by_name.json["introduction"]["target"] == "tom"
    goal = {"statement": "Meet Tom", "measure": "introductions made", "target_value": 1, "due": "2099-01-01"}
    refused = eve.client.post("/api/v1/goals", json={**goal, "spec": {"people": ["tom@example.com"]}}, headers=api)
    assert refused.status_code == 422 and "tom@example.com" in refused.json["error"]["errors"]["people"]
    assert "Tom Target" not in refused.get_data(as_text=True)
    named = eve.client.post("/api/v1/goals", json={**goal, "spec": {"people": ["tom target"]}}, headers=api)
    assert named.status_code == 201 and named.json["goal"]["spec"]["people"] == ["tom"]
