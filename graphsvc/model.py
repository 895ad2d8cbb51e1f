"""The graph model shared by both stores: people, ties between them, and import batches.

Everything here is plain data. A store persists these records; the ranking and analytics
code reads them back. Field names follow ``shared/DESIGN.md``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from itertools import repeat
from typing import Any, Iterable

__all__ = [
    "PERSON_FIELDS",
    "PERSON_DEFAULTS",
    "TIE_TYPES",
    "UNDIRECTED_TYPES",
    "INTERACTED",
    "CHANNELS",
    "shares_interactions",
    "Tie",
    "Edge",
    "Position",
    "ImportBatch",
    "WriteSummary",
    "PersonNotFound",
    "Conflict",
    "StoreError",
    "StoreUnavailable",
    "normalise_org",
    "person_with_defaults",
    "pair_of",
    "group_edges",
    "sorted_keys",
]

#: Every property a Person node may carry, in display order.
PERSON_FIELDS = (
    "person_id", "name", "email", "title", "department", "team", "location", "level",
    "skills", "interests", "linkedin_url", "active", "open_to_intros", "max_intros_per_month", "max_mentees",
    "share_interactions",
)

#: Values a person has when no source said otherwise.
PERSON_DEFAULTS: dict[str, Any] = {
    "active": True, "open_to_intros": True, "max_intros_per_month": 4, "max_mentees": 3,
    "skills": [], "interests": [], "share_interactions": True,
}

#: Analytics written onto people by ``intrograph analyze``.
ANALYTICS_FIELDS = ("betweenness", "pagerank", "bridge_score")

#: The relationship types between people, and whether each has a direction that matters.
TIE_TYPES = ("REPORTS_TO", "WORKED_WITH", "MENTORS", "KNOWS", "INTERACTED")
UNDIRECTED_TYPES = frozenset({"WORKED_WITH", "KNOWS", "INTERACTED"})

#: Interaction evidence read from calendars and e-mail headers (``graphsvc.interactions``):
#: one tie per pair and channel, which only importers of those sources write.
INTERACTED = "INTERACTED"
CHANNELS = ("meeting", "email")


def shares_interactions(person: dict[str, Any] | None) -> bool:
    """May interaction evidence (calendars, e-mail) involving this person be kept?

    Not when they are closed to introductions or have opted out of interaction signals
    (``share_interactions``); the stores remove what they hold when either is set.
    """
    return person is not None and person.get("open_to_intros", True) is not False \
        and person.get("share_interactions", True) is not False


class StoreError(Exception):
    """A store could not do what was asked; the message is meant for the user."""


class StoreUnavailable(StoreError):
    """The store's server cannot be reached (the web layer answers 503)."""


class PersonNotFound(StoreError):
    """No person has the given id or e-mail."""

    def __init__(self, ref: str):
        super().__init__(f"no person with id or e-mail {ref!r}")
        self.ref = ref


class Conflict(ValueError):
    """A change decided on a copy that is no longer current: someone changed it meanwhile.

    Every workflow change is a compare-and-set on the version of the record it was decided
    on (see ``graphsvc.records``); of two concurrent changes one wins and the other raises
    this. Nothing was written; the user reloads and decides again (the web answers 409).
    """

    def __init__(self, what: str, now: str = ""):
        super().__init__(f"{what} changed meanwhile{f' (it is now {now})' if now else ''}: "
                         "reload it and try again")
        self.what = what


class _computed_once:
    """``functools.cached_property`` without its lock (Python 3.11 takes one per first read,
    and an import reads a million tie keys for the first time): the value computed on first
    read is kept in the instance, where later reads find it without calling anything. Two
    threads reading at once may both compute it, which gives the same value."""

    def __init__(self, compute):
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


@dataclass(frozen=True)
class Tie:
    """One piece of evidence between two people: one relationship in the graph.

    ``source``/``target`` keep the relationship's direction (person → manager, mentor →
    mentee). Undirected types are stored with ``source < target`` so that the same tie read
    from two files is the same record. ``disc`` tells apart several ties of one type between
    the same pair (two projects, a solid and a dotted reporting line).
    """

    type: str
    source: str
    target: str
    props: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def disc(self) -> str:
        p = self.props
        if self.type == "REPORTS_TO":
            return p.get("kind") or "solid"
        if self.type == "WORKED_WITH":
            return f"{p.get('kind') or 'project'}:{p.get('context') or ''}"
        if self.type == "MENTORS":
            return p.get("program") or ""
        if self.type == INTERACTED:
            return p.get("channel") or ""
        return p.get("source") or "manual"

    @_computed_once
    def key(self) -> tuple[str, str, str, str]:
        # Asked of every tie several times per import; a tie never changes once made.
        return (self.type, self.source, self.target, self.disc)

    def canonical(self) -> "Tie":
        """The same tie with undirected endpoints ordered, as stores keep it."""
        if self.type in UNDIRECTED_TYPES and self.source > self.target:
            return Tie(self.type, self.target, self.source, self.props)
        return self


