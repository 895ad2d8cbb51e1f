"""Mentor matching and mentor's picks (DESIGN.md questions 4 and 7).

**Mentor candidates** for a mentee are active, open-to-introductions people who are more
senior (a higher ``level``; people whose level is unknown on either side are kept with a
neutral seniority score), have room for another mentee (fewer current mentees than their
``max_mentees``, :func:`capacity_of`), and are neither the mentee's
current manager nor their manager's manager (solid or dotted line; a former manager may
mentor) nor already mentoring them.
Each is scored by :data:`WEIGHTS` over five parts, all in [0, 1]:

* ``goals`` — relevance to the mentee's open goals (:func:`graphsvc.relevance.spec_relevance`);
* ``skills`` — shared skills with what the mentee has, is interested in and aims for
  (three shared skills count as full marks);
* ``seniority`` — :data:`SENIORITY`: two levels above is ideal, one or three nearly so,
  far more senior less so (distance makes for rarer, more formal conversations);
* ``capacity`` — the share of the mentor's ``max_mentees`` places still free;
* ``reach`` — how well the mentor's own ties lead toward the goals' targets: noisy-OR of
  ``tie strength × relevance`` over the mentor's direct ties who match the goals.

**Mentor's picks**: for mentor M and mentee E, M's own ties who match E's open goals and
whom E has no tie to yet, ranked by ``M's tie strength × relevance``: the colleagues M
could introduce E to today.

**Capacity** (``max_mentees``) limits the mentees a mentor *takes on*: matching never
suggests a mentor whose current mentees fill their places. Picks serve the mentees a mentor
already has, so capacity hides none of them: a mentor over capacity still gets picks for
each current mentee (network health lists them, so that an admin can rebalance), and the
colleagues picked are people to be introduced to, not mentors, so their own capacity is no
reason to leave them out.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from graphsvc.dates import parse_date
from graphsvc.relevance import goals_spec, merge_specs, own_org_name, relevance_of, store_criteria
from graphsvc.goals import GoalSpec, list_goals
from graphsvc.model import PERSON_DEFAULTS, Edge, Tie
from graphsvc.store import GraphStore, passable
from graphsvc.strength import StrengthConfig, combine, edge_strength, explain, tie_strength

__all__ = ["WEIGHTS", "SENIORITY", "NotTheirMentor", "require_mentor_of", "is_current_mentorship",
           "is_open_mentorship", "mentors_of", "mentees_of", "capacity_of", "mentee_counts", "mentor_candidates", "mentor_picks"]

WEIGHTS = {"goals": 0.35, "skills": 0.2, "reach": 0.2, "seniority": 0.15, "capacity": 0.1}
#: levels above the mentee → seniority score (more than the last key: the last value)
SENIORITY = {1: 0.8, 2: 1.0, 3: 0.9, 4: 0.6, 5: 0.4}
UNKNOWN_SENIORITY = 0.5
#: How many of the best candidates by goals, skills and seniority get their ties read for
#: capacity and reach (per mentor asked for).
SHORTLIST_FACTOR = 5
SHORTLIST_MIN = 50
_ENDED = frozenset({"completed", "ended", "inactive", "cancelled", "closed"})


def _status(props: dict[str, Any]) -> str:
    # The relationships format writes MENTORS ties without a status: those are running.
    return (props.get("status") or "active").lower()


def is_open_mentorship(props: dict[str, Any], today: date) -> bool:
    """A MENTORS tie not over yet: planned, paused or active, and its ``until`` not reached.

    It takes one of the mentor's places, and the mentee counts as having a mentor (so is
    not offered the same mentor again, nor listed by network health as without one).
    """
    until = parse_date(props.get("until"))
    return _status(props) not in _ENDED and (until is None or today < until)


def is_current_mentorship(props: dict[str, Any], today: date) -> bool:
    """A mentorship that gives the mentor rights over the mentee today (their goals, paths
    and introductions on their behalf): status ``active`` (none given counts as active) and
    ``since <= today < until``.

    ``since`` is the first day of the mentorship and ``until`` the first day without it,
    like the ``until`` an org chart import gives a line it ends. A ``planned`` mentorship,
    one not started yet, a ``paused`` one and one that has ended give no rights.
    """
    since, until = parse_date(props.get("since")), parse_date(props.get("until"))
    return _status(props) == "active" and (since is None or since <= today) and (until is None or today < until)


def _current_mentorships(store: GraphStore, person_id: str, today: date | None) -> list[Tie]:
    today = today or date.today()
    edges, _ = store.incident_edges([person_id])
    return [t for e in edges for t in e.ties if t.type == "MENTORS" and is_current_mentorship(t.props, today)]


def mentors_of(store: GraphStore, mentee_id: str, today: date | None = None) -> list[str]:
    """The person's current mentors, sorted."""
    return sorted({t.source for t in _current_mentorships(store, mentee_id, today) if t.target == mentee_id})


