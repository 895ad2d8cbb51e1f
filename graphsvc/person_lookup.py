"""Finding the person someone typed into a field: by id, by name, or by e-mail for those allowed.

An e-mail finds a person only for admins and for the person themself
(:func:`graphsvc.visibility.may_see_email`): anyone else gets the very answer a made-up
address gets, so that typing an address cannot tell whose it is. Names are how everyone
else finds people: a name matches whole, ignoring case; a name several people share is not
guessed at, but answered with the people to choose from.
"""
from __future__ import annotations

from typing import Any

from graphsvc.model import PersonNotFound
from graphsvc.store import GraphStore
from graphsvc.visibility import Viewer, may_see_email

__all__ = ["AmbiguousPerson", "find_person"]


class AmbiguousPerson(ValueError):
    """Several people have the name given; ``candidates`` (id, name, title, department) to choose from."""

    def __init__(self, ref: str, people: list[dict[str, Any]]):
        self.ref = ref
        self.candidates = [{k: p.get(k) for k in ("person_id", "name", "title", "department")} for p in people]
        listed = "; ".join(f"{c['name']} (id {c['person_id']}"
                           + "".join(f", {c[k]}" for k in ("title", "department") if c[k]) + ")"
                           for c in self.candidates)
        super().__init__(f"{len(people)} people are named {ref!r}: {listed}. Give the id of the one you mean")


def find_person(store: GraphStore, ref: str, viewer: Viewer | None = None) -> str:
    """The person_id ``ref`` names, as ``viewer`` may look people up (``None``: the operator).

    An exact id first; then, for text with an ``@``, an e-mail (if the viewer may look it up);
    else a name. :class:`PersonNotFound` when nobody matches (or the e-mail is not the
    viewer's to look up), :class:`AmbiguousPerson` when a name matches several people.
    """
    ref = (ref or "").strip()
    if ref and store.get_people([ref]):
        return ref
    if "@" in ref:
        found = store.resolve_many([ref]).get(ref)
        if found is not None and may_see_email(viewer, found):
            return found
        raise PersonNotFound(ref)
    named = store.people_named(ref) if ref else []
    if len(named) > 1:
        raise AmbiguousPerson(ref, named)
    if not named:
        raise PersonNotFound(ref)
    return named[0]["person_id"]
