"""The JSON API: its document, paths, helpers, goals and the introduction workflow by token."""
from __future__ import annotations

from dataclasses import fields

import pytest

from graphsvc import accounts, limits
from graphsvc.goals import GoalSpec
from tests.helpers import ACCOUNTS
from webui.openapi import ROUTES
from webui.storage import get_store


@pytest.fixture
def tokens(app):
    """An API token per account, as a script would hold it."""
    with app.app_context():
        return {role: accounts.create_token(get_store(), email) for role, (email, _) in ACCOUNTS.items()}


def call(app, tokens, role, method, url, **kw):
    return getattr(app.test_client(), method)(url, headers={"Authorization": f"Bearer {tokens[role]}"}, **kw)


def test_openapi_documents_every_api_route(shared_app):
    doc = shared_app.test_client().get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    documented = {(m.upper(), "/api/v1" + p.replace("{", "<").replace("}", ">")) for m, p, *_ in ROUTES}
    served = {(m, r.rule) for r in shared_app.url_map.iter_rules() if r.rule.startswith("/api/v1/")
              and r.rule != "/api/v1/openapi.json" for m in r.methods - {"HEAD", "OPTIONS"}}
    assert documented == served
    for path in doc["paths"].values():
        for op in path.values():
            assert {"401", "403", "503"} <= set(op["responses"])


def test_openapi_publishes_every_part_of_a_goal_spec(shared_app):
    """Each GoalSpec field is a /helpers query parameter and a property of a new goal's spec."""
    doc = shared_app.test_client().get("/api/v1/openapi.json").json
    parts = {f.name for f in fields(GoalSpec)}
    assert parts <= {p["name"] for p in doc["paths"]["/helpers"]["get"]["parameters"]}
    body = doc["paths"]["/goals"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    spec = body["properties"]["spec"]["properties"]
    assert set(spec) == parts
    assert spec["levels"]["items"] == {"type": "integer"}
    assert spec["people"]["items"] == {"type": "string", "maxLength": limits.SPEC_ITEM}


def test_paths_helpers_and_connectors(app, tokens):
    paths = call(app, tokens, "mentee", "get", "/api/v1/intro?to=Tom%20Target&k=2").json
    assert paths["from"] == "eve" and paths["to"] == "tom" and len(paths["paths"]) == 2
    first = paths["paths"][0]
    assert [p["person_id"] for p in first["people"]][0] == "eve" and first["hops"][0]["evidence"]
    mentor_for_mentee = call(app, tokens, "mentor", "get", "/api/v1/intro?from=eve&to=tom")
    assert mentor_for_mentee.status_code == 200
    assert call(app, tokens, "introducer", "get", "/api/v1/intro?from=eve&to=tom").status_code == 403
    assert call(app, tokens, "mentee", "get", "/api/v1/intro?to=tom&k=99").status_code == 400
    helpers = call(app, tokens, "mentee", "get", "/api/v1/helpers?departments=Product").json
    assert [h["person_id"] for h in helpers["helpers"]] == ["tom"] and helpers["helpers"][0]["reasons"]
    by_goal = call(app, tokens, "mentee", "get", f"/api/v1/helpers?goal={_eve_goal(app, tokens)}").json
    assert by_goal["spec"]["departments"] == ["Product"] and by_goal["helpers"]
    assert call(app, tokens, "mentee", "get", "/api/v1/connectors?top=3").json == {"connectors": []}


def _eve_goal(app, tokens):
    return call(app, tokens, "mentee", "get", "/api/v1/goals").json["goals"][0]["id"]


def test_goals_by_api_with_per_part_errors(app, tokens):
    bad = call(app, tokens, "mentee", "post", "/api/v1/goals", json={"statement": "x", "target_value": 0})
    assert bad.status_code == 422
    assert set(bad.json["error"]["errors"]) == {"spec", "measure", "target_value", "due"}
    made = call(app, tokens, "mentee", "post", "/api/v1/goals",
                json={"statement": "Learn Go", "spec": {"skills": ["Go"]}, "measure": "pairing sessions",
                      "target_value": 3, "due": "2099-01-01"})
    assert made.status_code == 201
    goal = made.json["goal"]["id"]
    moved = call(app, tokens, "mentee", "post", f"/api/v1/goals/{goal}/progress", json={"value": 3})
    assert moved.json["goal"]["status"] == "achieved"
    assert call(app, tokens, "mentor", "get", f"/api/v1/goals/{goal}").status_code == 200
    assert call(app, tokens, "mentor", "post", f"/api/v1/goals/{goal}/progress", json={"value": 1}).status_code == 403
    assert call(app, tokens, "mentee", "post", "/api/v1/goals", data="not json").status_code == 400


def test_introduction_workflow_by_api(app, tokens):
    made = call(app, tokens, "mentee", "post", "/api/v1/introductions",
                json={"introducer": "ida", "target": "tom", "message": "<b>hello</b>"})
    assert made.status_code == 201
    intro = made.json["introduction"]["id"]
    assert call(app, tokens, "target", "get", f"/api/v1/introductions/{intro}").status_code == 403
    wrong = call(app, tokens, "mentee", "post", f"/api/v1/introductions/{intro}/transition",
                 json={"to": "introducer_accepted"})
    assert wrong.status_code == 409 and "only the introducer" in wrong.json["error"]["message"]
    for role, to in (("introducer", "introducer_accepted"), ("target", "target_accepted")):
        step = call(app, tokens, role, "post", f"/api/v1/introductions/{intro}/transition", json={"to": to})
        assert step.status_code == 200 and step.json["introduction"]["status"] == to
    seen = call(app, tokens, "mentee", "get", f"/api/v1/introductions/{intro}").json["introduction"]
    assert seen["contact"] == {"eve": "eve@example.com", "tom": "tom@example.com"}
    again = call(app, tokens, "mentee", "post", "/api/v1/introductions", json={"introducer": "ida", "target": "ida"})
    assert again.status_code == 422
    inbox = call(app, tokens, "introducer", "get", "/api/v1/introductions").json
    assert [i["id"] for i in inbox["to_introduce"]] == [intro]