def mentees_of(store: GraphStore, mentor_id: str, today: date | None = None) -> list[str]:
    """The person's current mentees, sorted."""
    return sorted({t.target for t in _current_mentorships(store, mentor_id, today) if t.source == mentor_id})


class NotTheirMentor(ValueError):
    """Someone acting as a mentor for a person who is not their current mentee (403 on the web)."""


def require_mentor_of(store: GraphStore, mentor_id: str, mentee_id: str, today: date | None = None) -> None:
    """Raise :class:`NotTheirMentor` unless ``mentor_id`` mentors ``mentee_id`` today.

    Only a current mentorship (:func:`is_current_mentorship`) gives the right to act for a
    mentee: a planned or paused one, one that ended, or another mentor's mentee does not.
    """
    if mentee_id not in mentees_of(store, mentor_id, today):
        raise NotTheirMentor(f"{mentor_id} is not the current mentor of {mentee_id}: a mentor acts only for "
                             "their own current mentees")


def capacity_of(person: dict[str, Any]) -> int:
    """How many current mentees the person takes at most: their ``max_mentees``, else the default."""
    value = person.get("max_mentees")
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    return value if ok else PERSON_DEFAULTS["max_mentees"]


def mentee_counts(edges: Iterable[Edge], today: date) -> dict[str, int]:
    """How many places each mentor among these ties has taken (mentors without any left out):
    every mentorship not over yet, a planned one too (:func:`is_open_mentorship`)."""
    counts: dict[str, int] = {}
    for e in edges:
        for t in e.ties:
            if t.type == "MENTORS" and is_open_mentorship(t.props, today):
                counts[t.source] = counts.get(t.source, 0) + 1
    return counts


def _ties_of(store: GraphStore, person_ids: list[str]) -> list[Edge]:
    """Every tie of these people, even those who are not passable themselves."""
    return store.incident_edges(person_ids)[0] if person_ids else []


def _managers(edges: list[Edge], people: set[str], today: date) -> set[str]:
    """Current managers (solid or dotted line) of these people; a line that ended is no conflict."""
    return {t.target for e in edges for t in e.ties if t.type == "REPORTS_TO" and t.source in people
            and (parse_date(t.props.get("until")) or today) >= today}


def _excluded(store: GraphStore, mentee: str, today: date) -> dict[str, str]:
    """person_id → why they cannot be the mentee's new mentor."""
    own = _ties_of(store, [mentee])
    managers = _managers(own, {mentee}, today)
    skips = _managers(_ties_of(store, sorted(managers)), managers, today) - managers - {mentee}
    out = {m: "your manager's manager" for m in skips}
    out.update({m: "your manager" for m in managers})
    out.update({t.source: "already your mentor" for e in own for t in e.ties
                if t.type == "MENTORS" and t.target == mentee and is_open_mentorship(t.props, today)})
    return out


