"""Finding people by what someone typed: one person into a field, or a page of people searched.

An e-mail finds a person only for admins and for the person themself
(:func:`graphsvc.visibility.may_see_email`): anyone else gets the very answer a made-up
address gets, so that typing an address cannot tell whose it is. Names are how everyone
else finds people: a name matches whole, folded as search folds it (case, accents, Unicode
forms: :mod:`graphsvc.search_keys`); a name several people share is not guessed at, but
answered with the people to choose from. :func:`search_people` searches names, titles,
departments and ids, and e-mails by the same rule.
"""
from __future__ import annotations

from typing import Any

from graphsvc.model import PersonNotFound
from graphsvc.store import GraphStore
from graphsvc.visibility import Viewer, email_search, may_see_email, person_as_seen

__all__ = ["AmbiguousPerson", "find_person", "search_people"]


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


def search_people(store: GraphStore, viewer: Viewer | None, text: str = "", skill: str | None = None,
                  department: str | None = None, offset: int = 0, limit: int = 20) -> dict[str, Any]:
    """One page of the people search (:meth:`GraphStore.search_people`) as ``viewer`` may
    search and see it: e-mails matched and shown for admins and their owner only.

    ``{"people", "total", "offset", "limit"}``.
    """
    found, total = store.search_people(text, skill, department, offset, limit, emails=email_search(viewer))
    return {"people": [person_as_seen(viewer, p) for p in found], "total": total, "offset": offset, "limit": limit}
