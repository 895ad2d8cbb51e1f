"""A person's page: their profile and ties, and the network around them with its graph.

Service functions over a store, returning plain data: the web page, the API and any other
caller draw the same answer. Strengths are the stored pair weights, the ones paths use.
People and evidence are shown as the ``viewer`` may see them (:mod:`graphsvc.visibility`).
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any, Iterable

from graphsvc.mentors import mentees_of, mentors_of
from graphsvc.model import ANALYTICS_FIELDS, PersonNotFound, Tie, pair_of, person_with_defaults
from graphsvc.store import GraphStore
from graphsvc.strength import combine, evidence_kind, explain, tie_strength
from graphsvc.visibility import Viewer, person_as_seen, ties_as_seen

__all__ = ["NETWORK_DEPTHS", "NETWORK_CAP", "profile", "ties_of", "strength_of_kinds", "network_around",
           "network_view"]

#: How far a network view reaches: one or two hops (three would be most of an organisation).
NETWORK_DEPTHS = (1, 2)
#: A network view shows at most this many people: past it, graph pages grow slow to draw.
NETWORK_CAP = 150


def _brief(person: dict[str, Any]) -> dict[str, Any]:
    return {k: person.get(k) for k in ("person_id", "name", "title", "department")}


def profile(store: GraphStore, person_id: str, viewer: Viewer | None = None) -> dict[str, Any]:
    """Everything a person's page shows: ``person`` (defaults filled in), ``scores`` (the
    analytics of the last run), current ``mentors`` and ``mentees``, and ``ties``."""
    found = store.get_people([person_id]).get(person_id)
    if found is None:
        raise PersonNotFound(person_id)
    person = person_as_seen(viewer, person_with_defaults(found))
    mentors, mentees = mentors_of(store, person_id), mentees_of(store, person_id)
    related = store.get_people(mentors + mentees)
    return {"person": person, "scores": {f: person[f] for f in ANALYTICS_FIELDS if person.get(f) is not None},
            "mentors": [_brief(related[m]) for m in mentors if m in related],
            "mentees": [_brief(related[m]) for m in mentees if m in related],
            "ties": ties_of(store, person_id, viewer)}


def strength_of_kinds(ties: Iterable[Tie], as_of: date) -> dict[str, float]:
    """The strength of each kind of evidence between one pair alone (``strength.evidence_kind``)."""
    by_kind: dict[str, list[float]] = defaultdict(list)
    for t in ties:
        by_kind[evidence_kind(t)].append(tie_strength(t, as_of))
    return {kind: round(combine(strengths), 4) for kind, strengths in by_kind.items()}


def ties_of(store: GraphStore, person_id: str, viewer: Viewer | None = None) -> list[dict[str, Any]]:
    """The person's ties, strongest first: ``{person, strength, evidence, kinds}`` each, the
    evidence and its kinds (:func:`strength_of_kinds`) as the viewer may see them."""
    edges, people = store.incident_edges([person_id])
    weights = store.weighted_neighbours([person_id], [person_id]).weights.get(person_id, {})
    as_of = store.weights_as_of() or date.today()
    names = {p: props.get("name") or p for p, props in people.items()}
    ties = [{"person": person_as_seen(viewer, {"person_id": e.other(person_id), **people.get(e.other(person_id), {})}),
             "strength": weights[e.other(person_id)], "evidence": [explain(t, names) for t in seen],
             "kinds": strength_of_kinds(seen, as_of)}
            for e in edges for seen in [ties_as_seen(viewer, e.ties)]]
    return sorted(ties, key=lambda t: (-t["strength"], t["person"]["person_id"]))


def network_around(store: GraphStore, center: str, depth: int, cap: int, viewer: Viewer | None = None):
    """People within ``depth`` hops of ``center`` (strongest ties first, at most ``cap``),
    the ties among them as ``(a, b, strength, evidence)``, and whether anyone was left out."""
    kept: list[str] = [center]
    weights: dict[tuple[str, str], float] = {}
    frontier, capped = [center], False
    for _ in range(depth):
        found = store.weighted_neighbours(frontier, frontier).weights
        ranked = sorted((-w, u, v) for u, nbrs in found.items() for v, w in nbrs.items())
        for minus_w, u, v in ranked:
            weights[pair_of(u, v)] = -minus_w
        nxt: list[str] = []
        for _, u, v in ranked:
            if v in kept or v in nxt:
                continue
            if len(kept) + len(nxt) >= cap:
                capped = True
                continue
            nxt.append(v)
        kept += nxt
        frontier = nxt
    inside = set(kept)
    pairs = [p for p in weights if p[0] in inside and p[1] in inside]
    people = store.get_people(kept)
    names = {p: props.get("name") or p for p, props in people.items()}
    evidence = {(e.a, e.b): [explain(t, names) for t in ties_as_seen(viewer, e.ties)]
                for e in store.edges_between(pairs)}
    lines = [(a, b, weights[(a, b)], evidence[(a, b)]) for a, b in sorted(pairs)]
    return {p: people.get(p, {"person_id": p}) for p in kept}, lines, capped


def network_view(store: GraphStore, center: str, depth: int, cap: int = NETWORK_CAP,
                 viewer: Viewer | None = None) -> dict[str, Any]:
    """:func:`network_around` as the page and the API show it: ``people`` (as the viewer may
    see them), ``ties`` as ``{a, b, strength, evidence}``, whether the ``cap`` left anyone out."""
    if depth not in NETWORK_DEPTHS:
        raise ValueError(f"depth is one of {', '.join(map(str, NETWORK_DEPTHS))}, not {depth}")
    if not store.get_people([center]):
        raise PersonNotFound(center)
    people, lines, capped = network_around(store, center, depth, cap, viewer)
    return {"person_id": center, "depth": depth, "cap": cap, "capped": capped,
            "people": [person_as_seen(viewer, {"person_id": p, **props}) for p, props in people.items()],
            "ties": [{"a": a, "b": b, "strength": w, "evidence": evidence} for a, b, w, evidence in lines]}
