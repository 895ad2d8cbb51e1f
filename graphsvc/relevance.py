"""Relevance: how well a person matches what a goal asks for, and why.

A goal's specific part (:class:`graphsvc.goals.GoalSpec`) names skills, title words,
departments, organisations, people, locations and levels. A person's **relevance** to a
spec is the mean, over the parts the spec names, of how well the person matches that part:

* skills — the share of the asked skills the person has;
* titles — 1 when every word of one of the asked titles is a word of the person's title
  ("engineering manager" matches "Senior Engineering Manager");
* departments, locations, levels, people — 1 on an exact (case-insensitive) match;
* organisations — 1 when the person works or worked there (a ``WORKS_AT`` tenure, any
  time); everyone in the org chart (people with a department) works at our own
  organisation, named by ``INTROGRAPH_ORG_NAME`` (default "our organisation").

Every match comes with its reason ("skills: Rust, Go", "formerly at Initech (2015–2019)").
The matching is pure (:func:`spec_relevance`); :func:`candidates` and :func:`relevance_of`
read from a store what it needs. Who can help, mentor matching, mentor's picks and people
to meet all rank by it.
"""
from __future__ import annotations

import os
import re
from datetime import date
from functools import lru_cache
from typing import Any, Iterable

from graphsvc.dates import parse_date, year_span
from graphsvc.goals import GoalSpec, list_goals
from graphsvc.model import normalise_org
from graphsvc.store import GraphStore

__all__ = ["DEFAULT_ORG_NAME", "own_org_name", "merge_specs", "goals_spec", "title_words",
           "store_criteria", "spec_relevance", "candidates", "relevance_of"]

DEFAULT_ORG_NAME = "our organisation"


def own_org_name() -> str:
    """The name of the organisation whose org chart is imported (``INTROGRAPH_ORG_NAME``)."""
    return os.environ.get("INTROGRAPH_ORG_NAME") or DEFAULT_ORG_NAME


def merge_specs(specs: Iterable[GoalSpec]) -> GoalSpec:
    """One spec asking for everything the given specs ask for."""
    merged: dict[str, list] = {}
    for spec in specs:
        for key, values in spec.as_dict().items():
            merged.setdefault(key, []).extend(values)
    return GoalSpec.from_dict(merged)


def goals_spec(store: GraphStore, person_id: str) -> GoalSpec:
    """Everything a person's open goals ask for, as one spec."""
    return merge_specs(GoalSpec.from_dict(g.get("spec")) for g in list_goals(store, person_id, status="open"))


def title_words(text: str | None) -> list[str]:
    """The lower-cased words of a title: ``"Sr. Data-Engineer"`` → ``["sr", "data", "engineer"]``."""
    return re.findall(r"[^\W_]+", (text or "").casefold())


def store_criteria(spec: GoalSpec, own_org: str) -> dict[str, Any]:
    """Arguments of :meth:`GraphStore.people_matching` that find a superset of the matches."""
    own = normalise_org(own_org)
    return {
        "skills": sorted({s.lower() for s in spec.skills}),
        "title_words": sorted({w for t in spec.titles for w in title_words(t)}),
        "departments": sorted({d.lower() for d in spec.departments}),
        "locations": sorted({x.lower() for x in spec.locations}),
        "levels": sorted(set(spec.levels)),
        "person_ids": sorted(spec.people),
        "members": any(normalise_org(o) == own for o in spec.organizations),
    }