def _seniority(mentor_level, mentee_level) -> float | None:
    """Score of the level gap; None when the mentor is not more senior."""
    if not isinstance(mentor_level, int) or not isinstance(mentee_level, int):
        return UNKNOWN_SENIORITY
    gap = mentor_level - mentee_level
    if gap < 1:
        return None
    return SENIORITY.get(gap, SENIORITY[max(SENIORITY)])


def _shared_skills(mentor: dict[str, Any], wanted: set[str]) -> list[str]:
    return [s for s in mentor.get("skills") or () if s.casefold() in wanted]


def mentor_candidates(store: GraphStore, mentee_ref: str, k: int = 10, today: date | None = None,
                      config: StrengthConfig | None = None) -> list[dict[str, Any]]:
    """The best mentors for a mentee, each with its score, the parts of it and the reasons."""
    if k < 1:
        raise ValueError("k must be at least 1")
    today = today or date.today()
    mentee = store.resolve(mentee_ref)
    me = store.get_people([mentee])[mentee]
    goal_spec = goals_spec(store, mentee)
    wanted = {s.casefold() for s in (*(me.get("skills") or ()), *(me.get("interests") or ()), *goal_spec.skills)}
    search = merge_specs([goal_spec, GoalSpec(skills=tuple(wanted),
                                              departments=(me.get("department"),) if me.get("department") else ())])
    excluded = _excluded(store, mentee, today)
    pool = {p: props for p, props in store.people_matching(**store_criteria(search, own_org_name())).items()
            if p != mentee and p not in excluded and passable(props)
            and _seniority(props.get("level"), me.get("level")) is not None}
    goal_match = relevance_of(store, goal_spec, pool, today) if not goal_spec.is_empty() else {}

    parts: dict[str, dict[str, float]] = {}
    for p, props in pool.items():
        shared = _shared_skills(props, wanted)
        parts[p] = {"goals": goal_match.get(p, (0.0, []))[0],
                    "skills": min(1.0, len(shared) / 3) if wanted else 0.0,
                    "seniority": _seniority(props.get("level"), me.get("level"))}
    prelim = sorted(parts, key=lambda p: (-sum(WEIGHTS[x] * v for x, v in parts[p].items()), p))
    shortlist = prelim[:max(SHORTLIST_MIN, SHORTLIST_FACTOR * k)]

    edges, neighbours = store.incident_edges(shortlist)
    as_of = store.weights_as_of() or today  # tie strengths as the stored pair weights have them
    load = mentee_counts(edges, today)
    reach_match = relevance_of(store, goal_spec, {p: v for p, v in neighbours.items()
                                                  if p != mentee and passable(v)}, today) \
        if not goal_spec.is_empty() else {}
    contacts: dict[str, list[tuple[float, str]]] = {p: [] for p in shortlist}
    for e in edges:
        s = edge_strength(e, as_of, config)
        for m, other in ((e.a, e.b), (e.b, e.a)):
            if m in contacts and other in reach_match:
                contacts[m].append((s * reach_match[other][0], other))

    out = []
    for p in shortlist:
        places, taken = capacity_of(pool[p]), load.get(p, 0)
        if taken >= places:
            continue
        parts[p].update(capacity=(places - taken) / places, reach=combine(value for value, _ in contacts[p]))
        score = sum(WEIGHTS[x] * v for x, v in parts[p].items())
        out.append(_candidate(p, pool[p], me, parts[p], score, goal_match.get(p), wanted,
                              sorted(contacts[p], key=lambda c: (-c[0], c[1])), neighbours, taken, places))
    out.sort(key=lambda c: (-c["score"], c["person_id"]))
    return out[:k]


