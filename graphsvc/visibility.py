"""What a viewer may see of other people's business (DESIGN.md, "people's data").

* **Introductions made through the tool.** That two people were introduced through
  intrograph is their business: the evidence ("introduced through intrograph") is shown to
  the two of them, to their current mentors and to admins. Everyone else sees an ordinary tie
  ("know each other"), or, when the pair has other evidence, only that.
* **E-mail addresses**, shown or looked up, are for admins and the person themself: anyone
  else finds people by name or id, so that an e-mail cannot be used to learn whose it is.

The rules are pure functions of a :class:`Viewer`; the questions apply them to what they
show. A viewer of ``None`` is the operator (the CLI, a script with the store), who sees all.
"""
from __future__ import annotations

from functools import cached_property
from typing import Any, Callable, Iterable

from graphsvc.mentors import mentees_of
from graphsvc.model import Tie
from graphsvc.store import GraphStore
from graphsvc.strength import evidence_kind

__all__ = ["Viewer", "viewer_of", "may_see_email", "email_search", "person_as_seen", "sees_introduction",
           "ties_as_seen"]


class Viewer:
    """Who is asking: their person (if any), whether they are an admin, and whom they mentor now.

    ``mentees`` may be a function, called the first time a rule needs them (most answers
    hold no introduction evidence, so most requests never read them).
    """

    def __init__(self, person_id: str | None, admin: bool = False,
                 mentees: Iterable[str] | Callable[[], Iterable[str]] = ()):
        self.person_id, self.admin = person_id, admin
        self._mentees = mentees

    @cached_property
    def mentees(self) -> frozenset[str]:
        return frozenset(self._mentees() if callable(self._mentees) else self._mentees)


def viewer_of(store: GraphStore, person_id: str | None, admin: bool) -> Viewer:
    """The viewer with this person and role, their current mentees read from ``store`` when needed."""
    return Viewer(person_id, admin, (lambda: mentees_of(store, person_id)) if person_id else ())


def may_see_email(viewer: Viewer | None, person_id: str) -> bool:
    """May the viewer see this person's e-mail, or find them by it? Admins and the person themself."""
    return viewer is None or viewer.admin or (viewer.person_id is not None and viewer.person_id == person_id)


def email_search(viewer: Viewer | None) -> bool | str:
    """Whose e-mails a people search by this viewer may match, as ``GraphStore.search_people``
    takes it: everyone's (``True``) for admins and the operator, else the viewer's own
    (their person_id), else nobody's."""
    if viewer is None or viewer.admin:
        return True
    return viewer.person_id or False


def person_as_seen(viewer: Viewer | None, person: dict[str, Any]) -> dict[str, Any]:
    """A person's properties as the viewer may see them: without the e-mail unless :func:`may_see_email`."""
    if may_see_email(viewer, person["person_id"]):
        return person
    return {k: v for k, v in person.items() if k != "email"}


def sees_introduction(viewer: Viewer | None, a: str, b: str) -> bool:
    """May the viewer see that ``a`` and ``b`` were introduced through the tool?"""
    if viewer is None or viewer.admin or viewer.person_id in (a, b):
        return True
    return bool(viewer.mentees & {a, b})


def ties_as_seen(viewer: Viewer | None, ties: Iterable[Tie]) -> list[Tie]:
    """The evidence between one pair as the viewer may see it, in the order given.

    An introduction the viewer may not see becomes a plain ``KNOWS`` tie with its date, or
    is left out when other evidence already says the two are tied.
    """
    def hidden(tie: Tie) -> bool:
        return evidence_kind(tie) == "introduction" and not sees_introduction(viewer, tie.source, tie.target)

    ties = list(ties)
    shown = [t for t in ties if not hidden(t)]
    if shown or not ties:
        return shown
    tie = ties[0]  # a pair holds one introduction tie at most
    return [Tie("KNOWS", tie.source, tie.target, {"since": tie.props["since"]} if tie.props.get("since") else {})]
