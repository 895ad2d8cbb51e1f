"""People: search, a person's page, their network graph, and the organisation's connectors."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request, url_for

from graphsvc.analytics import connectors as rank_connectors
from graphsvc.model import ANALYTICS_FIELDS
from graphsvc.person_network import network_around
from webui.graphs import graph_response, network_graph, render
from webui.lookups import mentee_ids, mentor_ids, person_or_404, public_person, public_ties
from webui.security import require
from webui.storage import get_store

bp = Blueprint("people", __name__)

PAGE_SIZE = 20
#: A network graph shows at most this many people: past it, pyvis pages grow slow to draw.
NETWORK_CAP = 150


def search_args() -> dict[str, Any]:
    """The search form's criteria and page, shared with the API."""
    try:
        page = max(1, int(request.args.get("page", 1)))
    except ValueError:
        abort(400, "page must be a whole number")
    return {"text": request.args.get("q", "").strip(), "skill": request.args.get("skill", "").strip() or None,
            "department": request.args.get("department", "").strip() or None, "page": page}


@bp.route("/people")
@require()
def search():
    args = search_args()
    found, total = get_store().search_people(args["text"], args["skill"], args["department"],
                                             offset=(args["page"] - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    pages = max(1, -(-total // PAGE_SIZE))
    return render_template("people/search.html", people=[public_person(p) for p in found], total=total,
                           args=args, pages=pages)


@bp.route("/people/<person_id>")
@require()
def person(person_id: str):
    shown = public_person(person_or_404(person_id))
    mentors, mentees = mentor_ids(person_id), mentee_ids(person_id)
    related = get_store().get_people(mentors + mentees)
    scores = {f: shown[f] for f in ANALYTICS_FIELDS if shown.get(f) is not None}
    return render_template("people/person.html", person=shown, ties=public_ties(person_id), scores=scores,
                           mentors=[related[m] for m in mentors if m in related],
                           mentees=[related[m] for m in mentees if m in related])


def _depth() -> int:
    depth = request.args.get("depth", "1")
    if depth not in ("1", "2"):
        abort(400, "depth is 1 or 2")
    return int(depth)


@bp.route("/people/<person_id>/network")
@require()
def network(person_id: str):
    depth = _depth()
    shown = public_person(person_or_404(person_id))
    people, lines, capped = network_around(get_store(), person_id, depth, NETWORK_CAP)
    return render_template("people/network.html", person=shown, depth=depth, size=len(people),
                           ties=len(lines), capped=capped, cap=NETWORK_CAP,
                           graph_url=url_for("people.network_graph_page", person_id=person_id, depth=depth))


@bp.route("/people/<person_id>/network/graph")
@require()
def network_graph_page(person_id: str):
    person_or_404(person_id)
    people, lines, _ = network_around(get_store(), person_id, _depth(), NETWORK_CAP)
    return graph_response(render(network_graph(person_id, people, lines)))


@bp.route("/connectors")
@require()
def connectors():
    department = request.args.get("department", "").strip() or None
    ranked = rank_connectors(get_store(), top=20, department=department)
    return render_template("people/connectors.html", connectors=ranked, department=department)
