"""Setting how many mentees a person takes at most (``max_mentees``), as an admin does.

Imports set it in bulk (the ``max_mentees`` column of people files and org charts); this is
the one-person edit behind the admin form and the API. The value and its audit entry are
written in one transaction. What capacity means for matching and picks is said in
:mod:`graphsvc.mentors`.
"""
from __future__ import annotations

import re
from typing import Any

from graphsvc import audit, limits
from graphsvc.model import ImportBatch, PersonNotFound, person_with_defaults
from graphsvc.store import GraphStore

__all__ = ["parse_max_mentees", "set_max_mentees"]


def parse_max_mentees(value: Any) -> int:
    """``value`` (a number, or the text of a form field) as a whole number of mentee places,
    from 0 (takes no mentees) to ``limits.MENTEE_PLACES``; else ``ValueError`` naming the field."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON may write 2 as 2.0
    text = str(value).strip() if not isinstance(value, bool) else ""
    if not re.fullmatch(r"[0-9]{1,9}", text) or int(text) > limits.MENTEE_PLACES:
        raise ValueError(f"max_mentees: a whole number from 0 to {limits.MENTEE_PLACES}, not {str(value)[:20]!r}")
    return int(text)


def set_max_mentees(store: GraphStore, person_id: str, value: Any, actor: str | None = None) -> dict[str, Any]:
    """Set the person's ``max_mentees``; returns the person as stored now (defaults filled in)."""
    places = parse_max_mentees(value)
    person = store.get_people([person_id]).get(person_id)
    if person is None:
        raise PersonNotFound(person_id)
    before = person_with_defaults(person)["max_mentees"]
    store.write_records([audit.event("set_max_mentees", actor, person_id, before=before, after=places)],
                        ImportBatch(people={person_id: {"max_mentees": places}}))
    return person_with_defaults({**person, "max_mentees": places})
