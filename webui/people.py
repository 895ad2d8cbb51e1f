"""People: search, a person's page, their network graph, and the organisation's connectors."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for

from graphsvc.analytics import connectors as rank_connectors
from graphsvc.chart_data import strength_by_kind
from graphsvc.model import ANALYTICS_FIELDS
from graphsvc.person_network import network_around
from webui.graphs import graph_response, network_graph, render
from webui.lookups import mentee_ids, mentor_ids, person_or_404, public_person, who_asks
from webui.params import optional, search_args
from webui.questions import ties_of
from webui.security import require
from webui.storage import get_store

bp = Blueprint("people", __name__)

PAGE_SIZE = 20
#: A network graph shows at most this many people: past it, pyvis pages grow slow to draw.
NETWORK_CAP = 150


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
    ties = ties_of(person_id)
    return render_template("people/person.html", person=shown, ties=ties, kinds=strength_by_kind(ties), scores=scores,
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
    people, lines, capped = network_around(get_store(), person_id, depth, NETWORK_CAP, who_asks())
    return render_template("people/network.html", person=shown, depth=depth, size=len(people),
                           ties=len(lines), capped=capped, cap=NETWORK_CAP,
                           graph_url=url_for("people.network_graph_page", person_id=person_id, depth=depth))


@bp.route("/people/<person_id>/network/graph")
@require()
def network_graph_page(person_id: str):
    person_or_404(person_id)
    people, lines, _ = network_around(get_store(), person_id, _depth(), NETWORK_CAP, who_asks())
    return graph_response(render(network_graph(person_id, people, lines)))


@bp.route("/connectors")
@require()
def connectors():
    department = optional(request.args, "department")
    ranked = rank_connectors(get_store(), top=20, department=department)
    return render_template("people/connectors.html", connectors=ranked, department=department)
