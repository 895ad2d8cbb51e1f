"""Reading a request's query arguments, one way for the pages and the JSON API.

This is the one module that reads ``request.args`` (JSON bodies are :mod:`webui.request_body`'s;
``tests/web/test_layers.py`` keeps it so). Each reader answers 400 (or 403) itself when the
argument is unusable, like the lookups in :mod:`webui.lookups`, so that a page and its API
route cannot come to read the same argument differently.
"""
from __future__ import annotations

from typing import Any, Mapping

from flask import abort, request

from graphsvc import limits
from graphsvc.goals import SPEC_KEYS, GoalSpec
from graphsvc.person_network import NETWORK_DEPTHS
from webui.lookups import acting_as, own_person_id, person_id_for

__all__ = ["int_arg", "text_arg", "optional", "optional_arg", "query_args", "depth_arg", "search_args",
           "spec_from", "spec_arg", "source_arg", "version_of"]


def int_arg(name: str, default: int, lo: int, hi: int) -> int:
    """A bounded whole-number query argument; 400 when it is not one."""
    try:
        value = int(request.args.get(name, default))
    except ValueError:
        abort(400, f"{name} must be a whole number")
    if not lo <= value <= hi:
        abort(400, f"{name} must be between {lo} and {hi}")
    return value


def text_arg(name: str) -> str:
    """A trimmed text query argument ('' when missing)."""
    return request.args.get(name, "").strip()


def optional(values: Mapping[str, str], name: str) -> str | None:
    """A trimmed text argument of a query or form, or ``None`` when it is missing or blank."""
    return values.get(name, "").strip() or None


def version_of(values: Mapping[str, Any]) -> int | None:
    """The ``version`` of the record a change was decided on: a form's hidden field or a JSON
    body's number; ``None`` when not given. 422 when it is not a whole number."""
    value = values.get("version")
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    abort(422, "version must be the whole number of the version you read (it is in the record you were shown)")


def optional_arg(name: str) -> str | None:
    """A trimmed text query argument, or ``None`` when it is missing or blank."""
    return optional(request.args, name)


def query_args() -> dict[str, str]:
    """The query as it came, for a link to the same page with one argument changed."""
    return request.args.to_dict()


def depth_arg() -> int:
    """How many hops a network view reaches (``depth``, default 1)."""
    depth = request.args.get("depth", "1")
    if depth not in {str(d) for d in NETWORK_DEPTHS}:
        abort(400, f"depth is {' or '.join(map(str, NETWORK_DEPTHS))}")
    return int(depth)


def search_args() -> dict[str, Any]:
    """The people search's criteria (each at most ``limits.SEARCH_TEXT`` long) and page."""
    try:
        page = max(1, int(request.args.get("page", 1)))
    except ValueError:
        abort(400, "page must be a whole number")
    for name in ("q", "skill", "department"):
        if problem := limits.too_long(request.args.get(name, "").strip(), limits.SEARCH_TEXT):
            abort(400, f"{name}: {problem}")
    return {"text": request.args.get("q", "").strip(), "skill": optional(request.args, "skill"),
            "department": optional(request.args, "department"), "page": page}


def spec_from(values: Mapping[str, str]) -> GoalSpec:
    """A goal's Specific part from comma-separated fields (form or query), one per spec key."""
    return GoalSpec.from_dict({k: [v.strip() for v in values.get(k, "").split(",") if v.strip()]
                               for k in SPEC_KEYS})


def spec_arg() -> GoalSpec:
    """A goal's Specific part given part by part in the query (:func:`spec_from`)."""
    return spec_from(request.args)


def source_arg() -> str:
    """Whose paths: the viewer's own, or (for admins and mentors) someone they act for, named
    as in any person field (:func:`webui.lookups.person_id_for`)."""
    named = optional(request.args, "from")
    source = person_id_for(named) if named else own_person_id()
    acting_as(source)
    return source
