"""Request bodies: how large one may be, and JSON bodies checked against their published schema.

Every request is capped at ``MAX_CONTENT_LENGTH`` (1 MiB: the largest goal is a few
kilobytes), the import upload at ``MAX_UPLOAD_LENGTH``; a larger body is answered 413 before
it is read. A JSON body is checked against the schema ``/api/v1/openapi.json`` publishes for
its route (:mod:`webui.openapi`, with jsonschema): a value of the wrong type or length is
answered 422 with ``errors`` naming each field by its path (``goal_id``, ``spec/skills/0``),
never passed on to be turned into text or to fail deep inside a service.
"""
from __future__ import annotations

import json
from functools import lru_cache
from itertools import islice
from typing import Any

from flask import Flask, abort, current_app, request
from jsonschema import Draft202012Validator, ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from graphsvc.limits import too_long
from webui.errors import error_response
from webui.openapi import PREFIX, request_schema

__all__ = ["UPLOAD_ENDPOINTS", "init_app", "json_body", "body_errors"]

#: Views that take a file upload, and with it the larger ``MAX_UPLOAD_LENGTH``.
UPLOAD_ENDPOINTS = frozenset({"admin.imports"})
#: A body with more wrong fields than this is answered with the first ones only.
MAX_REPORTED = 20
_JSON_TYPE_NAMES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer",
                    float: "number", type(None): "null"}


def init_app(app: Flask) -> None:
    """Install the upload allowance and the 413 answer. Call before anything that may read a
    body (the CSRF check reads the form): the cap in force when a body is first read is kept."""
    app.before_request(_allow_uploads)
    app.register_error_handler(RequestEntityTooLarge, _too_large)


def _allow_uploads() -> None:
    if request.endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = current_app.config["MAX_UPLOAD_LENGTH"]


def _too_large(exc: RequestEntityTooLarge):
    limit, size = request.max_content_length, request.content_length
    if limit is None or size is None or size <= limit:
        # a single form field past MAX_FORM_MEMORY_SIZE, or a body without its length
        return error_response(413, "A field of this form, or the request, is larger than this page takes.")
    what = "file" if request.endpoint in UPLOAD_ENDPOINTS else "request"
    advice = " Split it, or import it with the command line (intrograph import)." if what == "file" else ""
    return error_response(413, f"The {what} is {size:,} bytes; this takes at most {limit:,} bytes.{advice}")


def _field(path, name: Any = None) -> str:
    parts = [*map(str, path), *([] if name is None else [_short(str(name))])]
    return "/".join(parts)


def _short(text: str, keep: int = 60) -> str:
    return text if len(text) <= keep else text[:keep] + "…"


def _described(error: ValidationError) -> list[tuple[str, str]]:
    """(field, problem) pairs for one schema violation, in words that never repeat the value
    sent (which may be megabytes)."""
    path, kind, expected, value = error.absolute_path, error.validator, error.validator_value, error.instance
    if kind == "required":
        return [(_field(path, name), "is required") for name in expected if name not in value]
    if kind == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        return [(_field(path, name), f"is not a field here; the fields are {', '.join(known)}")
                for name in value if name not in known]
    if kind == "type":
        wanted = " or ".join(expected) if isinstance(expected, list) else expected
        return [(_field(path), f"must be of type {wanted}, not {_JSON_TYPE_NAMES.get(type(value), 'unknown')}")]
    if kind == "maxLength":
        return [(_field(path), too_long(value, expected))]
    if kind == "maxItems":
        return [(_field(path), f"at most {expected:,} entries, not {len(value):,}")]
    if kind == "enum":
        return [(_field(path), f"must be one of {', '.join(map(str, expected))}")]
    return [(_field(path), _short(error.message, 200))]


def body_errors(validator: Draft202012Validator, data: Any) -> dict[str, str]:
    """Each field of ``data`` that breaks the schema (by its path) → what is wrong; ``{}`` if none."""
    found = sorted(islice(validator.iter_errors(data), 100), key=lambda e: [str(p) for p in e.absolute_path])
    errors: dict[str, str] = {}
    for error in found:
        for field, problem in _described(error):
            errors.setdefault(field, problem)
    return dict(islice(errors.items(), MAX_REPORTED))


@lru_cache(maxsize=None)
def _validator(method: str, rule: str) -> Draft202012Validator:
    schema = request_schema(method, rule)
    if schema is None:
        raise LookupError(f"{method} {rule} reads a JSON body but webui/openapi.py publishes no schema for it")
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def json_body() -> dict[str, Any]:
    """The request's JSON object, once it matches its route's published schema.

    400 when the body is not a JSON object (or nests past what the parser can follow); 422
    with ``errors`` by field when it breaks the schema.
    """
    validator = _validator(request.method, request.url_rule.rule)
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        abort(400, f"The JSON is nested too deeply: a request body is an object a few levels deep "
                   f"(see {PREFIX}/openapi.json).")
    if not isinstance(data, dict):
        abort(400, "Send a JSON object (Content-Type: application/json).")
    try:
        # JSON may escape half of a UTF-16 pair (\ud800) alone; no store can keep that as text
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        abort(400, "The JSON holds an escape that is not a character (a lone surrogate such as \\ud800).")
    errors = body_errors(validator, data)
    if errors:
        summary = "; ".join(f"{field}: {problem}" for field, problem in errors.items())
        abort(error_response(422, f"The request does not match its schema ({PREFIX}/openapi.json): {summary}",
                             errors=errors))
    return data
