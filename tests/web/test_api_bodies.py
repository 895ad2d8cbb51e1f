"""Every JSON API body is checked against the schema /api/v1/openapi.json publishes for it.

Wrong types used to answer 500 (``goal_id: ["x"]``, a progress note or a goal statement as a
list, ``achievable`` as an object) or to be turned into text silently (an introducer given as
a number). Now each answers 422 naming the field; and no value in any field of any body
(wrong types, oversize texts, arbitrary JSON from hypothesis) ever answers 500.
"""
from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from graphsvc import accounts, limits
from tests.helpers import ACCOUNTS
from webui.openapi import ROUTES, flask_rule, request_schema
from webui.storage import get_store

BODY_ROUTES = [(method, path, body) for method, path, _, _, body, _ in ROUTES if body is not None]


#: Routes only admins may call: their bodies are sent as an admin.
ADMIN_ROUTES = ("/max_mentees",)
#: Routes only mentors may call: their bodies are sent as Max, Eve's mentor.
MENTOR_ROUTES = ("/by-mentor",)


@pytest.fixture
def api(app, ids):
    """``api(url, body)`` posts as the mentee Eve with her API token (as an admin to ADMIN_ROUTES,
    as her mentor Max to MENTOR_ROUTES)."""
    with app.app_context():
        tokens = {role: accounts.create_token(get_store(), ACCOUNTS[role][0]) for role in ("mentee", "admin", "mentor")}
    client = app.test_client()

    def post(url, body=None, **kw):
        kw.setdefault("json", body)
        token = tokens["admin" if url.endswith(ADMIN_ROUTES) else "mentor" if url.endswith(MENTOR_ROUTES)
                       else "mentee"]
        return client.post(url, headers={"Authorization": f"Bearer {token}"}, **kw)
    return post


def _url(path: str, ids) -> str:
    """A route's URL with real ids: Eve's goal, the introduction Eve is asked to make, Eve."""
    return "/api/v1" + path.replace("{goal_id}", ids["eve_goal"]).replace("{intro_id}", ids["xss_intro"]) \
        .replace("{person_id}", "eve")


def _valid(path: str, ids) -> dict:
    """A body each route accepts as Eve (or as whom :func:`api` sends it)."""
    return {
        "/goals": {"statement": "Learn Go", "spec": {"skills": ["Go"], "levels": [5]}, "measure": "pairing sessions",
                   "target_value": 3, "due": "2099-01-01", "achievable": "weekly", "relevant": "for the team"},
        "/goals/{goal_id}/progress": {"value": 1, "note": "one of two"},
        "/introductions": {"introducer": "max", "target": "tom", "goal_id": ids["eve_goal"], "message": "Hello"},
        "/introductions/{intro_id}/transition": {"to": "declined", "note": "not now"},
        "/introductions/by-mentor": {"mentee": "eve", "target": "img", "goal_id": ids["eve_goal"], "message": "Hi"},
        "/people/{person_id}/max_mentees": {"max_mentees": 2},
    }[path]


def test_every_body_route_publishes_a_valid_schema_and_is_checked_against_it(shared_app):
    doc = shared_app.test_client().get("/api/v1/openapi.json").json
    served = {(m, r.rule) for r in shared_app.url_map.iter_rules() if r.rule.startswith("/api/v1/")
              for m in r.methods & {"POST", "PUT", "PATCH"}}
    assert served == {(m.upper(), flask_rule(p)) for m, p, _ in BODY_ROUTES}
    for method, path, _ in BODY_ROUTES:
        published = doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
        Draft202012Validator.check_schema(published)
        assert published == request_schema(method, flask_rule(path))


def _fields(schema: dict, path: tuple = ()):
    """(path, subschema) of every property and array item below ``schema``."""
    for name, sub in schema.get("properties", {}).items():
        yield (*path, name), sub
        yield from _fields(sub, (*path, name))
    if "items" in schema:
        yield (*path, 0), schema["items"]
        yield from _fields(schema["items"], (*path, 0))


def test_every_text_of_every_body_has_a_published_length_limit(shared_app):
    doc = shared_app.test_client().get("/api/v1/openapi.json").json
    for method, path, _ in BODY_ROUTES:
        schema = doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
        for field, sub in _fields(schema):
            types = sub.get("type")
            if "string" in (types if isinstance(types, list) else [types]) and "enum" not in sub:
                assert sub.get("maxLength"), (path, field)
            if types == "array":
                assert sub.get("maxItems"), (path, field)


def _with(body: dict, field: tuple, value) -> dict:
    """``body`` with ``value`` at ``field`` (array items become a one-item array)."""
    body = copy.deepcopy(body)
    at = body
    for i, key in enumerate(field[:-1]):
        nxt = field[i + 1]
        if isinstance(key, int):
            at[:] = [[] if isinstance(nxt, int) else {}]
        else:
            at = at.setdefault(key, [] if isinstance(nxt, int) else {})
            continue
        at = at[0]
    last = field[-1]
    if isinstance(last, int):
        at[:] = [value]
    else:
        at[last] = value
    return body


