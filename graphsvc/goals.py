"""SMART goals: what a person wants to reach, how it is measured, and by when.

* **Specific** — a :class:`GoalSpec`: the skills, titles, departments, organisations,
  people, locations or seniority levels the goal is about. "Who can help with this goal"
  searches the graph for people matching it, so at least one part must be named.
* **Measurable** — ``measure`` (text) and a numeric ``target_value`` > 0; ``current_value``
  moves through :func:`update_progress`, and ``progress = current / target`` (capped at 1).
* **Achievable**, **Relevant** — free-text notes the owner and their mentor agree on.
* **Time-bound** — ``due``, a date in the future when the goal is set.

Introductions count toward a goal (DESIGN.md: "a goal can link to its introductions and
count them toward its measure"). The rule: when the goal's measure is about introductions
(its text mentions "intro", "intros", "introduction" or "introductions"), each linked
introduction adds 1 to ``current_value`` when it is **made** — the moment the two people
have been introduced, which is what the requester asked for. Ids already counted are kept in
``counted_introductions`` so that no introduction counts twice. Goals measured otherwise
keep their linked introductions as a list only.

The rules (validation, progress, linking) are pure functions over the goal's dict; the
functions taking a ``store`` apply a rule to the goal as stored, inside one transaction under
the goal's lock, and write it together with its audit entry there: a change made meanwhile
(an introduction counted, another note) is built on, never overwritten. A caller that passes
the ``version`` it saw gets :class:`graphsvc.model.Conflict` when the goal changed since.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from datetime import date, datetime, timezone
from typing import Any, Callable

from graphsvc import audit, limits
from graphsvc.records import Record, expect_version, lock_key, new_id
from graphsvc.store import GraphStore, TransactionReads

__all__ = [
    "SPEC_KEYS", "STATUSES", "GoalSpec", "GoalInvalid", "GoalNotFound",
    "validate_goal", "counts_introductions", "with_progress", "with_introduction",
    "with_made_introduction",
    "add_goal", "get_goal", "list_goals", "update_progress", "set_status", "link_introduction",
]

STATUSES = ("open", "achieved", "dropped")

_ABOUT_INTRODUCTIONS = re.compile(r"\bintro(?:duction)?s?\b", re.IGNORECASE)


class GoalInvalid(ValueError):
    """A goal or a change to it breaks a rule; ``errors`` maps each field to what is wrong."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.errors.items()))


class GoalNotFound(LookupError):
    def __init__(self, goal_id: str):
        super().__init__(f"no goal with id {goal_id!r}")
        self.goal_id = goal_id


