"""People: search, a person's page, their network graph, their suggested mentors, and the
organisation's connectors. Every answer comes from a :mod:`graphsvc` function that the JSON
API (:mod:`webui.api`) calls too."""
from __future__ import annotations

from flask import Blueprint, render_template, url_for

from graphsvc.analytics import connectors as rank_connectors
from graphsvc.chart_data import strength_by_kind
from graphsvc.mentors import mentor_candidates, mentor_picks
from graphsvc.person_lookup import search_people
from graphsvc.person_network import NETWORK_CAP, network_around, network_view, profile
from webui.graphs import graph_response, network_graph, render
from webui.lookups import acting_as, mentor_ids, person_or_404, public_person, who_asks
from webui.params import depth_arg, int_arg, optional_arg, search_args
from webui.security import current_user, has_role, require
from webui.storage import get_store

bp = Blueprint("people", __name__)

PAGE_SIZE = 20


@bp.route("/people")
@require()
def search():
    args = search_args()
    found = search_people(get_store(), who_asks(), args["text"], args["skill"], args["department"],
                          offset=(args["page"] - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    pages = max(1, -(-found["total"] // PAGE_SIZE))
    return render_template("people/search.html", people=found["people"], total=found["total"], args=args,
                           pages=pages)


@bp.route("/people/<person_id>")
@require()
def person(person_id: str):
    shown = profile(get_store(), person_id, who_asks())
    return render_template("people/person.html", **shown, kinds=strength_by_kind(shown["ties"]),
                           is_admin=has_role(current_user(), "admin"), picks=_picks_for(person_id))


def _picks_for(person_id: str) -> list[dict] | None:
    """The viewer's picks for this person when the viewer is their current mentor, else None."""
    user = current_user()
    me = user.get("person_id")
    if not me or not has_role(user, "mentor") or me not in mentor_ids(person_id):
        return None
    return mentor_picks(get_store(), me, person_id)


@bp.route("/people/<person_id>/network")
@require()
def network(person_id: str):
    depth = depth_arg()
    shown = network_view(get_store(), person_id, depth, NETWORK_CAP, who_asks())
    return render_template("people/network.html", person=public_person(person_or_404(person_id)), depth=depth,
                           size=len(shown["people"]), ties=len(shown["ties"]), capped=shown["capped"],
                           cap=NETWORK_CAP,
                           graph_url=url_for("people.network_graph_page", person_id=person_id, depth=depth))


@bp.route("/people/<person_id>/network/graph")
@require()
def network_graph_page(person_id: str):
    person_or_404(person_id)
    people, lines, _ = network_around(get_store(), person_id, depth_arg(), NETWORK_CAP, who_asks())
    return graph_response(render(network_graph(person_id, people, lines)))


@bp.route("/people/<person_id>/mentors")
@require()
def mentors(person_id: str):
    """Mentor matching for one mentee: the mentee themself, their mentors and admins."""
    mentee = public_person(person_or_404(person_id))
    acting_as(person_id)
    found = mentor_candidates(get_store(), person_id, k=int_arg("k", 10, 1, 50))
    return render_template("people/mentors.html", person=mentee, candidates=found)


@bp.route("/connectors")
@require()
def connectors():
    department = optional_arg("department")
    ranked = rank_connectors(get_store(), top=20, department=department)
    return render_template("people/connectors.html", connectors=ranked, department=department)