def _wrong_values(schema: dict) -> list:
    """Values of every JSON type, and one just over each length or count limit, that
    ``schema`` refuses."""
    values = [None, True, 7, 1.5, "text", [], ["x"], {}, {"a": 1}]
    if "maxLength" in schema:
        values.append("é" * (schema["maxLength"] + 1))
    if "maxItems" in schema:
        values.append(["Go"] * (schema["maxItems"] + 1))
    return [v for v in values if not Draft202012Validator(schema).is_valid(v)]


def test_the_wrong_types_of_the_report_answer_422_naming_the_field(api, ids):
    cases = [
        ("/introductions", {"introducer": "max", "target": "tom", "goal_id": ["x"]}, "goal_id", "array"),
        (f"/goals/{ids['eve_goal']}/progress", {"value": 1, "note": ["a"]}, "note", "array"),
        ("/goals", {**_valid("/goals", ids), "statement": ["a"]}, "statement", "array"),
        ("/goals", {**_valid("/goals", ids), "achievable": {"x": 1}}, "achievable", "object"),
        # once turned into the text "5" and looked up as a person
        ("/introductions", {"introducer": 5, "target": "tom"}, "introducer", "integer"),
    ]
    for url, body, field, sent in cases:
        response = api("/api/v1" + url, body)
        assert response.status_code == 422, (url, body, response.json)
        wanted = "string or null" if field == "goal_id" else "string"
        assert response.json["error"]["errors"] == {field: f"must be of type {wanted}, not {sent}"}
        assert f"{field}: must be of type" in response.json["error"]["message"]
    assert api("/api/v1/goals", {"statement": "a"}).json["error"]["errors"].keys() == {
        "spec", "measure", "target_value", "due"}  # a missing part is the goal's rules' to name


def test_every_field_of_every_body_refuses_every_wrong_type_with_422_naming_it(api, ids):
    for method, path, schema in BODY_ROUTES:
        for field, sub in _fields(schema):
            name = "/".join(map(str, field))
            for value in _wrong_values(sub):
                response = api(_url(path, ids), _with(_valid(path, ids), field, value))
                assert response.status_code == 422, (path, name, value, response.json)
                errors = response.json["error"]["errors"]
                assert any(name == key or f"{key}/".startswith(f"{name}/") or f"{name}/".startswith(f"{key}/")
                           for key in errors), (path, name, value, errors)


@pytest.mark.parametrize("raw", ["[" * 100_000, "[1]", '"text"', "{", '{"note": "\\ud800"}', "null"])
def test_bodies_that_are_not_an_object_of_text_answer_400(api, ids, raw):
    for _, path, _ in BODY_ROUTES:
        response = api(_url(path, ids), json=None, data=raw, content_type="application/json")
        assert response.status_code == 400, (path, raw[:20], response.json)
    deep = api(_url("/goals", ids), json=None, data="[" * 100_000, content_type="application/json")
    assert "nested too deeply" in deep.json["error"]["message"]


def test_unknown_fields_and_missing_required_ones_are_named(api, ids):
    response = api(_url("/introductions/{intro_id}/transition", ids), {"status": "declined"})
    assert response.json["error"]["errors"] == {
        "status": "is not a field here; the fields are note, to, version", "to": "is required"}


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=12)
FIELDS = [(path, field) for _, path, schema in BODY_ROUTES for field, _ in _fields(schema)]


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(where=st.sampled_from(FIELDS), value=JSON | st.sampled_from(["", "max", "tom", "eve", "made", "closed",
                                                                    "2099-01-01", "1e308", 0, -1, 1e308]))
def test_no_value_in_any_field_answers_500(api, ids, where, value):
    """Valid or not, whatever a field holds is answered 2xx, 4xx — never 500."""
    path, field = where
    response = api(_url(path, ids), _with(_valid(path, ids), field, value))
    assert response.status_code < 500, (path, field, value, response.json)
    if not Draft202012Validator(request_schema("POST", flask_rule(path))).is_valid(_with(_valid(path, ids), field,
                                                                                        value)):
        assert response.status_code == 422


def test_a_body_larger_than_the_api_takes_is_answered_413(api, ids):
    response = api(_url("/goals", ids), {**_valid("/goals", ids), "statement": "x" * 8_000_000})
    assert response.status_code == 413
    assert response.json["error"]["message"].startswith("The request is 8,000,")
    assert response.json["error"]["message"].endswith("this takes at most 1,048,576 bytes.")


def test_published_limits_are_the_services_limits(shared_app):
    doc = shared_app.test_client().get("/api/v1/openapi.json").json
    goal = doc["paths"]["/goals"]["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"]
    assert goal["statement"]["maxLength"] == limits.GOAL_STATEMENT
    assert goal["spec"]["properties"]["skills"]["maxItems"] == limits.SPEC_ITEMS
    people = {p["name"]: p["schema"] for p in doc["paths"]["/people"]["get"]["parameters"]}
    assert people["q"]["maxLength"] == limits.SEARCH_TEXT