def _candidate(p, props, me, parts, score, goal_match, wanted, contacts, people, load, max_mentees) -> dict:
    reasons = []
    if goal_match:
        reasons.append("matches your goals: " + "; ".join(goal_match[1]))
    shared = _shared_skills(props, wanted)
    if shared:
        reasons.append("shares skills: " + ", ".join(shared))
    if isinstance(props.get("level"), int) and isinstance(me.get("level"), int):
        gap = props["level"] - me["level"]
        reasons.append(f"{gap} level{'s' if gap > 1 else ''} more senior (level {props['level']})")
    reasons.append(f"mentoring {load} of {max_mentees}")
    if contacts:
        named = ", ".join(people[c].get("name") or c for _, c in contacts[:3])
        reasons.append(f"knows {len(contacts)} {'people' if len(contacts) > 1 else 'person'} "
                       f"matching your goals: {named}")
    return {"person_id": p, "name": props.get("name") or p, "title": props.get("title"),
            "department": props.get("department"), "level": props.get("level"), "score": score,
            "parts": parts, "reasons": reasons}


def mentor_picks(store: GraphStore, mentor_ref: str, mentee_ref: str, k: int = 10, today: date | None = None,
                 config: StrengthConfig | None = None) -> list[dict[str, Any]]:
    """The mentor's own ties who match the mentee's open goals and whom the mentee does not know yet.

    Ranked by the mentor's tie strength × relevance, each with the reasons it matches, the
    evidence of the mentor's tie (how they know each other, with dates) and the mentee's open
    goals it serves (``goals``: id and statement, best match first), which an introduction
    the mentor makes of this pick links to.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    today = today or date.today()
    mentor, mentee = store.resolve(mentor_ref), store.resolve(mentee_ref)
    if mentor == mentee:
        raise ValueError("mentor and mentee name the same person")
    open_goals = list_goals(store, mentee, status="open")
    spec = merge_specs(GoalSpec.from_dict(g.get("spec")) for g in open_goals)
    if spec.is_empty():
        return []
    edges, people = store.incident_edges([mentor, mentee])
    as_of = store.weights_as_of() or today  # tie strengths as the stored pair weights have them
    known = {e.other(mentee) for e in edges if mentee in (e.a, e.b)} | {mentee}
    mine = {e.other(mentor): e for e in edges if mentor in (e.a, e.b) and e.other(mentor) not in known}
    matches = relevance_of(store, spec, {p: people[p] for p in mine if passable(people.get(p))}, today)
    names = {p: v.get("name") or p for p, v in people.items()}
    served = _goals_served(store, open_goals, {p: people[p] for p in matches}, today)
    ranked = []
    for p, (relevance, reasons) in matches.items():
        e = mine[p]
        strength = edge_strength(e, as_of, config)
        ties = sorted(e.ties, key=lambda t: (-tie_strength(t, as_of, config), t.key))
        ranked.append({"person_id": p, "name": names[p], "title": people[p].get("title"),
                       "department": people[p].get("department"), "strength": strength,
                       "relevance": relevance, "score": strength * relevance, "reasons": reasons,
                       "evidence": [explain(t, names) for t in ties], "goals": served.get(p, [])})
    ranked.sort(key=lambda r: (-r["score"], r["person_id"]))
    return ranked[:k]


def _goals_served(store: GraphStore, open_goals: list[dict[str, Any]], people: dict[str, dict[str, Any]],
                  today: date) -> dict[str, list[dict[str, str]]]:
    """person_id → the goals (id, statement) each person matches, best match first."""
    scored: dict[str, list[tuple[float, dict[str, Any]]]] = {}
    for goal in open_goals:
        spec = GoalSpec.from_dict(goal.get("spec"))
        if people and not spec.is_empty():
            for p, (score, _) in relevance_of(store, spec, people, today).items():
                scored.setdefault(p, []).append((score, goal))
    return {p: [{"id": g["id"], "statement": g["statement"]}
                for _, g in sorted(found, key=lambda pair: (-pair[0], pair[1]["id"]))]
            for p, found in scored.items()}