@dataclass(frozen=True)
class Edge:
    """All the evidence between one pair of people, as path search sees it."""

    a: str
    b: str
    ties: tuple[Tie, ...]

    def other(self, person_id: str) -> str:
        return self.b if person_id == self.a else self.a


def pair_of(a: str, b: str) -> tuple[str, str]:
    """The sorted pair under which the ties between two people are grouped."""
    return (a, b) if a < b else (b, a)


def group_edges(ties) -> list[Edge]:
    """Ties grouped into one :class:`Edge` per pair, each edge's evidence sorted by key.

    A tie seen twice (say, read from both of its ends) counts once.
    """
    pairs: dict[tuple[str, str], dict[tuple, Tie]] = {}
    for tie in ties:
        pairs.setdefault(pair_of(tie.source, tie.target), {})[tie.key] = tie
    return [Edge(a, b, tuple(found[k] for k in sorted(found))) for (a, b), found in pairs.items()]


def sorted_keys(keys: Iterable[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Distinct keys (tuples of text, all of one length) in tuple order, ``sorted(keys)``.

    Compared as one text each, the parts joined by NUL, which sorts them alike: NUL comes
    before every other character, so a part that is a prefix of another still sorts first.
    Python compares texts several times quicker than tuples of them (an import sorts a
    million tie keys). Keys with a NUL inside a part, or a part that is not text, are
    sorted as tuples.
    """
    keys = list(keys)
    if not keys:
        return keys
    try:
        texts = list(map("\0".join, keys))
    except TypeError:  # a part that is not text
        return sorted(keys)
    if len(set(map(len, keys))) > 1 or sum(map(str.count, texts, repeat("\0"))) != (len(keys[0]) - 1) * len(keys):
        return sorted(keys)  # keys of unequal lengths, or a NUL inside a part
    by_text = dict(zip(texts, keys))
    if len(by_text) < len(keys):
        return sorted(keys)  # repeated keys
    return [by_text[text] for text in sorted(by_text)]


@dataclass(frozen=True)
class Position:
    """A ``WORKS_AT`` tie: one tenure of a person at an organisation (keyed by its start)."""

    person_id: str
    org_key: str
    props: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.person_id, self.org_key, self.props.get("since") or "")


@dataclass
class ImportBatch:
    """Validated, normalised records ready for a store's all-or-nothing upsert.

    ``people`` maps person_id to the fields a source gave (absent fields are left as stored).
    """

    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    ties: list[Tie] = field(default_factory=list)
    #: normalised organisation key → display name
    organizations: dict[str, str] = field(default_factory=dict)
    positions: list[Position] = field(default_factory=list)
    source: str = ""
    #: When set, the store derives former-colleague ties (``graphsvc.tenures``) between the
    #: people whose tenures at the organisations of ``positions`` overlap, counting a tenure
    #: without an end up to this date. It does so inside the write transaction, from the
    #: tenures stored at that moment, so two imports written at once still meet each other.
    colleagues_as_of: date | None = None

    def add_tie(self, tie: Tie) -> None:
        self.ties.append(tie.canonical())


@dataclass
class WriteSummary:
    """What an upsert did, so a re-import can show that it changed nothing."""

    nodes_created: int = 0
    nodes_updated: int = 0
    nodes_unchanged: int = 0
    relationships_created: int = 0
    relationships_updated: int = 0
    relationships_unchanged: int = 0
    #: interaction evidence removed because a person opted out (see ``shares_interactions``)
    relationships_deleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.nodes_created or self.nodes_updated or self.relationships_created
                    or self.relationships_updated or self.relationships_deleted)

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    def __add__(self, more: "WriteSummary") -> "WriteSummary":
        """What two writes did together (the batches of one import, say)."""
        return WriteSummary(**{k: v + getattr(more, k) for k, v in self.as_dict().items()})


def person_with_defaults(props: dict[str, Any]) -> dict[str, Any]:
    """A person's properties with DESIGN.md's defaults filled in."""
    out = {k: (list(v) if isinstance(v, list) else v) for k, v in PERSON_DEFAULTS.items()}
    out.update({k: v for k, v in props.items() if v is not None})
    return out


_LEGAL_SUFFIXES = {
    "inc", "incorporated", "ltd", "limited", "llc", "llp", "plc", "gmbh", "ag", "sa", "sas",
    "bv", "nv", "co", "corp", "corporation", "company", "oy", "ab", "srl", "spa", "pty", "kg",
}


def normalise_org(name: str) -> str:
    """The key under which two spellings of one organisation meet.

    >>> normalise_org("Initech, Inc.") == normalise_org("initech")
    True
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9&]+", " ", text).split()
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)
