"""The OpenAPI 3.1 document of ``/api/v1``, built from one table of routes.

Each route with a body names its JSON Schema here, and :mod:`webui.request_body` checks every
body against the schema this document publishes: one source of truth, so a script author
reads exactly what the server enforces. Text limits come from :mod:`graphsvc.limits`, the
same ones the services check.
"""
from __future__ import annotations

from typing import Any, get_args, get_type_hints

from graphsvc import limits
from graphsvc.goals import SPEC_KEYS, GoalSpec
from graphsvc.introductions import STATUSES as INTRO_STATUSES

__all__ = ["PREFIX", "ROUTES", "document", "flask_rule", "request_schema"]

#: Where the API lives; every path below is under it.
PREFIX = "/api/v1"


def _q(name: str, description: str, type_: str = "string", required: bool = False,
       max_length: int | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": type_}
    if max_length is not None:
        schema["maxLength"] = max_length
    return {"name": name, "in": "query", "required": required, "description": description, "schema": schema}


def _p(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _text(max_length: int, description: str) -> dict[str, Any]:
    return {"type": "string", "maxLength": max_length, "description": description}


def _body(properties: dict[str, dict], required: tuple[str, ...] = ()) -> dict[str, Any]:
    """A request body: an object of exactly these properties (a misspelt field is an error,
    not silently ignored)."""
    return {"type": "object", "additionalProperties": False, "properties": properties, "required": list(required)}


# A goal's spec is published from its one definition, GoalSpec: a part added there is
# documented here without a second list to keep in step.
_SPEC_QUERY = [_q(k, f"comma-separated {k} the helper should match") for k in SPEC_KEYS]
_JSON_TYPES = {str: {"type": "string", "maxLength": limits.SPEC_ITEM}, int: {"type": "integer"}}
_SPEC_ITEM_TYPES = {k: get_args(t)[0] for k, t in get_type_hints(GoalSpec).items()}
_SPEC_SCHEMA = {"type": "object", "additionalProperties": False,
                "description": "what the goal targets: at least one part must name something",
                "properties": {k: {"type": "array", "maxItems": limits.SPEC_ITEMS,
                                   "items": _JSON_TYPES[_SPEC_ITEM_TYPES[k]]}
                               for k in SPEC_KEYS}}

#: A change's compare-and-set: the record's ``version`` as the client read it.
_VERSION = {"type": "integer", "minimum": 0,
            "description": "the version of the record as you read it (every record carries one): if it changed "
                           "since, the answer is 409 and nothing changes"}

#: Bodies, by what they carry. A goal's parts are not ``required`` here: leaving one out is
#: answered by the goal's own rules, which name every part that is missing at once.
GOAL_BODY = _body({
    "statement": _text(limits.GOAL_STATEMENT, "the goal in a sentence"),
    "spec": _SPEC_SCHEMA,
    "measure": _text(limits.GOAL_MEASURE, "how progress is measured, e.g. 'introductions made'"),
    "target_value": {"type": "number", "description": "the value that means done (> 0)"},
    "due": {"type": "string", "format": "date", "maxLength": 10, "description": "YYYY-MM-DD, in the future"},
    "achievable": _text(limits.GOAL_REASON, "why it is within reach"),
    "relevant": _text(limits.GOAL_REASON, "why it matters"),
})
PROGRESS_BODY = _body({
    "value": {"type": "number", "description": "the current value (not an increment), at least 0"},
    "note": _text(limits.PROGRESS_NOTE, "what happened"),
    "version": _VERSION,
}, required=("value",))
INTRO_REQUEST_BODY = _body({
    "introducer": _text(limits.PERSON_REF, "person_id or e-mail of who you ask"),
    "target": _text(limits.PERSON_REF, "person_id or e-mail of who you want to meet"),
    "goal_id": {"type": ["string", "null"], "maxLength": limits.RECORD_ID, "description": "a goal of yours it serves"},
    "message": _text(limits.INTRO_MESSAGE, "to the introducer"),
}, required=("introducer", "target"))
MENTOR_INTRO_BODY = _body({
    "mentee": _text(limits.PERSON_REF, "person_id or e-mail of your current mentee"),
    "target": _text(limits.PERSON_REF, "person_id or e-mail of the colleague of yours to introduce them to"),
    "goal_id": {"type": ["string", "null"], "maxLength": limits.RECORD_ID,
                "description": "the mentee's goal it serves (a pick's goals name them)"},
    "message": _text(limits.INTRO_MESSAGE, "to the colleague and the mentee"),
}, required=("mentee", "target"))
MAX_MENTEES_BODY = _body({
    "max_mentees": {"type": "integer", "minimum": 0, "maximum": limits.MENTEE_PLACES,
                    "description": "how many current mentees the person takes at most (0: none)"},
}, required=("max_mentees",))
TRANSITION_BODY = _body({
    "to": {"type": "string", "enum": list(INTRO_STATUSES), "description": "the status to move to"},
    "note": _text(limits.TRANSITION_NOTE, "why; closing needs one (the outcome)"),
    "version": _VERSION,
}, required=("to",))

#: (method, path, summary, parameters, request body schema or None, success status)
ROUTES: list[tuple[str, str, str, list, dict | None, int]] = [
    ("get", "/dashboard", "Your dashboard: waiting introductions, open requests, goals, people to meet, "
     "mentor candidates, mentees with picks; imports, counts and analytics for admins", [], None, 200),
    ("get", "/people", "Search people by name, title, department or id (accents and case ignored; e-mail for "
     "admins and your own), skill and department (paged)",
     [_q("q", "name, title, department or id contains (e-mail: admins and your own only)",
         max_length=limits.SEARCH_TEXT),
      _q("skill", "has this skill", max_length=limits.SEARCH_TEXT),
      _q("department", "in this department", max_length=limits.SEARCH_TEXT),
      _q("offset", "skip this many", "integer"), _q("limit", "at most this many (1-100)", "integer")], None, 200),
    ("get", "/people/{person_id}", "A person (e-mail for admins and themself), their analytics scores, "
     "current mentors and mentees, and their ties with evidence", [_p("person_id")], None, 200),
    ("get", "/people/{person_id}/network", "The people and ties around a person (strongest first, capped)",
     [_p("person_id"), _q("depth", "hops: 1 or 2", "integer")], None, 200),
    ("get", "/people/{person_id}/mentors", "Suggested mentors for a person, with room for a mentee "
     "(the person, their mentors and admins)", [_p("person_id"), _q("k", "how many (1-50)", "integer")], None, 200),
    ("get", "/people/{person_id}/meet", "People two hops away worth meeting (the person, their mentors and admins)",
     [_p("person_id"), _q("k", "how many (1-50)", "integer")], None, 200),
    ("post", "/people/{person_id}/max_mentees", "Set how many mentees a person takes at most (admins)",
     [_p("person_id")], MAX_MENTEES_BODY, 200),
    ("get", "/people/{person_id}/export", "Everything stored about a person, accounts without secrets (admins)",
     [_p("person_id")], None, 200),
    ("get", "/intro", "Warmest introduction paths to a person, every hop explained",
     [_q("to", "name or person_id to reach (e-mail: admins and your own only; a shared name: 422 "
          "with candidates)", required=True), _q("from", "start (default: you)"),
      _q("k", "how many paths (1-10)", "integer"), _q("max_hops", "longest path (1-6)", "integer")], None, 200),
    ("get", "/helpers", "Who could help with a goal, or with a spec given part by part",
     [_q("goal", "goal id"), _q("k", "how many (1-50)", "integer"), *_SPEC_QUERY], None, 200),
    ("get", "/connectors", "People ranked by brokerage (from the last analytics run)",
     [_q("top", "how many (1-200)", "integer"), _q("department", "only this department")], None, 200),
    ("get", "/health", "Network health: isolated people, mentees without a mentor, unlinked departments, "
     "busiest introducers, mentors over capacity (admins)", [], None, 200),
    ("get", "/goals", "Your goals", [], None, 200),
    ("post", "/goals", "Set a SMART goal (422 names each part that is missing or wrong)", [], GOAL_BODY, 201),
    ("get", "/goals/{goal_id}", "A goal (its owner, their mentors and admins)", [_p("goal_id")], None, 200),
    ("post", "/goals/{goal_id}/progress", "Record a goal's current value", [_p("goal_id")], PROGRESS_BODY, 200),
    ("get", "/introductions", "Your introductions: sent, to_introduce, received", [], None, 200),
    ("post", "/introductions", "Ask an introducer to introduce you to a target", [], INTRO_REQUEST_BODY, 201),
    ("post", "/introductions/by-mentor", "Introduce your current mentee to a colleague of yours: you are the "
     "introducer and have accepted, so it waits on the colleague's consent (403 for someone else's mentee)",
     [], MENTOR_INTRO_BODY, 201),
    ("get", "/introductions/{intro_id}", "An introduction (contact details once both said yes)",
     [_p("intro_id")], None, 200),
    ("post", "/introductions/{intro_id}/transition",
     "Move an introduction: introducer_accepted, target_accepted, declined, made, met, closed, withdrawn",
     [_p("intro_id")], TRANSITION_BODY, 200),
]


def flask_rule(path: str) -> str:
    """``/goals/{goal_id}`` → ``/api/v1/goals/<goal_id>``, the rule Flask routes it by."""
    return PREFIX + path.replace("{", "<").replace("}", ">")


_BODIES = {(method.upper(), flask_rule(path)): body for method, path, _, _, body, _ in ROUTES if body is not None}


def request_schema(method: str, rule: str) -> dict[str, Any] | None:
    """The JSON Schema of the body of ``method`` on the Flask ``rule``, as published."""
    return _BODIES.get((method.upper(), rule))


_ERRORS = {"400": "bad request", "401": "not logged in / bad token", "403": "not allowed for your role",
           "404": "not found", "409": "not possible in the current state, or changed since you read it (reload)",
           "413": "the body is larger than the API takes", "422": "invalid input: error.errors names each field",
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
            op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
        paths.setdefault(path, {})[method] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": "intrograph API", "version": "1",
                 "description": "Warm introductions through your organisation's network. Authenticate with the "
                                "session cookie of a logged-in browser (send X-CSRF-Token on writes) or with "
                                "'Authorization: Bearer TOKEN' (create a token on your account page)."},
        "servers": [{"url": PREFIX}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                                "session": {"type": "apiKey", "in": "cookie", "name": "session"}},
            "schemas": {"Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
                "status": {"type": "integer"}, "message": {"type": "string"}, "errors": {"type": "object"}}}}}},
        },
        "security": [{"bearer": []}, {"session": []}],
        "paths": paths,
    }