def spec_relevance(spec: GoalSpec, person: dict[str, Any], positions: list[dict[str, Any]],
                   today: date, own_org: str = DEFAULT_ORG_NAME) -> tuple[float, list[str]]:
    """How well a person matches a spec, in [0, 1], and the reasons (module docstring).

    ``positions`` are the person's ``WORKS_AT`` tenures (as :meth:`GraphStore.positions_of`).

    Examples
    --------
    >>> spec = GoalSpec(skills=("Rust", "Go"), departments=("Platform",))
    >>> spec_relevance(spec, {"skills": ["go", "SQL"], "department": "platform"}, [], date(2026, 1, 1))
    (0.75, ['skills: go', 'in platform'])
    """
    parts: list[float] = []
    reasons: list[str] = []

    def part(score: float, reason: str | None) -> None:
        parts.append(score)
        if score > 0 and reason:
            reasons.append(reason)

    if spec.skills:
        wanted = _folded(spec.skills)
        have = [s for s in person.get("skills") or () if s.casefold() in wanted]
        part(len({s.casefold() for s in have}) / len(wanted), "skills: " + ", ".join(have))
    if spec.titles:
        words = set(title_words(person.get("title")))
        hit = any(title_words(t) and set(title_words(t)) <= words for t in spec.titles)
        part(1.0 if hit else 0.0, f"title: {person.get('title')}")
    for key, field, label in (("departments", "department", "in"), ("locations", "location", "based in")):
        wanted = _folded(getattr(spec, key))
        if wanted:
            value = person.get(field) or ""
            part(1.0 if value.casefold() in wanted else 0.0, f"{label} {value}")
    if spec.levels:
        part(1.0 if person.get("level") in spec.levels else 0.0, f"level {person.get('level')}")
    if spec.people:
        part(1.0 if person.get("person_id") in spec.people else 0.0, "named in the goal")
    if spec.organizations:
        part(*_org_match(spec, person, positions, today, own_org))
    return (sum(parts) / len(parts) if parts else 0.0), reasons


@lru_cache(maxsize=64)
def _folded(values: tuple[str, ...]) -> frozenset[str]:
    """The case-folded set of a spec part (asked once per person matched: cached)."""
    return frozenset(v.casefold() for v in values)


def _org_match(spec: GoalSpec, person, positions, today: date, own_org: str) -> tuple[float, str | None]:
    wanted = {normalise_org(o) for o in spec.organizations}
    if normalise_org(own_org) in wanted and person.get("department"):
        return 1.0, f"works at {own_org}"
    for w in positions:
        if w["org_key"] in wanted:
            until = parse_date(w.get("until"))
            former = until is not None and until < today
            # A tenure known only by its end shows no years in this reason.
            span = year_span(w.get("since"), until) if parse_date(w.get("since")) else ""
            when = f" ({span})" if span else ""
            return 1.0, f"{'formerly at' if former else 'works at'} {w['org_name']}{when}"
    return 0.0, None


def candidates(store: GraphStore, spec: GoalSpec, among: set[str]) -> dict[str, dict[str, Any]]:
    """A superset of the active people of ``among`` who match ``spec`` at all, with their properties.

    The store matches the person fields itself (:func:`store_criteria`); people who work or
    worked at an asked organisation come from their ``WORKS_AT`` tenures.
    """
    found = store.people_matching(**store_criteria(spec, own_org_name()), among=among)
    if spec.organizations:
        employed = {w.person_id for w in store.positions_at({normalise_org(o) for o in spec.organizations})}
        employed &= among
        found.update((p, props) for p, props in store.get_people(employed - set(found)).items()
                     if props.get("active", True) is not False)
    return found


def relevance_of(store: GraphStore, spec: GoalSpec, people: dict[str, dict[str, Any]],
                 today: date) -> dict[str, tuple[float, list[str]]]:
    """:func:`spec_relevance` of each of ``people`` that matches at all (reads positions once)."""
    positions: dict[str, list[dict[str, Any]]] = {}
    if spec.organizations:
        for w in store.positions_of(people):
            positions.setdefault(w["person_id"], []).append(w)
    own = own_org_name()
    out = {}
    for pid, props in people.items():
        score, reasons = spec_relevance(spec, {**props, "person_id": pid}, positions.get(pid, []), today, own)
        if score > 0:
            out[pid] = (score, reasons)
    return out
