"""A mentor's one-click introduction of their own mentee (issue 10 item 1): pages, API and CLI.

Max mentors Eve (active); Eve's goal is to meet someone in Product; Max worked with Tom
(Product) on Atlas, so Tom is one of Max's picks for Eve. Ida is a mentor too, but not Eve's.
"""
from __future__ import annotations

import re

import pytest

from graphsvc.embedded import EmbeddedStore
from graphsvc.model import Tie
from tests.helpers import ATLAS, Browser, build, run_cli, seed


@pytest.fixture
def store(app):
    store = app.extensions["intrograph.store"].get()
    build(store, {}, [ATLAS])
    return store


def intro_id_of(response) -> str:
    found = re.search(r"/introductions/(I-[\w-]+)$", response.headers["Location"])
    assert found, response.headers.get("Location")
    return found.group(1)


def test_the_dashboard_shows_each_picks_evidence_and_introduces_in_one_click(app, store, ids):
    max_ = Browser(app).login("mentor")
    page = max_.get("/").get_data(as_text=True)
    pick = page[page.index('id="pick-eve-tom"'):]
    pick = pick[:pick.index("</li>")]
    assert "worked together on Atlas (2019–2021)" in pick
    assert "Product" in pick and "Meet someone in Product" in pick
    assert f'name="goal" value="{ids["eve_goal"]}"' in pick
    assert "Introduce Eve Mentee to Tom Target" in pick

    response = max_.post("/introductions/by-mentor", {"mentee": "eve", "target": "tom", "goal": ids["eve_goal"]})
    assert response.status_code == 302
    intro = store.get_record("Introduction", intro_id_of(response))
    assert (intro["requester"], intro["introducer"], intro["target"], intro["status"], intro["goal_id"]) == \
        ("eve", "max", "tom", "introducer_accepted", ids["eve_goal"])

    tom = Browser(app).login("target")
    assert f"/introductions/{intro['id']}" in tom.get("/").get_data(as_text=True)  # waiting for his answer
    tom.get(f"/introductions/{intro['id']}")
    moved = tom.post(f"/introductions/{intro['id']}/move", {"to": "target_accepted", "version": intro["version"]})
    assert moved.status_code == 302
    assert store.get_record("Introduction", intro["id"])["status"] == "target_accepted"


def test_the_mentees_page_offers_the_same_action_to_their_mentor_only(app, store):
    assert "Introduce Eve Mentee to Tom Target" in Browser(app).login("mentor").get("/people/eve").get_data(as_text=True)
    for role in ("introducer", "admin", "mentee"):
        page = Browser(app).login(role).get("/people/eve").get_data(as_text=True)
        assert 'id="mentor-picks"' not in page and "Introduce Eve" not in page, role


@pytest.mark.parametrize("mentorship", [None, {"status": "planned", "since": "2099-01-01"}])
def test_another_mentor_or_a_planned_mentorship_is_refused_and_nothing_is_written(app, store, mentorship):
    if mentorship:
        build(store, {}, [Tie("MENTORS", "ida", "eve", mentorship)])
    ida = Browser(app).login("introducer")
    ida.get("/")
    assert ida.post("/introductions/by-mentor", {"mentee": "eve", "target": "tom"}).status_code == 403
    api = ida.client.post("/api/v1/introductions/by-mentor", json={"mentee": "eve", "target": "tom"},
                          headers={"X-CSRF-Token": ida.token})
    assert api.status_code == 403 and "not the current mentor" in api.get_json()["error"]["message"]
    assert store.find_records("Introduction", introducer="ida") == []


def test_the_form_needs_its_csrf_token(app, store):
    max_ = Browser(app).login("mentor")
    response = max_.client.post("/introductions/by-mentor", data={"mentee": "eve", "target": "tom"})
    assert response.status_code in (400, 403)
    assert store.find_records("Introduction", introducer="max") == []


def test_the_api_answers_201_then_422_for_the_duplicate_and_for_a_bad_body(app, store, ids):
    max_ = Browser(app).login("mentor")
    max_.get("/")

    def post(body):
        return max_.client.post("/api/v1/introductions/by-mentor", json=body, headers={"X-CSRF-Token": max_.token})
    created = post({"mentee": "eve", "target": "tom", "goal_id": ids["eve_goal"]})
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["introduction"]["status"] == "introducer_accepted"
    again = post({"mentee": "eve", "target": "tom"})
    assert again.status_code == 422 and "already has an open introduction" in again.get_json()["error"]["message"]
    assert post({"mentee": "eve"}).status_code == 422
    assert post({"mentee": "eve", "target": "tom", "colour": "red"}).status_code == 422
    assert len(store.find_records("Introduction", introducer="max")) == 1


def test_the_body_schema_is_published(app):
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    op = document["paths"]["/introductions/by-mentor"]["post"]
    schema = op["requestBody"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["mentee", "target"] and {"201", "403", "409", "422"} <= set(op["responses"])


def test_the_cli_introduces_for_a_current_mentee_and_refuses_another_mentors(tmp_path, capsys):
    uri = f"sqlite:///{tmp_path / 'cli.db'}"
    store = EmbeddedStore(uri)
    ids = seed(store)
    build(store, {}, [ATLAS])
    store.close()
    status, out, err = run_cli(capsys, "introduce", "--by", "max@example.com", "--mentee", "eve", "--to", "tom",
                               "--goal", ids["eve_goal"], "--store", uri)
    assert status == 0, err
    assert "[introducer_accepted] eve → tom via max, for goal" in out and "waiting for tom" in out
    status, out, err = run_cli(capsys, "introduce", "--by", "ida", "--mentee", "eve", "--to", "tom", "--store", uri)
    assert status == 1 and "ida is not the current mentor of eve" in err and out == ""