def _texts(values: Any) -> tuple[str, ...]:
    """Trimmed, non-empty, de-duplicated (case-insensitively, first spelling kept)."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    out: dict[str, str] = {}
    for v in values:
        text = str(v).strip()
        if text and text.casefold() not in out:
            out[text.casefold()] = text
    return tuple(out.values())


def _levels(values: Any) -> tuple[int, ...]:
    if values is None:
        return ()
    if isinstance(values, (str, int)):
        values = [values]
    out: list[int] = []
    for v in values:
        if isinstance(v, bool):
            raise GoalInvalid({"levels": f"levels are whole numbers, not {v!r}"})
        try:
            level = int(str(v).strip()) if isinstance(v, str) else int(v)
        except (TypeError, ValueError):
            raise GoalInvalid({"levels": f"levels are whole numbers, not {v!r}"}) from None
        if isinstance(v, float) and v != level:
            raise GoalInvalid({"levels": f"levels are whole numbers, not {v!r}"})
        if level not in out:
            out.append(level)
    return tuple(out)


@dataclass(frozen=True)
class GoalSpec:
    """The Specific part of a goal: what or whom it targets.

    Lists given to the constructor are normalised: strings trimmed, blanks and repeats
    (case-insensitive) dropped, levels made ints. An organisation matches current or former
    employers; ``people`` holds person_ids once a goal is stored.
    """

    skills: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    levels: tuple[int, ...] = ()

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            object.__setattr__(self, f.name, _levels(value) if f.name == "levels" else _texts(value))

    def is_empty(self) -> bool:
        return not any(getattr(self, k) for k in SPEC_KEYS)

    def as_dict(self) -> dict[str, list]:
        return {k: list(getattr(self, k)) for k in SPEC_KEYS}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "GoalSpec":
        """A spec from stored or submitted data; unknown parts are refused, missing ones empty."""
        d = d or {}
        unknown = sorted(set(d) - set(SPEC_KEYS))
        if unknown:
            raise GoalInvalid({"spec": f"unknown part(s) {unknown}; a goal targets {', '.join(SPEC_KEYS)}"})
        return cls(**{k: d.get(k) for k in SPEC_KEYS})

    def describe(self) -> str:
        """``skills: Rust, Go; organisations: Initech`` — for people, not for parsing."""
        return "; ".join(f"{_SPEC_LABELS[k]}: {', '.join(map(str, getattr(self, k)))}"
                         for k in SPEC_KEYS if getattr(self, k))


#: The parts of a spec, in the order forms and documents list them: :class:`GoalSpec`'s fields.
SPEC_KEYS = tuple(f.name for f in fields(GoalSpec))
#: How :meth:`GoalSpec.describe` names a part where its field name is not plain English.
_SPEC_LABELS = {**{k: k for k in SPEC_KEYS}, "organizations": "organisations"}


def _number(value: Any) -> float | None:
    """A finite float from a number or numeric text, else ``None``."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value.strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _due_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def validate_goal(statement: str, spec: GoalSpec, measure: str, target_value: Any, due: Any,
                  today: date, achievable: str = "", relevant: str = "") -> dict[str, str]:
    """What keeps a goal from being SMART, or a part longer than :mod:`graphsvc.limits`
    allows, by field; empty when nothing does.

    >>> validate_goal("Meet a Rust expert", GoalSpec(skills=["Rust"]), "introductions made",
    ...               3, "2030-01-31", date(2026, 1, 1))
    {}
    """
    errors: dict[str, str] = {}
    if not (statement or "").strip():
        errors["statement"] = "say in a sentence what you want to achieve"
    if spec is None or spec.is_empty():
        errors["spec"] = ("name at least one specific target: a skill, title, department, "
                          "organisation, person, location or level")
    if not (measure or "").strip():
        errors["measure"] = "say how progress is measured, e.g. 'introductions made'"
    number = _number(target_value)
    if number is None:
        errors["target_value"] = f"the target must be a number, not {target_value!r}"
    elif number <= 0:
        errors["target_value"] = "the target must be greater than 0"
    due_date = _due_date(due)
    if due_date is None:
        errors["due"] = f"the due date must be a date like {today.year + 1}-06-30, not {due!r}"
    elif due_date <= today:
        errors["due"] = "the due date must be in the future"
    texts = (("statement", statement, limits.GOAL_STATEMENT), ("measure", measure, limits.GOAL_MEASURE),
             ("achievable", achievable, limits.GOAL_REASON), ("relevant", relevant, limits.GOAL_REASON))
    for field, text, limit in texts:
        if problem := limits.too_long(text, limit):
            errors[field] = problem
    if spec is not None and (problem := limits.list_too_long(spec.as_dict(), limits.SPEC_ITEMS, limits.SPEC_ITEM)):
        errors["spec"] = problem
    return errors


def counts_introductions(goal: dict[str, Any]) -> bool:
    """Is this goal measured in introductions (see the module's rule)?"""
    return bool(_ABOUT_INTRODUCTIONS.search(goal.get("measure") or ""))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def with_progress(goal: dict[str, Any], value: Any, by: str, at: str, note: str = "") -> dict[str, Any]:
    """The goal after recording ``value`` as its current value.

    Progress is ``value / target`` capped at 1. An open goal whose value reaches the target
    becomes ``achieved``; an achieved goal whose value is corrected below the target opens
    again. A dropped goal takes no progress until it is reopened.
    """
    number = _number(value)
    if number is None or number < 0:
        raise GoalInvalid({"value": f"progress is a number of at least 0, not {value!r}"})
    if problem := limits.too_long(note, limits.PROGRESS_NOTE):
        raise GoalInvalid({"note": problem})
    if goal["status"] == "dropped":
        raise GoalInvalid({"status": "this goal was dropped; reopen it before recording progress"})
    progress = min(1.0, number / goal["target_value"])
    status = "achieved" if progress >= 1.0 else "open"
    return {**goal, "current_value": number, "progress": progress, "status": status,
            "history": [*goal["history"], {"at": at, "by": by, "value": number, "note": note}]}


def with_introduction(goal: dict[str, Any], intro_id: str) -> dict[str, Any]:
    """The goal with ``intro_id`` among its introductions (linking twice changes nothing)."""
    if intro_id in goal["introductions"]:
        return goal
    return {**goal, "introductions": [*goal["introductions"], intro_id]}


def with_made_introduction(goal: dict[str, Any], intro_id: str, by: str, at: str) -> dict[str, Any]:
    """The goal after one of its introductions was made: counted once, when the rule applies."""
    goal = with_introduction(goal, intro_id)
    counted = goal.get("counted_introductions", [])
    if not counts_introductions(goal) or intro_id in counted or goal["status"] == "dropped":
        return goal
    goal = with_progress(goal, goal["current_value"] + 1, by, at, f"introduction {intro_id} made")
    return {**goal, "counted_introductions": [*counted, intro_id]}


