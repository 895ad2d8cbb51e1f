"""One way to answer an error, for pages and the JSON API alike.

Every failure a user can meet ends in :func:`error_response`: a friendly page for a browser,
``{"error": {"status", "message", ...}}`` for the API. Domain exceptions map to statuses
here, once, so views simply let them rise. Nothing ever shows a traceback.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from flask import Flask, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException

from graphsvc.accounts import AccountError
from graphsvc.goals import GoalInvalid, GoalNotFound
from graphsvc.introductions import IntroNotFound, RequestRefused, TransitionError
from graphsvc.mentors import NotTheirMentor
from graphsvc.model import Conflict, PersonNotFound, StoreError, StoreUnavailable
from graphsvc.person_lookup import AmbiguousPerson

__all__ = ["error_response", "wants_json", "init_app"]

log = logging.getLogger(__name__)

TITLES = {
    400: "That request did not make sense",
    401: "Please log in",
    403: "Not yours to see",
    404: "Not found",
    405: "Not allowed here",
    409: "That cannot happen now",
    413: "That is too large",
    422: "Please check what you entered",
    429: "Too many attempts",
    500: "Something went wrong on our side",
    503: "The graph is unavailable",
}


#: Domain exceptions → status and what the user reads. Flask picks the most specific class,
#: so the ValueError catch-all (the graph service's "what was wrong with your request",
#: as the CLI prints it) only takes what nothing above it names.
DOMAIN_ERRORS: list[tuple[type[Exception], int, Callable[[Any], str]]] = [
    (PersonNotFound, 404, lambda exc: f"No person found for {exc.ref!r}: give their name or id."),
    (GoalNotFound, 404, lambda exc: "No such goal."),
    (IntroNotFound, 404, lambda exc: "No such introduction."),
    (NotTheirMentor, 403, str),
    (RequestRefused, 422, str),
    (TransitionError, 409, str),
    (Conflict, 409, str),
    (AccountError, 422, str),
    (ValueError, 422, str),
]


def wants_json() -> bool:
    """API paths always get JSON; elsewhere, a client that asks for JSON first gets it."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def error_response(status: int, message: str, **details: Any):
    """The response for an error: ``details`` (e.g. per-field ``errors``) go to both forms."""
    if wants_json():
        response = jsonify(error={"status": status, "message": message, **details})
    else:
        response = make_response(render_template("error.html", status=status, title=TITLES.get(status, "Error"),
                                                 message=message, details=details))
    response.status_code = status
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        response = error_response(exc.code or 500, exc.description or TITLES.get(exc.code, "Error"))
        headers = dict(exc.get_headers())
        for name in ("Allow", "Retry-After", "WWW-Authenticate"):
            if name in headers:
                response.headers[name] = headers[name]
        return response

    @app.errorhandler(StoreUnavailable)
    def unavailable(exc: StoreUnavailable):
        log.warning("store unavailable: %s", exc)
        response = error_response(503, "The graph database cannot be reached right now. "
                                       "Please try again in a minute; nothing you did was lost.")
        response.headers["Retry-After"] = "30"
        return response

    @app.errorhandler(AmbiguousPerson)
    def ambiguous(exc: AmbiguousPerson):
        return error_response(422, f"{exc}.", candidates=exc.candidates)

    @app.errorhandler(GoalInvalid)
    def bad_goal(exc: GoalInvalid):
        return error_response(422, "The goal is not SMART yet.", errors=exc.errors)

    for exc_type, status, text in DOMAIN_ERRORS:
        app.register_error_handler(exc_type, lambda exc, status=status, text=text: error_response(status, text(exc)))

    @app.errorhandler(StoreError)
    def store_error(exc: StoreError):
        log.error("store error: %s", exc)
        return error_response(500, str(exc))

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "The error was logged. Please try again, or tell your administrator.")
