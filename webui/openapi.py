"""The OpenAPI 3.1 document of ``/api/v1``, built from one table of routes."""
from __future__ import annotations

from typing import Any, get_args, get_type_hints

from graphsvc.goals import SPEC_KEYS, GoalSpec

__all__ = ["ROUTES", "document"]


def _q(name: str, description: str, type_: str = "string", required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": {"type": type_}}


def _p(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


# A goal's spec is published from its one definition, GoalSpec: a part added there is
# documented here without a second list to keep in step.
_SPEC_QUERY = [_q(k, f"comma-separated {k} the helper should match") for k in SPEC_KEYS]
_JSON_TYPES = {str: "string", int: "integer"}
_SPEC_ITEM_TYPES = {k: get_args(t)[0] for k, t in get_type_hints(GoalSpec).items()}
_SPEC_SCHEMA = {"type": "object", "additionalProperties": False,
                "properties": {k: {"type": "array", "items": {"type": _JSON_TYPES[_SPEC_ITEM_TYPES[k]]}}
                               for k in SPEC_KEYS}}

#: A change's compare-and-set: the record's ``version`` as the client read it.
_VERSION = {"type": "integer", "minimum": 0,
            "description": "the version of the record as you read it (every record carries one): if it changed "
                           "since, the answer is 409 and nothing changes"}

#: (method, path, summary, parameters, request body properties or None, success status);
#: a body property is a JSON type name or a whole schema.
ROUTES: list[tuple[str, str, str, list, dict | None, int]] = [
    ("get", "/people", "Search people by name or id, skill and department (paged)",
     [_q("q", "name or id contains"), _q("skill", "has this skill"), _q("department", "in this department"),
      _q("offset", "skip this many", "integer"), _q("limit", "at most this many (1-100)", "integer")], None, 200),
    ("get", "/people/{person_id}", "A person and their ties with evidence (e-mail for admins and themself)",
     [_p("person_id")], None, 200),
    ("get", "/intro", "Warmest introduction paths to a person, every hop explained",
     [_q("to", "person_id or e-mail to reach", required=True), _q("from", "start (default: you)"),
      _q("k", "how many paths (1-10)", "integer"), _q("max_hops", "longest path (1-6)", "integer")], None, 200),
    ("get", "/helpers", "Who could help with a goal, or with a spec given part by part",
     [_q("goal", "goal id"), _q("k", "how many (1-50)", "integer"), *_SPEC_QUERY], None, 200),
    ("get", "/connectors", "People ranked by brokerage (from the last analytics run)",
     [_q("top", "how many (1-200)", "integer"), _q("department", "only this department")], None, 200),
    ("get", "/goals", "Your goals", [], None, 200),
    ("post", "/goals", "Set a SMART goal (422 names each part that is missing or wrong)", [],
     {"statement": "string", "spec": _SPEC_SCHEMA, "measure": "string", "target_value": "number",
      "due": "string", "achievable": "string", "relevant": "string"}, 201),
    ("get", "/goals/{goal_id}", "A goal (its owner, their mentors and admins)", [_p("goal_id")], None, 200),
    ("post", "/goals/{goal_id}/progress", "Record a goal's current value", [_p("goal_id")],
     {"value": "number", "note": "string", "version": _VERSION}, 200),
    ("get", "/introductions", "Your introductions: sent, to_introduce, received", [], None, 200),
    ("post", "/introductions", "Ask an introducer to introduce you to a target", [],
     {"introducer": "string", "target": "string", "goal_id": "string", "message": "string"}, 201),
    ("get", "/introductions/{intro_id}", "An introduction (contact details once both said yes)",
     [_p("intro_id")], None, 200),
    ("post", "/introductions/{intro_id}/transition",
     "Move an introduction: introducer_accepted, target_accepted, declined, made, met, closed, withdrawn",
     [_p("intro_id")], {"to": "string", "note": "string", "version": _VERSION}, 200),
]

_ERRORS = {"400": "bad request", "401": "not logged in / bad token", "403": "not allowed for your role",
           "404": "not found", "409": "not possible in the current state, or changed since you read it (reload)", "422": "invalid input",
           "503": "the graph database is unavailable"}


def document() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for method, path, summary, params, body, status in ROUTES:
        op: dict[str, Any] = {"summary": summary, "parameters": params,
                              "responses": {str(status): {"description": "OK",
                                                          "content": {"application/json": {"schema": {"type": "object"}}}},
                                            **{code: {"description": text, **error} for code, text in _ERRORS.items()}}}
        if body is not None:
            op["requestBody"] = {"required": True, "content": {"application/json": {"schema": {
                "type": "object",
                "properties": {k: t if isinstance(t, dict) else {"type": t} for k, t in body.items()}}}}}
        paths.setdefault(path, {})[method] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": "intrograph API", "version": "1",
                 "description": "Warm introductions through your organisation's network. Authenticate with the "
                                "session cookie of a logged-in browser (send X-CSRF-Token on writes) or with "
                                "'Authorization: Bearer TOKEN' (create a token on your account page)."},
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                                "session": {"type": "apiKey", "in": "cookie", "name": "session"}},
            "schemas": {"Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
                "status": {"type": "integer"}, "message": {"type": "string"}, "errors": {"type": "object"}}}}}},
        },
        "security": [{"bearer": []}, {"session": []}],
        "paths": paths,
    }