def add_goal(store: GraphStore, owner_ref: str, statement: str, spec: GoalSpec, measure: str,
             target_value: Any, due: Any, achievable: str = "", relevant: str = "",
             actor: str | None = None, today: date | None = None) -> dict[str, Any]:
    """Store a new goal for the person named by ``owner_ref``; :class:`GoalInvalid` if not SMART.

    People named in the spec (by id or e-mail) are stored by person_id, so the goal keeps
    pointing at them when their e-mail changes.
    """
    today = today or date.today()
    owner = store.resolve(owner_ref)
    errors = validate_goal(statement, spec, measure, target_value, due, today, achievable, relevant)
    if spec is not None and spec.people:
        found = store.resolve_many(spec.people)
        missing = [p for p in spec.people if p not in found]
        if missing:
            errors["people"] = f"no person with id or e-mail {', '.join(map(repr, missing))}"
        else:
            spec = GoalSpec.from_dict({**spec.as_dict(), "people": [found[p] for p in spec.people]})
    if errors:
        raise GoalInvalid(errors)
    goal = {
        "id": new_id("G"), "owner": owner, "statement": statement.strip(), "spec": spec.as_dict(),
        "measure": measure.strip(), "target_value": _number(target_value), "current_value": 0.0,
        "progress": 0.0, "achievable": (achievable or "").strip(), "relevant": (relevant or "").strip(),
        "due": _due_date(due).isoformat(), "status": "open", "created": _now(), "history": [],
        "introductions": [], "counted_introductions": [],
    }
    records = [Record("Goal", goal["id"], goal), audit.event("goal.add", actor or owner, goal["id"], owner=owner)]
    return store.transact(lambda reads: records).data("Goal", goal["id"])


def get_goal(store: GraphStore, goal_id: str) -> dict[str, Any]:
    goal = store.get_record("Goal", goal_id)
    if goal is None:
        raise GoalNotFound(goal_id)
    return goal


def list_goals(store: GraphStore, owner_ref: str | None = None, status: str | None = None) -> list[dict[str, Any]]:
    """Goals, soonest due first (then oldest first), of one owner and/or one status."""
    if status is not None and status not in STATUSES:
        raise GoalInvalid({"status": f"unknown status {status!r}; one of {', '.join(STATUSES)}"})
    equals = {}
    if owner_ref is not None:
        equals["owner"] = store.resolve(owner_ref)
    if status is not None:
        equals["status"] = status
    return sorted(store.find_records("Goal", **equals), key=lambda g: (g["due"], g["created"], g["id"]))


def _change(store: GraphStore, goal_id: str, version: int | None,
            change: Callable[[dict[str, Any]], tuple[dict[str, Any], Record] | None]) -> dict[str, Any]:
    """Apply ``change(goal)`` to the goal as stored now, in one transaction under its lock.

    ``change`` returns the changed goal and its audit entry, or ``None`` when there is
    nothing to change (then the goal is returned as it stands).
    """
    def work(reads: TransactionReads) -> list[Record]:
        goal = reads.get_record("Goal", goal_id)
        if goal is None:
            raise GoalNotFound(goal_id)
        expect_version(goal, version, f"goal {goal_id}")
        made = change(goal)
        return [] if made is None else [Record("Goal", goal_id, made[0]), made[1]]
    return store.transact(work, [lock_key("Goal", goal_id)]).data("Goal", goal_id) or get_goal(store, goal_id)


def update_progress(store: GraphStore, goal_id: str, value: float, note: str = "",
                    actor: str | None = None, version: int | None = None) -> dict[str, Any]:
    """Record the goal's current value (not an increment) with an optional note."""
    by = actor or audit.SYSTEM

    def change(goal: dict[str, Any]) -> tuple[dict[str, Any], Record]:
        updated = with_progress(goal, value, by, _now(), (note or "").strip())
        return updated, audit.event("goal.progress", by, goal_id, value=updated["current_value"],
                                    status=updated["status"])
    return _change(store, goal_id, version, change)


def set_status(store: GraphStore, goal_id: str, status: str, actor: str | None = None,
               version: int | None = None) -> dict[str, Any]:
    """Open, achieve or drop a goal by hand (setting the status it has changes nothing)."""
    if status not in STATUSES:
        raise GoalInvalid({"status": f"unknown status {status!r}; one of {', '.join(STATUSES)}"})

    def change(goal: dict[str, Any]) -> tuple[dict[str, Any], Record] | None:
        if goal["status"] == status:
            return None
        return {**goal, "status": status}, audit.event("goal.status", actor, goal_id, before=goal["status"],
                                                       after=status)
    return _change(store, goal_id, version, change)


def link_introduction(store: GraphStore, goal_id: str, intro_id: str, actor: str | None = None) -> dict[str, Any]:
    """Link an introduction to a goal (see the module's rule for when it counts)."""
    def change(goal: dict[str, Any]) -> tuple[dict[str, Any], Record] | None:
        updated = with_introduction(goal, intro_id)
        if updated is goal:
            return None
        return updated, audit.event("goal.link_introduction", actor, goal_id, introduction=intro_id)
    return _change(store, goal_id, None, change)
